import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source.options';
import { EmbeddedDataDirGuard } from './embedded-data-dir.guard';

/** PostgreSQL (DATABASE_URL) or embedded PGlite; migrations run at start, never synchronize (STYLE.md 14). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
        migrationsRun: true,
        autoLoadEntities: true,
        retryAttempts: config.nodeEnv === 'test' ? 0 : 5,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [EmbeddedDataDirGuard],
})
export class DatabaseModule {}
