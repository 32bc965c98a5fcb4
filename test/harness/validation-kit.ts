import request from 'supertest';
import { Clock } from '../../src/common/time/clock';
import type { TestApp } from './test-app';
import { TEST_ADMIN_TOKEN } from './test-env';

export const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** A clock the test moves by hand (into the next hour, past an expiry). */
export class SteppingClock extends Clock {
  constructor(public at = Date.now()) {
    super();
  }
  override nowMs(): number {
    return this.at;
  }
}

export function validate(sut: TestApp, key: string | undefined, body: Record<string, unknown> = {}) {
  const req = request(sut.app.getHttpServer()).post('/api/v1/keys/validate');
  if (key) req.set('Authorization', `Bearer ${key}`);
  return req.send(body);
}

/** A key created through the API (so the creating replica's cache is primed), with the contract's defaults. */
export async function createKeyViaApi(
  sut: TestApp,
  body: Record<string, unknown> = {},
): Promise<{ api_key: string; key_id: string }> {
  const res = await request(sut.app.getHttpServer())
    .post('/api/v1/keys')
    .set(ADMIN)
    .send({ name: 'validation test', service_id: 'platform', ...body })
    .expect(201);
  return res.body;
}
