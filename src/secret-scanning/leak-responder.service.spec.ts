import type { DataSource } from 'typeorm';
import type { AuditRepository } from '../audit';
import { generateKey } from '../common/keys/key-format';
import type { AppConfig } from '../config/app-config';
import type { KeyLifecycleService } from '../keys';
import type { KeyVerifier } from '../keys';
import { LeakResponder } from './leak-responder.service';
import type { LeakedKeyMetrics } from './leaked-key.metrics';

const CTX = { actor: 'github-secret-scanning', clientIp: '192.0.2.1', requestId: 'r1' };
const LIVE = { id: 'k1', isActive: true, revokedAtMs: null, expiresAtMs: null };
const report = (token: string) => ({
  token,
  type: 'hokusai_api_key',
  url: 'https://github.com/o/r',
  source: 'content',
});

function build(snapshot: unknown, action: 'revoke' | 'report' = 'revoke') {
  const fakes = {
    verifier: { resolve: jest.fn().mockResolvedValue(snapshot) },
    lifecycle: { revoke: jest.fn().mockResolvedValue({ message: 'API key revoked successfully' }) },
    audit: { append: jest.fn().mockResolvedValue(undefined) },
    dataSource: { manager: { name: 'manager' } },
    metrics: { count: jest.fn() },
  };
  const sut = new LeakResponder(
    fakes.verifier as unknown as KeyVerifier,
    fakes.lifecycle as unknown as KeyLifecycleService,
    fakes.audit as unknown as AuditRepository,
    fakes.dataSource as unknown as DataSource,
    fakes.metrics as unknown as LeakedKeyMetrics,
    { leakedKeyAction: action } as AppConfig,
  );
  return { sut, ...fakes };
}

describe('LeakResponder', () => {
  it('a bad checksum is a false positive with no lookup, no revoke, no audit row', async () => {
    const key = generateKey('production');
    const { sut, verifier, lifecycle, audit, metrics } = build(LIVE);
    expect(await sut.respond(report(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')), CTX)).toBe('false_positive');
    expect(await sut.respond(report('hk_live_tooshort'), CTX)).toBe('false_positive');
    expect(verifier.resolve).not.toHaveBeenCalled();
    expect(lifecycle.revoke).not.toHaveBeenCalled();
    expect(audit.append).not.toHaveBeenCalled();
    expect(metrics.count.mock.calls).toEqual([['false_positive'], ['false_positive']]);
  });

  it('an unknown well-formed key is a false positive after the lookup', async () => {
    const { sut, verifier, audit } = build(null);
    expect(await sut.respond(report(generateKey('test')), CTX)).toBe('false_positive');
    expect(verifier.resolve).toHaveBeenCalledTimes(1);
    expect(audit.append).not.toHaveBeenCalled();
  });

  it('a live key is revoked through the lifecycle, then audited with url and source, never the token', async () => {
    const token = generateKey('production');
    const { sut, lifecycle, audit, metrics } = build(LIVE);
    expect(await sut.respond(report(token), CTX)).toBe('true_positive');
    expect(lifecycle.revoke).toHaveBeenCalledWith('k1', CTX);
    expect(audit.append).toHaveBeenCalledWith({ name: 'manager' }, CTX, 'key.leaked', 'k1', {
      url: 'https://github.com/o/r',
      source: 'content',
      token_type: 'hokusai_api_key',
      outcome: 'revoked',
    });
    expect(JSON.stringify(audit.append.mock.calls)).not.toContain(token);
    expect(metrics.count).toHaveBeenCalledWith('revoked');
  });

  it('LEAKED_KEY_ACTION=report audits a live key and revokes nothing', async () => {
    const { sut, lifecycle, audit } = build(LIVE, 'report');
    expect(await sut.respond(report(generateKey('production')), CTX)).toBe('true_positive');
    expect(lifecycle.revoke).not.toHaveBeenCalled();
    expect(audit.append.mock.calls[0][4]).toEqual(expect.objectContaining({ outcome: 'reported' }));
  });

  it.each([
    ['revoked', { ...LIVE, isActive: false, revokedAtMs: Date.now() - 1000 }],
    ['rotated past its grace', { ...LIVE, revokedAtMs: Date.now() - 1000 }],
    ['expired', { ...LIVE, expiresAtMs: Date.now() - 1000 }],
  ])('a %s key is recorded as reported again, with no change', async (_label, snapshot) => {
    const { sut, lifecycle, audit } = build(snapshot);
    expect(await sut.respond(report(generateKey('production')), CTX)).toBe('true_positive');
    expect(lifecycle.revoke).not.toHaveBeenCalled();
    expect(audit.append.mock.calls[0][4]).toEqual(expect.objectContaining({ outcome: 'reported_again' }));
  });

  it('a rotated key inside its grace period is still live: revoked now', async () => {
    const { sut, lifecycle } = build({ ...LIVE, revokedAtMs: Date.now() + 3_600_000 });
    await sut.respond(report(generateKey('production')), CTX);
    expect(lifecycle.revoke).toHaveBeenCalledWith('k1', CTX);
  });
});
