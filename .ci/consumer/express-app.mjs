// Mounts the Express middleware from @hokusai/auth-client/express on a small app and checks that the service's
// answers pass through it: 200 for a valid key, 401 for a wrong one, 429 once the key's hourly limit is spent.
import assert from 'node:assert/strict';
import express from 'express';
import { HokusaiAuthClient } from '@hokusai/auth-client';
import { hokusaiAuth } from '@hokusai/auth-client/express';

const baseUrl = process.env.HOKUSAI_AUTH_SERVICE_URL;
const admin = new HokusaiAuthClient({ baseUrl, adminToken: process.env.HOKUSAI_ADMIN_TOKEN });
const { api_key, key_id } = await admin.createKey({
  name: 'consumer express',
  service_id: 'platform',
  rate_limit_per_hour: 10,
});

const app = express();
app.set('trust proxy', 'loopback');
// No cache: every request asks the service, so its rate limit is what the test sees.
app.use('/api', hokusaiAuth({ client: new HokusaiAuthClient({ baseUrl, cacheTtlMs: 0 }), serviceId: 'platform' }));
app.get('/api/hello', (req, res) => res.json({ key_id: req.hokusai?.keyId }));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${server.address().port}/api/hello`;
const call = (key) => fetch(url, { headers: { authorization: `Bearer ${key}` } });

try {
  const ok = await call(api_key);
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { key_id });
  const wrong = await call(`hk_live_${'B'.repeat(32)}`);
  assert.equal(wrong.status, 401);
  assert.equal((await wrong.json()).code, 'INVALID_KEY');
  // The limit is 10 an hour: the first call spent one, a refused key spends none.
  for (let i = 0; i < 9; i++) assert.equal((await call(api_key)).status, 200);
  const limited = await call(api_key);
  assert.equal(limited.status, 429);
  assert.equal((await limited.json()).code, 'RATE_LIMITED');
  console.log(
    `express: 200 with the key, 401 with a wrong one, 429 on the 11th request (Retry-After ${limited.headers.get('retry-after')})`,
  );
} finally {
  server.close();
}
