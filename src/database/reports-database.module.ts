import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ReportsDatabase } from './reports-database';

/** The reports connection: the read replica named by REPORTS_DATABASE_URL, else the primary. */
@Module({
  providers: [
    {
      provide: ReportsDatabase,
      inject: [AppConfig, DataSource],
      useFactory: (config: AppConfig, primary: DataSource) =>
        config.reportsDatabaseUrl
          ? ReportsDatabase.replica(config.reportsDatabaseUrl)
          : ReportsDatabase.primary(primary),
    },
  ],
  exports: [ReportsDatabase],
})
export class ReportsDatabaseModule {}
