// Loads the Nest guard from @hokusai/auth-client/nest once @nestjs/common is installed (an optional peer) and asks
// it about one request with a valid key and one with a made-up key, as Nest would through an ExecutionContext.
import assert from 'node:assert/strict';
import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { HokusaiAuthClient } from '@hokusai/auth-client';
import { HokusaiAuthGuard } from '@hokusai/auth-client/nest';

const baseUrl = process.env.HOKUSAI_AUTH_SERVICE_URL;
const admin = new HokusaiAuthClient({ baseUrl, adminToken: process.env.HOKUSAI_ADMIN_TOKEN });
const { api_key, key_id } = await admin.createKey({
  name: 'consumer nest',
  service_id: 'prediction',
  scopes: ['predict'],
});
const sut = new HokusaiAuthGuard({
  client: new HokusaiAuthClient({ baseUrl, cacheTtlMs: 0 }),
  serviceId: 'prediction',
  requiredScope: 'predict',
});

function context(key) {
  const req = { headers: { authorization: `Bearer ${key}` }, ip: '127.0.0.1', originalUrl: '/predict' };
  const res = {
    headers: {},
    setHeader(name, value) {
      this.headers[name] = value;
    },
  };
  const http = { getRequest: () => req, getResponse: () => res };
  return { req, res, ctx: { switchToHttp: () => http } };
}

const ok = context(api_key);
assert.equal(await sut.canActivate(ok.ctx), true);
assert.equal(ok.req.hokusai.keyId, key_id);
const bad = context(`hk_live_${'C'.repeat(32)}`);
const refused = await sut.canActivate(bad.ctx).catch((err) => err);
assert.ok(refused instanceof HttpException, 'a refusal is thrown as the HttpException Nest answers with');
assert.equal(refused.getStatus(), 401);
assert.equal(bad.res.headers['WWW-Authenticate'], 'Bearer');
console.log(
  `nest: the guard admits ${key_id} and refuses a made-up key with ${refused.getStatus()} ${refused.getResponse().code}`,
);
