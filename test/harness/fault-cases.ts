import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { Clock } from '../../src/common/time/clock';
import { REDIS_FAULTS, RedisFaultRig } from './redis-faults';
import type { TestApp } from './test-app';
import { ADMIN, createKeyViaApi, validate } from './validation-kit';

const HOUR_MS = 3_600_000;

/** Wall time plus a step the test sets, so a grace period can end while a fault lasts. */
export class SteppedClock extends Clock {
  ahead = 0;
  override nowMs(): number {
    return Date.now() + this.ahead;
  }
}

/**
 * CONTRACT.md "revoke": when the response returns, no replica accepts the key any more, whatever Redis is doing.
 * Each fault is caused for real on two replicas (RedisFaultRig, B on `clock`), and the first request sent after
 * the admin call returned is the one asserted: no sleep in between. Run on one Redis and on a cluster.
 */
export function faultCases(rig: () => RedisFaultRig, clock: SteppedClock): void {
  const a = () => rig().replicas[0];
  const b = () => rig().replicas[1];
  const http = (sut: TestApp) => request(sut.app.getHttpServer());
  afterEach(() => (clock.ahead = 0));

  describe.each(REDIS_FAULTS)('%s', (fault) => {
    afterEach(async () => {
      await rig().end(fault);
      await rig().settled();
    });

    it('revoke on A: B refuses the key on the first request sent after the DELETE returned', async () => {
      const key = await createKeyViaApi(a());
      await validate(b(), key.api_key).expect(200);
      await validate(a(), key.api_key).expect(200);
      await rig().cause(fault);
      await http(a()).delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
      expect((await validate(b(), key.api_key).expect(401)).body.code).toBe('REVOKED');
      expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
    });

    it('rotate with grace 0 on A: B refuses the old key at once and accepts the successor', async () => {
      const key = await createKeyViaApi(a());
      await validate(b(), key.api_key).expect(200);
      await rig().cause(fault);
      const rotated = await http(a())
        .post(`/api/v1/keys/${key.key_id}/rotate`)
        .set(ADMIN)
        .send({ grace_period_hours: 0 })
        .expect(200);
      expect((await validate(b(), key.api_key).expect(401)).body.code).toBe('REVOKED');
      expect((await validate(b(), rotated.body.api_key).expect(200)).body.key_id).toBe(rotated.body.key_id);
    });

    it('a grace period that ends while the fault lasts: B refuses the old key from that moment', async () => {
      const key = await createKeyViaApi(a());
      const rotated = await http(a())
        .post(`/api/v1/keys/${key.key_id}/rotate`)
        .set(ADMIN)
        .send({ grace_period_hours: 1 })
        .expect(200);
      await validate(b(), key.api_key).expect(200);
      await rig().cause(fault);
      await validate(b(), key.api_key).expect(200);
      clock.ahead = HOUR_MS + 1000;
      expect((await validate(b(), key.api_key).expect(401)).body.code).toBe('REVOKED');
      await validate(b(), rotated.body.api_key).expect(200);
    });
  });

  describe('Redis frozen', () => {
    afterEach(async () => {
      await rig().end('redis frozen');
      await rig().settled();
    });

    it('a warm key validates on either replica within the deadline, /ready says degraded, and all recovers', async () => {
      const key = await createKeyViaApi(a());
      await validate(a(), key.api_key).expect(200);
      await validate(b(), key.api_key).expect(200);
      await rig().cause('redis frozen');
      let slowest = 0;
      // Across the first deadline, the lease running out, and well past both.
      const until = performance.now() + 2.5 * a().config.cacheLeaseMs;
      for (let i = 0; performance.now() < until; i++) {
        const started = performance.now();
        await validate(i % 2 ? a() : b(), key.api_key).expect(200);
        slowest = Math.max(slowest, performance.now() - started);
      }
      // The deadline is 200 ms; this bound only has to tell a deadline from a hang (61 s before the deadline).
      expect(slowest).toBeLessThan(2000);
      for (const sut of [a(), b()]) {
        expect((await http(sut).get('/ready').expect(200)).body).toEqual({
          status: 'degraded',
          checks: { database: true, redis: false },
        });
        const prometheus = (await http(sut).get('/metrics/prometheus').expect(200)).text;
        expect(prometheus).toMatch(/^hokusai_degraded 1$/m);
        expect(prometheus).toMatch(/^hokusai_cache_lease_held 0$/m);
      }

      await rig().end('redis frozen');
      await rig().settled();
      for (const sut of [a(), b()]) {
        expect((await http(sut).get('/ready').expect(200)).body.status).toBe('ready');
        expect((await http(sut).get('/metrics/prometheus').expect(200)).text).toMatch(/^hokusai_cache_lease_held 1$/m);
      }
      const limit = 20;
      const limited = await createKeyViaApi(a(), { rate_limit_per_hour: limit });
      const answers = await Promise.all(
        Array.from({ length: 3 * limit }, (_, i) => validate(i % 2 ? a() : b(), limited.api_key)),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(limit);
      expect(answers.filter((r) => r.status === 429)).toHaveLength(2 * limit);
    });
  });
}
