import { OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The reports connection's name, as PostgreSQL shows it (pg_stat_activity.application_name). */
export const REPORTS_CONNECTION = 'hokusai-reports';

/**
 * Where stats, billing and aggregate read (ARCHITECTURE.md "Scaling past one machine": primary plus read replica for
 * reports). With REPORTS_DATABASE_URL, a second, named connection to the replica, read-only at the session level so
 * a write sent here by mistake fails instead of landing on a replica; without it, the primary's own connection.
 * Every write and the debit's month check use the primary's DataSource and never this one. The replica is opened
 * on first use, so a replica that is down costs reports (503), never the start of the service or validation.
 */
export class ReportsDatabase implements OnApplicationShutdown {
  private opening?: Promise<DataSource>;

  private constructor(
    private readonly source: DataSource,
    /** True when this connection is ours to open and close (the replica), false when it is the primary's. */
    private readonly own: boolean,
  ) {}

  static primary(primary: DataSource): ReportsDatabase {
    return new ReportsDatabase(primary, false);
  }

  static replica(url: string): ReportsDatabase {
    const source = new DataSource({
      type: 'postgres',
      url,
      applicationName: REPORTS_CONNECTION,
      entities: [],
      synchronize: false,
      migrationsRun: false,
      poolSize: 10,
      connectTimeoutMS: 3000,
      extra: { max: 10, options: '-c default_transaction_read_only=on' },
    });
    return new ReportsDatabase(source, true);
  }

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[]): Promise<T[]> {
    return (await this.connected()).query(sql, parameters);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.own && this.source.isInitialized) await this.source.destroy();
  }

  private connected(): Promise<DataSource> {
    if (!this.own || this.source.isInitialized) return Promise.resolve(this.source);
    this.opening ??= this.source.initialize().catch((err: unknown) => {
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }
}
