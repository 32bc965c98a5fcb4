import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { REPORTS_CONNECTION, ReportsDatabase } from '../src/database/reports-database';
import { ensureDatabase } from './harness/ensure-database';
import { createTestApp, TestApp, truncateAll } from './harness/test-app';
import { testDatabaseUrl } from './harness/test-env';
import { ADMIN, createKeyViaApi } from './harness/validation-kit';

/*
 * REPORTS_DATABASE_URL (ARCHITECTURE.md "Scaling past one machine"): stats, billing and aggregate read from the
 * replica; every write and the debit's month check stay on the primary. The "replica" here is a second database on
 * the same server, migrated and filled by the test, so which connection answered is plain in the numbers: the
 * primary and the replica hold different data until the test copies the rows over, as replication would.
 */
const primaryUrl = testDatabaseUrl();

function replicaUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname}_reports`;
  return u.toString();
}

async function createReplicaDatabase(url: string): Promise<DataSource> {
  await ensureDatabase(url);
  const replica = await new DataSource(dataSourceOptions({ databaseUrl: url, dataDir: 'memory://' })).initialize();
  await replica.runMigrations();
  await truncateAll(replica);
  return replica;
}

// A read replica is a PostgreSQL feature: the embedded database has none (REPORTS_DATABASE_URL needs DATABASE_URL).
if (primaryUrl)
  describe('reports from a read replica (REPORTS_DATABASE_URL)', () => {
    const reportsUrl = replicaUrl(primaryUrl);
    let replica: DataSource;
    let sut: TestApp;
    const http = () => request(sut.app.getHttpServer());
    const event = (predictions: number) => ({
      service_id: 'platform',
      endpoint: '/predict',
      status_code: 200,
      response_time_ms: 10,
      predictions_count: predictions,
    });

    beforeAll(async () => {
      replica = await createReplicaDatabase(reportsUrl);
      sut = await createTestApp({ env: { REPORTS_DATABASE_URL: reportsUrl } });
    });
    afterAll(async () => {
      await sut?.close();
      await replica?.destroy();
    });

    it('stats, billing and aggregate answer from the replica; writes and the debit month check use the primary', async () => {
      const key = await createKeyViaApi(sut, { billing_plan: 'free', monthly_prediction_limit: 7 });
      for (let i = 0; i < 3; i++) await http().post(`/api/v1/usage/${key.key_id}`).send(event(2)).expect(200);

      // The primary holds 3 events and 6 predictions; the replica has not caught up: the reports say so.
      const stats = await http().get(`/api/v1/usage/${key.key_id}/stats`).set(ADMIN).expect(200);
      expect(stats.body).toEqual(expect.objectContaining({ total_requests: 0, total_predictions: 0 }));
      const bill = await http().get(`/api/v1/usage/${key.key_id}/billing`).set(ADMIN).expect(200);
      expect(bill.body.current_usage).toEqual({ requests: 0, predictions: 0, compute_ms: 0 });
      expect((await http().get('/api/v1/usage/aggregate').set(ADMIN).expect(200)).body.usage_by_date).toEqual({});
      // The month check counts the primary's 6: 6 + 2 > 7 is refused, though the replica still reads 0.
      const refused = await http()
        .post(`/api/v1/usage/${key.key_id}/debit`)
        .send({ ...event(2), status_code: 0 })
        .expect(402);
      expect(refused.body.detail.error).toBe('monthly_limit_exceeded');
      await http()
        .post(`/api/v1/usage/${key.key_id}/debit`)
        .send({ ...event(1), status_code: 0 })
        .expect(200);

      await replicate(sut.dataSource, replica, key.key_id);
      const caughtUp = await http().get(`/api/v1/usage/${key.key_id}/stats`).set(ADMIN).expect(200);
      expect(caughtUp.body).toEqual(expect.objectContaining({ total_requests: 4, total_predictions: 7 }));
      const billed = await http().get(`/api/v1/usage/${key.key_id}/billing`).set(ADMIN).expect(200);
      expect(billed.body.current_usage).toEqual({ requests: 4, predictions: 7, compute_ms: 0 });
      const aggregate = await http().get('/api/v1/usage/aggregate').set(ADMIN).expect(200);
      expect(Object.values(aggregate.body.usage_by_date)).toEqual([
        { platform: expect.objectContaining({ requests: 4, predictions: 7 }) },
      ]);
    });

    it('the reports connection is a named, read-only session on the replica', async () => {
      await http().get('/api/v1/usage/aggregate').set(ADMIN).expect(200);
      const sessions: { datname: string }[] = await replica.query(
        'SELECT datname FROM pg_stat_activity WHERE application_name = $1',
        [REPORTS_CONNECTION],
      );
      expect(sessions.length).toBeGreaterThan(0);
      expect(new Set(sessions.map((s) => s.datname))).toEqual(new Set([new URL(reportsUrl).pathname.slice(1)]));
      const reports = sut.app.get(ReportsDatabase);
      await expect(reports.query('DELETE FROM usage_monthly', [])).rejects.toMatchObject({ code: '25006' });
    });
  });

/** What streaming replication would do for one key: its row, its events and rollups, copied from the primary. */
async function replicate(primary: DataSource, replica: DataSource, keyId: string): Promise<void> {
  for (const table of ['api_keys', 'usage_events', 'usage_hourly', 'usage_monthly']) {
    const column = table === 'api_keys' ? 'id' : 'key_id';
    const rows: Record<string, unknown>[] = await primary.query(`SELECT * FROM ${table} WHERE ${column} = $1`, [keyId]);
    for (const row of rows) {
      const names = Object.keys(row);
      const values = names.map((_, i) => `$${i + 1}`).join(', ');
      await replica.query(
        `INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')}) OVERRIDING SYSTEM VALUE VALUES (${values})`,
        Object.values(row),
      );
    }
  }
}
