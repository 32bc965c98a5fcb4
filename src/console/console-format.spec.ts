import { errorMessage, fieldErrors } from './public/js/api-errors.js';
import { createKeyBody } from './public/js/create-body.js';
import {
  formatCount,
  formatLocal,
  formatPercent,
  formatScopes,
  formatUsd,
  formatUtc,
  keyStatus,
} from './public/js/format.js';
import { listQuery, matchesLocalFilter } from './public/js/key-filter.js';

// The console's pure helpers: formatting, the API's error bodies, the create body and the list query.
describe('console formatting', () => {
  it('shows a timestamp in the given zone, and UTC for the hover', () => {
    expect(formatLocal('2026-12-03T17:30:00+00:00', 'Asia/Tokyo')).toBe('4 Dec 2026, 02:30');
    expect(formatUtc('2026-12-03T17:30:00.123+00:00')).toBe('2026-12-03 17:30:00 UTC');
    expect([formatLocal(null), formatUtc(null)]).toEqual(['', '']);
  });

  it('says unlimited, percent, dollars and "any" the way an admin reads them', () => {
    expect([formatCount(null), formatCount(12000), formatPercent(0.025), formatUsd(1.5), formatUsd(0.000123)]).toEqual([
      'unlimited',
      '12,000',
      '2.5 %',
      '$1.50',
      '$0.000123',
    ]);
    expect([formatScopes([]), formatScopes(['a', 'b'])]).toEqual(['any (no scopes)', 'a, b']);
  });

  it('tells active, expired, revoked and rotated (in its grace period too) apart', () => {
    const now = new Date('2026-12-03T00:00:00Z');
    expect([
      keyStatus({ is_active: true, expires_at: null }, now),
      keyStatus({ is_active: true, expires_at: '2026-12-02T00:00:00+00:00' }, now),
      keyStatus({ is_active: false, rotated_to: null }, now),
      keyStatus({ is_active: false, rotated_to: 'b3c1' }, now),
      keyStatus({ is_active: true, rotated_to: 'b3c1', expires_at: null }, now),
    ]).toEqual(['active', 'expired', 'revoked', 'rotated', 'rotated']);
  });
});

describe('the API error bodies', () => {
  const invalid = {
    detail: [
      { loc: ['body', 'name'], msg: 'name must be 1 to 100 characters', type: 'value_error' },
      { loc: ['body', 'scopes', 0], msg: 'each scope must be 1 to 100 characters', type: 'value_error' },
      { loc: ['body'], msg: 'Invalid JSON', type: 'json_invalid' },
    ],
  };

  it('puts each 422 violation under its body field, the rest under the form', () => {
    expect(fieldErrors(invalid)).toEqual({
      name: ['name must be 1 to 100 characters'],
      scopes: ['each scope must be 1 to 100 characters'],
      _form: ['Invalid JSON'],
    });
  });

  it("shows the API's own sentence", () => {
    expect(errorMessage(401, { detail: 'Invalid or missing admin token' })).toBe('Invalid or missing admin token');
    expect(errorMessage(402, { detail: { error: 'monthly_limit_exceeded', message: 'Limit reached' } })).toBe(
      'Limit reached',
    );
    expect(errorMessage(422, invalid)).toBe(
      'name: name must be 1 to 100 characters; scopes.0: each scope must be 1 to 100 characters; Invalid JSON',
    );
    expect(errorMessage(502, null)).toBe('Request failed (HTTP 502)');
  });
});

describe('the create body', () => {
  it('leaves empty fields out so the API defaults apply', () => {
    expect(
      createKeyBody({ name: 'ci', service_id: 'platform', scopes: '', rate_limit_per_hour: '', user_id: ' ' }),
    ).toEqual({ name: 'ci', service_id: 'platform' });
  });

  it('sends lists, integers, and what it cannot read as typed, so the API judges it', () => {
    expect(
      createKeyBody({
        name: 'ci',
        service_id: 'website',
        scopes: 'model:read, predict',
        allowed_ips: '10.0.0.0/8\n2001:db8::1',
        rate_limit_per_hour: '500',
        monthly_prediction_limit: '1.5',
        environment: 'test',
        billing_plan: 'pro',
        expires_in_days: '30',
      }),
    ).toEqual({
      name: 'ci',
      service_id: 'website',
      scopes: ['model:read', 'predict'],
      allowed_ips: ['10.0.0.0/8', '2001:db8::1'],
      rate_limit_per_hour: 500,
      monthly_prediction_limit: '1.5',
      environment: 'test',
      billing_plan: 'pro',
      expires_in_days: 30,
    });
  });

  it('reads the datetime-local expiry on the admin’s clock and sends it with its offset', () => {
    const body: Record<string, unknown> = createKeyBody({
      name: 'ci',
      service_id: 'website',
      expires_at: '2027-01-31T10:00',
    });
    expect(body.expires_at).toBe(new Date(2027, 0, 31, 10, 0).toISOString());
  });
});

describe('the key list filters', () => {
  it('sends the filters the list route has, and the cursor for the next page', () => {
    expect(
      listQuery(
        { service_id: 'platform', active_only: true, expiring_within_days: '7', search: 'x', environment: 'test' },
        'c1',
      ),
    ).toEqual({ limit: 50, service_id: 'platform', active_only: 'true', expiring_within_days: '7', cursor: 'c1' });
    expect(listQuery({}, null)).toEqual({ limit: 50 });
  });

  it('filters by name (any case) and environment locally', () => {
    const key = { name: 'Checkout Web', environment: 'production' };
    expect([
      matchesLocalFilter(key, { search: 'checkout' }),
      matchesLocalFilter(key, { search: 'nope' }),
      matchesLocalFilter(key, { environment: 'test' }),
      matchesLocalFilter(key, { environment: 'production', search: '' }),
    ]).toEqual([true, false, false, true]);
  });
});
