import { ensureDatabase } from './ensure-database';
import { testDatabaseUrl } from './test-env';

/** Creates the test database on the real PostgreSQL when it is missing (CI starts from a bare server). */
export default async function globalSetup(): Promise<void> {
  const url = testDatabaseUrl();
  if (url) await ensureDatabase(url);
}
