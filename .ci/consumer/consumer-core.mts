// Type-checked (tsc, strict, no skipLibCheck) against the installed .d.ts before express or Nest is installed:
// the main entry must need neither.
import {
  HokusaiAuthClient,
  HokusaiAuthError,
  type ApiKeyInfo,
  type CreateKeyRequest,
  type ValidationResponse,
} from '@hokusai/auth-client';

const client = new HokusaiAuthClient({ baseUrl: 'http://localhost:8000', adminToken: 'token', timeoutMs: 2000 });
const request: CreateKeyRequest = {
  name: 'typed',
  service_id: 'platform',
  scopes: ['model:read'],
  rate_limit_per_hour: 100,
};

export async function typed(): Promise<string> {
  const created = await client.createKey(request);
  const info: ApiKeyInfo = created.key_info;
  const valid: ValidationResponse = await client.validate(created.api_key, {
    serviceId: info.service_id,
    clientIp: '203.0.113.10',
  });
  const keys = await client.listKeys({ service_id: 'platform', active_only: true });
  try {
    await client.rotateKey(created.key_id, { grace_period_hours: 24 });
  } catch (err) {
    if (err instanceof HokusaiAuthError) return `${err.status} ${err.code ?? ''} ${err.retryAfter ?? ''}`;
  }
  return `${valid.key_id} ${keys.length} ${info.environment}`;
}

// @ts-expect-error service_id is the contract's enum, not any string
export const wrongService: CreateKeyRequest = { name: 'x', service_id: 'billing' };
