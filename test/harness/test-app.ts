import { ModuleMetadata } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { ExpressPrototypesAdapter } from '../../src/common/request/express-prototypes.adapter';
import { Store } from '../../src/common/store/store.port';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import Redis from 'ioredis';
import { testEnv, testRedisUrl } from './test-env';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  store: Store;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  /** Extra modules, e.g. a probe controller that exercises a global mechanism. */
  imports?: ModuleMetadata['imports'];
  /** Truncate every table after start (default true): each test file starts from empty tables. */
  clean?: boolean;
  /** Providers to replace, e.g. a clock the test steps forward: [token, instance]. */
  overrides?: [token: unknown, value: unknown][];
  /** What no variable sets, e.g. a cluster's address map onto the fault proxies. */
  adjustConfig?: (config: AppConfig) => AppConfig;
}

/** Boots the real AppModule through the same configureApp as main.ts (STYLE.md 13). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const loaded = loadConfig(testEnv(options.env));
  const config = options.adjustConfig ? Object.freeze(options.adjustConfig(loaded)) : loaded;
  // Only the suite's own Redis database is emptied; a test pointing REDIS_URL elsewhere (a proxy) keeps it.
  const redis = config.redis;
  if (options.clean !== false && redis?.kind === 'single' && redis.url === testRedisUrl()) await flushRedis(redis.url);
  const builder = Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] })
    .overrideProvider(AppConfig)
    .useValue(config);
  for (const [token, value] of options.overrides ?? []) builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new ExpressPrototypesAdapter(), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app);
  await app.init();
  const dataSource = app.get(DataSource);
  if (options.clean !== false) await truncateAll(dataSource);
  return { app, config, dataSource, store: app.get(Store), close: () => app.close() };
}

export async function truncateAll(dataSource: DataSource): Promise<void> {
  const tables: { tablename: string }[] = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (tables.length) await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
}

/** The test Redis database is the suite's own (TEST_REDIS_URL names a database number): empty it. */
export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  await redis.quit();
}
