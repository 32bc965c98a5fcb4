import { Client } from 'pg';
import { testDatabaseUrl } from './test-env';

/** Creates the test database on the real PostgreSQL when it is missing (CI starts from a bare server). */
export default async function globalSetup(): Promise<void> {
  const url = testDatabaseUrl();
  if (!url) return;
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
