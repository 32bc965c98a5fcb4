import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { KeyHasher } from '../../src/keys/key-hasher';
import { REPLICAS } from '../../src/keys/verification/invalidation-bus';
import type { TestApp } from './test-app';
import { ADMIN, createKeyViaApi, validate } from './validation-kit';

/**
 * The two-replica cases (ARCHITECTURE.md "Scaling past one machine"): one set of tests, run on every topology that
 * serves the shared state (one Redis, a cluster, Sentinel, or an in-process store shared by both).
 */
export function replicaCases(a: () => TestApp, b: () => TestApp): void {
  it('a key created on one replica is valid on the other with no bcrypt compare: Redis holds the proof', async () => {
    const key = await createKeyViaApi(a());
    const compares = jest.spyOn(b().app.get(KeyHasher), 'compare');
    const res = await validate(b(), key.api_key).expect(200);
    expect(res.body.key_id).toBe(key.key_id);
    expect(compares).not.toHaveBeenCalled();
    compares.mockRestore();
  });

  it('revoking through one replica: the other refuses the key as soon as the response returns, no sleep', async () => {
    const key = await createKeyViaApi(a());
    await validate(b(), key.api_key).expect(200);
    await validate(a(), key.api_key).expect(200);
    await request(a().app.getHttpServer()).delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
    expect((await validate(b(), key.api_key).expect(401)).body.code).toBe('REVOKED');
    expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
  });

  it('rotating through one replica: the other refuses the old key at once and accepts the successor', async () => {
    const key = await createKeyViaApi(b());
    await validate(a(), key.api_key).expect(200);
    const rotated = await request(b().app.getHttpServer())
      .post(`/api/v1/keys/${key.key_id}/rotate`)
      .set(ADMIN)
      .send({})
      .expect(200);
    expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
    await validate(a(), rotated.body.api_key).expect(200);
  });

  it('a replica that stopped answering delays a revocation by at most its lease, and the revocation still holds', async () => {
    await a().store.heartbeat(REPLICAS, 'replica-that-died', 15_000, 'hk:unused', 'beat');
    const key = await createKeyViaApi(a());
    await validate(b(), key.api_key).expect(200);
    const started = performance.now();
    await request(b().app.getHttpServer()).delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(a().config.cacheLeaseMs);
    expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
    await a().store.withdraw(REPLICAS, 'replica-that-died');
  });

  it('with every replica answering, a revocation does not wait for the lease', async () => {
    const key = await createKeyViaApi(a());
    await validate(b(), key.api_key).expect(200);
    const started = performance.now();
    await request(b().app.getHttpServer()).delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
    expect(performance.now() - started).toBeLessThan(a().config.cacheLeaseMs);
    expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
  });

  it('3x the hourly limit fired concurrently across both replicas: exactly the limit succeeds', async () => {
    const limit = 30;
    const key = await createKeyViaApi(a(), { rate_limit_per_hour: limit });
    const answers = await Promise.all(
      Array.from({ length: 3 * limit }, (_, i) => validate(i % 2 ? a() : b(), key.api_key)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * limit);
  });

  it('the limit holds in total, not per replica', async () => {
    const key = await createKeyViaApi(a(), { rate_limit_per_hour: 10 });
    for (let i = 0; i < 6; i++) await validate(a(), key.api_key).expect(200);
    for (let i = 0; i < 4; i++) await validate(b(), key.api_key).expect(200);
    const refused = await validate(b(), key.api_key).expect(429);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    await validate(a(), key.api_key).expect(429);
  });
}
