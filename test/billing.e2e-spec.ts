import request from 'supertest';
import { DebitService } from '../src/billing/debit.service';
import { MetricsService } from '../src/common/metrics/metrics.service';
import { KnownKeysService } from '../src/usage/known-keys.service';
import { UsageIngestService } from '../src/usage/ingest/usage-ingest.service';
import { UsageStatsService } from '../src/usage/reports/usage-stats.service';
import { UsageFacade } from '../src/usage/usage.facade';
import { UsageBatchCommitter } from '../src/usage/ingest/usage-batch-committer';
import { UsageBuffer } from '../src/usage/ingest/usage-buffer';
import { UsageRepository } from '../src/usage/ingest/usage.repository';
import { Clock } from '../src/common/time/clock';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const UNKNOWN_KEY = '00000000-0000-4000-8000-000000000000';

// What the platform middleware sends before its handler runs (CONTRACT.md "debit").
function debitBody(overrides: Record<string, unknown> = {}) {
  return {
    model_id: 'sentiment-v2',
    endpoint: '/api/v1/models/predict',
    response_time_ms: 0,
    status_code: 0,
    service_id: 'platform',
    compute_ms: 0,
    predictions_count: 1,
    ...overrides,
  };
}

describe('billing and debit (CONTRACT.md "Usage and billing")', () => {
  let sut: TestApp;
  let clock: Clock;
  const at = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const http = () => request(sut.app.getHttpServer());
  const debit = (keyId: string, body: object) => http().post(`/api/v1/usage/${keyId}/debit`).send(body);
  const billing = (keyId: string) => http().get(`/api/v1/usage/${keyId}/billing`).set(admin);
  const storedEvents = async (keyId: string) =>
    (await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [keyId]))[0].n;

  beforeAll(async () => {
    sut = await createTestApp();
    clock = sut.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut.close());

  describe('GET /api/v1/usage/{key_id}/billing', () => {
    it("bills the current UTC month's predictions above the limit at 0.001 USD each", async () => {
      const { id } = await createKey(sut.dataSource, { billingPlan: 'pro', monthlyPredictionLimit: 1000 });
      at('2026-10-31T23:59:59.999Z');
      await http()
        .post(`/api/v1/usage/${id}`)
        .send({ service_id: 'platform', endpoint: '/p', status_code: 200, response_time_ms: 1, predictions_count: 999 })
        .expect(200);
      at('2026-11-20T10:00:00.000Z');
      for (const predictions_count of [700, 700, 101]) {
        await http()
          .post(`/api/v1/usage/${id}`)
          .send({
            service_id: 'platform',
            endpoint: '/p',
            status_code: 200,
            response_time_ms: 1,
            predictions_count,
            compute_ms: 250,
          })
          .expect(200);
      }
      expect((await billing(id).expect(200)).body).toEqual({
        key_id: id,
        billing_plan: 'pro',
        current_usage: { requests: 3, predictions: 1501, compute_ms: 750 },
        monthly_limit: 1000,
        overage_charges: 0.501,
        next_billing_date: '2026-12-01T00:00:00.000+00:00',
      });
    });

    it('charges nothing when unlimited, and the next billing date of December is in January', async () => {
      const { id } = await createKey(sut.dataSource, { billingPlan: 'enterprise', monthlyPredictionLimit: null });
      at('2026-12-31T23:59:59.999Z');
      await debit(id, debitBody({ predictions_count: 1_000_000 })).expect(200);
      expect((await billing(id).expect(200)).body).toEqual({
        key_id: id,
        billing_plan: 'enterprise',
        current_usage: { requests: 1, predictions: 1_000_000, compute_ms: 0 },
        monthly_limit: null,
        overage_charges: 0,
        next_billing_date: '2027-01-01T00:00:00.000+00:00',
      });
    });

    it('a month without usage bills zeros; an unknown key is a 404 and a bad id a 422', async () => {
      const { id } = await createKey(sut.dataSource, { monthlyPredictionLimit: 5 });
      at('2026-02-10T00:00:00.000Z');
      expect((await billing(id).expect(200)).body).toEqual({
        key_id: id,
        billing_plan: 'free',
        current_usage: { requests: 0, predictions: 0, compute_ms: 0 },
        monthly_limit: 5,
        overage_charges: 0,
        next_billing_date: '2026-03-01T00:00:00.000+00:00',
      });
      expect((await billing(UNKNOWN_KEY).expect(404)).body).toEqual({ detail: 'API key not found' });
      expect((await billing('nope').expect(422)).body.detail[0].loc).toEqual(['path', 'key_id']);
    });
  });

  describe('POST /api/v1/usage/{key_id}/debit', () => {
    it('accepts up to the free limit, then answers 402 and records nothing', async () => {
      const { id } = await createKey(sut.dataSource, { monthlyPredictionLimit: 5 });
      at('2026-05-10T00:00:00.000Z');
      expect((await debit(id, debitBody({ predictions_count: 3 })).expect(200)).body).toEqual({
        status: 'accepted',
        key_id: id,
        predictions_this_month: 3,
        monthly_prediction_limit: 5,
      });
      expect((await debit(id, debitBody({ predictions_count: 3 })).expect(402)).body).toEqual({
        detail: {
          error: 'monthly_limit_exceeded',
          message: 'Monthly prediction limit of 5 reached: 3 used this month, this request needs 3 more',
        },
      });
      expect(await storedEvents(id)).toBe(1);
      expect((await debit(id, debitBody({ predictions_count: 2 })).expect(200)).body.predictions_this_month).toBe(5);
      expect((await debit(id, debitBody({ predictions_count: 0 })).expect(200)).body.predictions_this_month).toBe(5);
      await debit(id, debitBody({ predictions_count: 1 })).expect(402);
      expect(await storedEvents(id)).toBe(3);
      // A new month starts from zero.
      at('2026-06-01T00:00:00.000Z');
      expect((await debit(id, debitBody({ predictions_count: 5 })).expect(200)).body.predictions_this_month).toBe(5);
    });

    it('lets other plans run over into overage', async () => {
      const { id } = await createKey(sut.dataSource, { billingPlan: 'pro', monthlyPredictionLimit: 2 });
      at('2026-05-10T00:00:00.000Z');
      expect((await debit(id, debitBody({ predictions_count: 5 })).expect(200)).body).toEqual({
        status: 'accepted',
        key_id: id,
        predictions_this_month: 5,
        monthly_prediction_limit: 2,
      });
      expect((await billing(id).expect(200)).body.overage_charges).toBe(0.003);
    });

    it('counts recorded events toward the limit, and events are visible in stats', async () => {
      const { id } = await createKey(sut.dataSource, { monthlyPredictionLimit: 10 });
      at('2026-07-04T12:00:00.000Z');
      await http()
        .post(`/api/v1/usage/${id}`)
        .send({ service_id: 'platform', endpoint: '/p', status_code: 200, response_time_ms: 4, predictions_count: 9 })
        .expect(200);
      await debit(id, debitBody({ predictions_count: 2 })).expect(402);
      await debit(id, debitBody({ predictions_count: 1 })).expect(200);
      const stats = await http().get(`/api/v1/usage/${id}/stats`).set(admin).expect(200);
      expect([stats.body.total_requests, stats.body.total_predictions, stats.body.average_response_time_ms]).toEqual([
        2, 10, 4,
      ]);
    });

    it('answers a repeated idempotency key with the first answer, counting it once', async () => {
      const { id } = await createKey(sut.dataSource, { monthlyPredictionLimit: 10 });
      at('2026-08-01T00:00:00.000Z');
      const first = await debit(id, debitBody({ predictions_count: 2, idempotency_key: 'req-1' })).expect(200);
      await debit(id, debitBody({ predictions_count: 3, idempotency_key: 'req-2' })).expect(200);
      const again = await debit(id, debitBody({ predictions_count: 2, idempotency_key: 'req-1' })).expect(200);
      expect(again.body).toEqual(first.body);
      expect(first.body.predictions_this_month).toBe(2);
      // A refused debit recorded nothing; its repeat is refused again.
      await debit(id, debitBody({ predictions_count: 9, idempotency_key: 'req-3' })).expect(402);
      await debit(id, debitBody({ predictions_count: 9, idempotency_key: 'req-3' })).expect(402);
      expect(await storedEvents(id)).toBe(2);
      expect((await billing(id)).body.current_usage.predictions).toBe(5);
    });

    it('never lets two concurrent debits both take the last unit, across two replicas', async () => {
      const { id } = await createKey(sut.dataSource, { monthlyPredictionLimit: 10 });
      // A second replica's buffer and committer (with its own guesses of the counters), flushing against the same
      // database.
      const committer = new UsageBatchCommitter(sut.app.get(UsageRepository));
      const replica = new UsageBuffer(committer, sut.app.get(MetricsService), sut.config);
      const replicaIngest = new UsageIngestService(sut.app.get(KnownKeysService), replica, clock);
      const replicaDebits = new DebitService(new UsageFacade(replicaIngest, sut.app.get(UsageStatsService)));
      const body = debitBody({ predictions_count: 1 });
      const viaHttp = Array.from({ length: 15 }, () =>
        debit(id, body).then((r) => (r.status === 200 ? r.body.predictions_this_month : r.status)),
      );
      const viaReplica = Array.from({ length: 15 }, () =>
        replicaDebits.debit(id, body).then(
          (r) => r.predictions_this_month,
          (err: { getStatus(): number }) => err.getStatus(),
        ),
      );
      const results = await Promise.all([...viaHttp, ...viaReplica]);
      expect(results.filter((r) => r === 402)).toHaveLength(20);
      expect(results.filter((r) => r !== 402).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await storedEvents(id)).toBe(10);
      expect((await billing(id)).body.current_usage).toEqual({ requests: 10, predictions: 10, compute_ms: 0 });
    });

    it('refuses bad input with 422 and unknown keys with 404, recording nothing', async () => {
      const { id } = await createKey(sut.dataSource, { monthlyPredictionLimit: 10 });
      expect((await debit(id, debitBody({ predictions_count: -1 })).expect(422)).body).toEqual({
        detail: [{ loc: ['body', 'predictions_count'], msg: expect.any(String), type: 'greater_than_equal' }],
      });
      expect((await debit(UNKNOWN_KEY, debitBody()).expect(404)).body).toEqual({ detail: 'API key not found' });
      expect(await storedEvents(id)).toBe(0);
    });
  });
});
