import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { SerialPGlitePool } from './serial-pglite-pool';

export interface DatabaseSettings {
  databaseUrl: string | undefined;
  /** DATA_DIR; `memory://` keeps the embedded database in memory (tests, throwaway runs). */
  dataDir: string;
}

const MIGRATIONS = [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')];

/** The one factory of database options: PostgreSQL through pg when DATABASE_URL is set, else embedded PGlite. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [join(__dirname, '..', '**', '*.entity.{js,ts}')],
  };
  if (settings.databaseUrl) {
    return { ...common, url: settings.databaseUrl, poolSize: 20, connectTimeoutMS: 3000, extra: { max: 20 } };
  }
  return { ...common, driver: embeddedDriver(settings), installExtensions: false, poolSize: 1 };
}

function embeddedDriver(settings: DatabaseSettings): unknown {
  const inMemory = settings.dataDir.startsWith('memory://');
  const dataDir = inMemory ? 'memory://' : resolve(settings.dataDir, 'pglite');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  new PGliteDriver({ dataDir });
  return { Pool: SerialPGlitePool };
}
