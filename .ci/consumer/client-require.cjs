// Loads @hokusai/auth-client with require (the CommonJS entry) and validates a key through it.
const assert = require('node:assert/strict');
const { HokusaiAuthClient, HokusaiAuthError } = require('@hokusai/auth-client');

(async () => {
  const client = new HokusaiAuthClient({
    baseUrl: process.env.HOKUSAI_AUTH_SERVICE_URL,
    adminToken: process.env.HOKUSAI_ADMIN_TOKEN,
  });
  const { api_key, key_id } = await client.createKey({
    name: 'consumer require',
    service_id: 'platform',
    scopes: ['model:read'],
  });
  const valid = await client.validate(api_key, { serviceId: 'platform', requiredScope: 'model:read' });
  assert.equal(valid.is_valid, true);
  assert.equal(valid.key_id, key_id);
  const refused = await client.validate(api_key, { serviceId: 'website' }).catch((err) => err);
  assert.ok(refused instanceof HokusaiAuthError, 'a refusal is a HokusaiAuthError');
  assert.deepEqual([refused.status, refused.code], [401, 'WRONG_SERVICE']);
  console.log(
    `require: validated ${key_id} (is_valid ${valid.is_valid}); wrong service -> ${refused.status} ${refused.code}`,
  );
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
