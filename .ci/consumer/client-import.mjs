// Loads @hokusai/auth-client with import (the ES module entry) and validates a key through it. The error class must
// be the one require() gives: the ES entry wraps the CommonJS build rather than duplicating it.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { HokusaiAuthClient, HokusaiAuthError } from '@hokusai/auth-client';

const required = createRequire(import.meta.url)('@hokusai/auth-client');
assert.equal(HokusaiAuthError, required.HokusaiAuthError, 'import and require share one module instance');

const client = new HokusaiAuthClient({
  baseUrl: process.env.HOKUSAI_AUTH_SERVICE_URL,
  adminToken: process.env.HOKUSAI_ADMIN_TOKEN,
});
const { api_key, key_id } = await client.createKey({ name: 'consumer import', service_id: 'prediction' });
const valid = await client.validate(api_key, { serviceId: 'prediction' });
assert.equal(valid.key_id, key_id);
const bogus = await client.validate(`hk_live_${'A'.repeat(32)}`).catch((err) => err);
assert.ok(bogus instanceof HokusaiAuthError);
assert.deepEqual([bogus.status, bogus.code], [401, 'INVALID_KEY']);
console.log(`import: validated ${key_id} (is_valid ${valid.is_valid}); made-up key -> ${bogus.status} ${bogus.code}`);
