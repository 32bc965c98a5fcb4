import { loadConfig } from './load-config';

const TOKEN = 'a'.repeat(32);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const sut = loadConfig({ ADMIN_TOKEN: TOKEN, DATA_DIR: 'memory://' });
    expect(sut).toEqual(
      expect.objectContaining({
        nodeEnv: 'development',
        port: 8000,
        adminTokens: [TOKEN],
        databaseUrl: undefined,
        redis: undefined,
        reportsDatabaseUrl: undefined,
        bcryptRounds: 12,
        keyCacheTtlSeconds: 300,
        rotationGraceHours: 0,
        trustProxy: false,
        logLevel: 'info',
        usageAuth: 'open',
        usageToken: undefined,
        corsOrigins: [],
      }),
    );
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('reads every variable and accepts the previous admin token', () => {
    const sut = loadConfig({
      NODE_ENV: 'production',
      PORT: '9000',
      ADMIN_TOKEN: TOKEN,
      ADMIN_TOKEN_PREVIOUS: 'b'.repeat(32),
      DATABASE_URL: 'postgres://u@h/db',
      REDIS_URL: 'redis://h:6379',
      BCRYPT_ROUNDS: '11',
      KEY_CACHE_TTL_SECONDS: '60',
      ROTATION_GRACE_HOURS: '24',
      TRUST_PROXY: '2',
      LOG_LEVEL: 'warn',
      USAGE_AUTH: 'open',
      USAGE_TOKEN: 'u'.repeat(32),
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(sut).toEqual(
      expect.objectContaining({
        nodeEnv: 'production',
        port: 9000,
        adminTokens: [TOKEN, 'b'.repeat(32)],
        databaseUrl: 'postgres://u@h/db',
        redis: { kind: 'single', url: 'redis://h:6379' },
        bcryptRounds: 11,
        keyCacheTtlSeconds: 60,
        rotationGraceHours: 24,
        trustProxy: 2,
        logLevel: 'warn',
        usageAuth: 'open',
        usageToken: 'u'.repeat(32),
        corsOrigins: ['https://a.example', 'https://b.example'],
      }),
    );
  });

  it('reads a cluster, a Sentinel set and a reports replica', () => {
    const base = { ADMIN_TOKEN: TOKEN, DATA_DIR: 'memory://' };
    expect(loadConfig({ ...base, REDIS_CLUSTER_NODES: 'r1:7000, r2:7001,[::1]:7002' }).redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'r1', port: 7000 },
        { host: 'r2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(loadConfig({ ...base, REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'hokusai' }).redis).toEqual(
      {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
        ],
        name: 'hokusai',
      },
    );
    const reports = loadConfig({ ...base, DATABASE_URL: 'postgres://p/db', REPORTS_DATABASE_URL: 'postgres://r/db' });
    expect(reports.reportsDatabaseUrl).toBe('postgres://r/db');
  });

  it('defaults USAGE_AUTH to token in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: TOKEN }).usageAuth).toBe('token');
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'ADMIN_TOKEN must be set and at least 32 characters in production'],
    // Under the schema's 16-character floor too: the production rule is the one to name.
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: 'short' },
      'ADMIN_TOKEN must be set and at least 32 characters in production',
    ],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: 'short-but-sixteen!' },
      'ADMIN_TOKEN must be set and at least 32 characters in production',
    ],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: TOKEN, BCRYPT_ROUNDS: '8' },
      'BCRYPT_ROUNDS must be at least 10 in production',
    ],
    [{ ADMIN_TOKEN: TOKEN, PORT: 'eighty' }, 'PORT must be an integer number'],
    [{ ADMIN_TOKEN: TOKEN, BCRYPT_ROUNDS: '99' }, 'BCRYPT_ROUNDS must not be greater than 15'],
    [{ ADMIN_TOKEN: TOKEN, ROTATION_GRACE_HOURS: '169' }, 'ROTATION_GRACE_HOURS must not be greater than 168'],
    [
      { ADMIN_TOKEN: TOKEN, TRUST_PROXY: 'true' },
      'TRUST_PROXY must be a hop count or a list of proxy CIDRs; true (trust every hop) lets any caller choose its address',
    ],
    [
      { ADMIN_TOKEN: TOKEN, TRUST_PROXY: 'maybe' },
      'TRUST_PROXY entry 1 is not a hop count, an IP address, a CIDR block or loopback/linklocal/uniquelocal',
    ],
    [{ ADMIN_TOKEN: TOKEN, USAGE_AUTH: 'sometimes' }, 'USAGE_AUTH must be one of the following values: open, token'],
    [{ ADMIN_TOKEN: TOKEN, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// URL'],
    // Issue 16 item 11: the other tokens are as powerful as ADMIN_TOKEN, and whitespace can never authenticate.
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: TOKEN, ADMIN_TOKEN_PREVIOUS: 'p'.repeat(31) },
      'ADMIN_TOKEN_PREVIOUS must be at least 32 characters in production',
    ],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: TOKEN, USAGE_TOKEN: 'u'.repeat(31) },
      'USAGE_TOKEN must be at least 32 characters in production',
    ],
    [{ ADMIN_TOKEN: `${TOKEN}\n` }, 'ADMIN_TOKEN must not contain whitespace (a trailing newline from a secret file?)'],
    [{ ADMIN_TOKEN: ' '.repeat(32) }, 'ADMIN_TOKEN must not contain whitespace'],
    [{ ADMIN_TOKEN: TOKEN, ADMIN_TOKEN_PREVIOUS: `prev ${TOKEN}` }, 'ADMIN_TOKEN_PREVIOUS must not contain whitespace'],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: TOKEN, USAGE_TOKEN: `${'u'.repeat(32)}\r\n` },
      'USAGE_TOKEN must not contain whitespace',
    ],
    [
      { ADMIN_TOKEN: TOKEN, REPORTS_DATABASE_URL: 'postgres://r/db' },
      'REPORTS_DATABASE_URL needs DATABASE_URL (the embedded database has no read replica)',
    ],
    [
      { ADMIN_TOKEN: TOKEN, REDIS_URL: 'redis://h', REDIS_CLUSTER_NODES: 'a:7000' },
      'REDIS_URL and REDIS_CLUSTER_NODES are both set: choose one Redis topology',
    ],
    [
      { ADMIN_TOKEN: TOKEN, REDIS_CLUSTER_NODES: 'a:7000', REDIS_SENTINELS: 's:26379' },
      'REDIS_CLUSTER_NODES and REDIS_SENTINELS are both set',
    ],
    [
      { ADMIN_TOKEN: TOKEN, REDIS_CLUSTER_NODES: 'a:7000,b' },
      'REDIS_CLUSTER_NODES must be a comma-separated list of host:port',
    ],
    [{ ADMIN_TOKEN: TOKEN, REDIS_SENTINELS: 's:26379' }, 'REDIS_SENTINEL_NAME must be set when REDIS_SENTINELS is'],
    [{ ADMIN_TOKEN: TOKEN, REDIS_SENTINEL_NAME: 'mymaster' }, 'REDIS_SENTINEL_NAME is set without REDIS_SENTINELS'],
    [
      { ADMIN_TOKEN: TOKEN, NODE_ENV: 'staging' },
      'NODE_ENV must be one of the following values: production, development, test',
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: 'memory://', ...env })).toThrow(message);
  });

  it('never echoes a secret value in its error', () => {
    const secret = 'tiny-secret';
    let message = '';
    try {
      loadConfig({ ADMIN_TOKEN: secret });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^ADMIN_TOKEN /);
    expect(message).not.toContain(secret);
  });

  it('generates an admin token outside production when none is set', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sut = loadConfig({ DATA_DIR: 'memory://' });
    expect(sut.adminTokens[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(write).toHaveBeenCalledWith(expect.stringContaining(sut.adminTokens[0]));
    write.mockRestore();
  });
});
