/**
 * Where the e2e suite runs: the real PostgreSQL and Redis named by TEST_DATABASE_URL / TEST_REDIS_URL, or the
 * embedded PGlite (in memory) and the memory store when they are unset, so `npm test` passes anywhere.
 */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';
export const TEST_PREVIOUS_ADMIN_TOKEN = 'test-previous-token-0123456789abcdef012345';

export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL || undefined;
  if (url && !/test/i.test(new URL(url).pathname)) {
    throw new Error('TEST_DATABASE_URL must name a database whose name contains "test"; refusing to touch it');
  }
  return url;
}

export function testRedisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL || undefined;
}

/** The environment a test app boots with; a test may override any variable. */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ADMIN_TOKEN_PREVIOUS: TEST_PREVIOUS_ADMIN_TOKEN,
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    DATA_DIR: 'memory://',
    BCRYPT_ROUNDS: '4',
    ...overrides,
  };
}
