import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import { generateKeyPairSync, sign } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import type { LeakResponder } from './leak-responder.service';
import { SecretScanningService } from './secret-scanning.service';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const KEYS = [{ identifier: 'k1', key: pair.publicKey, isCurrent: true }];
const CTX = { actor: 'admin', clientIp: '192.0.2.1', requestId: 'r1' };
const signedReport = (tokens: string[]) => {
  const body = Buffer.from(JSON.stringify(tokens.map((token) => ({ token, type: 't' }))));
  return { body, keyIdentifier: 'k1', signature: sign('sha256', body, pair.privateKey).toString('base64') };
};

function build(keys: typeof KEYS | undefined) {
  const order: string[] = [];
  const responder = {
    respond: jest.fn(async (r: { token: string }, ctx: { actor: string }) => {
      order.push(`start ${r.token}`);
      await new Promise((resolve) => setTimeout(resolve, r.token === 'slow' ? 20 : 1));
      order.push(`end ${r.token}`);
      expect(ctx.actor).toBe('github-secret-scanning');
      return r.token.startsWith('live') || r.token === 'slow' ? 'true_positive' : 'false_positive';
    }),
  };
  const sut = new SecretScanningService(
    { githubScanningKeys: keys } as AppConfig,
    responder as unknown as LeakResponder,
  );
  return { sut, responder, order };
}

describe('SecretScanningService', () => {
  it('is a 404 while no keys are configured, before looking at the signature', async () => {
    const { sut, responder } = build(undefined);
    await expect(sut.receive(signedReport(['live']), CTX)).rejects.toBeInstanceOf(NotFoundException);
    expect(responder.respond).not.toHaveBeenCalled();
  });

  it('is a 401 on a bad signature, before reading the body', async () => {
    const { sut, responder } = build(KEYS);
    const report = { ...signedReport(['live']), body: Buffer.from('not even json') };
    await expect(sut.receive(report, CTX)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(responder.respond).not.toHaveBeenCalled();
  });

  it('answers in the order of the report, as the scanning actor', async () => {
    const { sut } = build(KEYS);
    expect(await sut.receive(signedReport(['slow', 'nope', 'live-2']), CTX)).toEqual([
      { token_raw: 'slow', token_type: 't', label: 'true_positive' },
      { token_raw: 'nope', token_type: 't', label: 'false_positive' },
      { token_raw: 'live-2', token_type: 't', label: 'true_positive' },
    ]);
  });

  it('reports of one token run one after another; different tokens run side by side', async () => {
    const { sut, order } = build(KEYS);
    await sut.receive(signedReport(['slow', 'live-2', 'slow']), CTX);
    expect(order.indexOf('start live-2')).toBeLessThan(order.indexOf('end slow'));
    expect(order.filter((e) => e.endsWith('slow'))).toEqual(['start slow', 'end slow', 'start slow', 'end slow']);
  });
});
