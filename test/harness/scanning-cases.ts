import request from 'supertest';
import { generateKey } from '../../src/common/keys/key-format';
import { KeyHasher } from '../../src/keys/key-hasher';
import { KeyLookupBatcher } from '../../src/keys/verification/key-lookup.batcher';
import { createKey } from './factories';
import { finding, GithubSigner, postReport, report } from './github-signer';
import { tableDigest } from './table-digest';
import type { TestApp } from './test-app';
import { ADMIN, createKeyViaApi, validate } from './validation-kit';

const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const tp = (token: string) => ({ token_raw: token, token_type: 'hokusai_api_key', label: 'true_positive' });
const fp = (token: string) => ({ token_raw: token, token_type: 'hokusai_api_key', label: 'false_positive' });
// Right shape, wrong checksum: the last character changed.
const badChecksum = (key: string) => key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');

async function leakedRows(sut: TestApp, keyId: string) {
  const res = await request(sut.app.getHttpServer())
    .get(`/api/v1/audit?action=key.leaked&key_id=${keyId}`)
    .set(ADMIN)
    .expect(200);
  return res.body.items;
}

/** The outcomes of a key's key.leaked rows, sorted: two rows may share a millisecond, so their order is not pinned. */
export async function outcomes(sut: TestApp, keyId: string): Promise<string[]> {
  return (await leakedRows(sut, keyId)).map((r: { details: { outcome: string } }) => r.details.outcome).sort();
}

/** Issue 20 on two replicas sharing one database and one store; `signer` is the key GitHub would hold. */
export function scanningCases(a: () => TestApp, b: () => TestApp, signer: GithubSigner): void {
  it('a signed report revokes a live key on both replicas before the answer returns, and audits it', async () => {
    const key = await createKeyViaApi(a());
    await validate(b(), key.api_key).expect(200);
    await validate(a(), key.api_key).expect(200);
    const res = await report(a(), signer, [finding(key.api_key)]).expect(200);
    expect(res.body).toEqual([tp(key.api_key)]);
    expect((await validate(b(), key.api_key).expect(401)).body.code).toBe('REVOKED');
    expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
    expect(await leakedRows(b(), key.key_id)).toEqual([
      {
        id: UUID,
        occurred_at: expect.any(String),
        actor: 'github-secret-scanning',
        action: 'key.leaked',
        key_id: key.key_id,
        client_ip: expect.any(String),
        request_id: expect.any(String),
        details: {
          url: 'https://github.com/octo/leaky/blob/main/.env',
          source: 'content',
          token_type: 'hokusai_api_key',
          outcome: 'revoked',
        },
      },
    ]);
    const [{ n }] = await a().dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE details::text LIKE $1`,
      [`%${key.api_key}%`],
    );
    expect(n).toBe(0);
  });

  it('a replay of the same signed body answers the same, changes no key, and is recorded as reported again', async () => {
    const key = await createKeyViaApi(a());
    const raw = JSON.stringify([finding(key.api_key)]);
    const headers = signer.headers(raw);
    await postReport(a(), raw, headers).expect(200);
    const [before] = await a().dataSource.query('SELECT is_active, revoked_at FROM api_keys WHERE id = $1', [
      key.key_id,
    ]);
    const again = await postReport(b(), raw, headers).expect(200);
    expect(again.body).toEqual([tp(key.api_key)]);
    expect(
      await a().dataSource.query('SELECT is_active, revoked_at FROM api_keys WHERE id = $1', [key.key_id]),
    ).toEqual([before]);
    expect(await outcomes(a(), key.key_id)).toEqual(['reported_again', 'revoked']);
  });

  it.each([
    [
      'a tampered body',
      (raw: string, s: GithubSigner) => ({ raw: raw.replace('leaky', 'leakz'), headers: s.headers(raw) }),
    ],
    [
      'a wrong key identifier',
      (raw: string, s: GithubSigner) => ({
        raw,
        headers: { ...s.headers(raw), 'Github-Public-Key-Identifier': 'other' },
      }),
    ],
    ['a signature by another key', (raw: string) => ({ raw, headers: new GithubSigner().headers(raw) })],
    [
      'no signature header',
      (raw: string, s: GithubSigner) => ({ raw, headers: { 'Github-Public-Key-Identifier': s.identifier } }),
    ],
    [
      'no identifier header',
      (raw: string, s: GithubSigner) => ({ raw, headers: { 'Github-Public-Key-Signature': s.sign(raw) } }),
    ],
    ['no headers at all', (raw: string) => ({ raw, headers: {} })],
    [
      'a signature that is not base64',
      (raw: string, s: GithubSigner) => ({ raw, headers: { ...s.headers(raw), 'Github-Public-Key-Signature': '%%%' } }),
    ],
  ])('%s is a 401 and changes nothing', async (_label, forge) => {
    const key = await createKeyViaApi(a());
    const before = await tableDigest(a().dataSource);
    const { raw, headers } = forge(JSON.stringify([finding(key.api_key)]), signer);
    const res = await postReport(a(), raw, headers).expect(401);
    expect(res.body).toEqual({ detail: 'Invalid or missing GitHub signature', code: 'INVALID_SIGNATURE' });
    expect(await tableDigest(a().dataSource)).toEqual(before);
    await validate(b(), key.api_key).expect(200);
  });

  it('a token with a bad checksum is a false_positive without touching the database', async () => {
    const key = await createKeyViaApi(a());
    const lookups = [
      jest.spyOn(a().app.get(KeyLookupBatcher), 'find'),
      jest.spyOn(a().app.get(KeyLookupBatcher), 'findById'),
    ];
    const queries = jest.spyOn(a().dataSource, 'createQueryRunner');
    const compares = jest.spyOn(a().app.get(KeyHasher), 'compare');
    const before = await tableDigest(a().dataSource);
    queries.mockClear();
    const res = await report(a(), signer, [finding(badChecksum(key.api_key))]).expect(200);
    expect(res.body).toEqual([fp(badChecksum(key.api_key))]);
    for (const spy of [...lookups, queries, compares]) expect(spy).not.toHaveBeenCalled();
    expect(await tableDigest(a().dataSource)).toEqual(before);
    // The control: the same spies do see a well-formed token's lookup, so their silence above means something.
    const unknown = generateKey('production');
    expect((await report(a(), signer, [finding(unknown)]).expect(200)).body).toEqual([fp(unknown)]);
    expect([lookups[0], queries].map((spy) => spy.mock.calls.length > 0)).toEqual([true, true]);
    for (const spy of [...lookups, queries, compares]) spy.mockRestore();
    await validate(a(), key.api_key).expect(200);
  });

  it('a mixed batch answers each token in order', async () => {
    const live = await createKeyViaApi(a());
    const revoked = await createKey(a().dataSource, { isActive: false, revokedAt: new Date(Date.now() - 60_000) });
    const expired = await createKey(a().dataSource, { expiresAt: new Date(Date.now() - 60_000) });
    const unknown = generateKey('test');
    const tokens = [
      badChecksum(live.api_key),
      live.api_key,
      unknown,
      revoked.plaintext,
      'hk_live_short',
      expired.plaintext,
      live.api_key,
    ];
    const res = await report(
      b(),
      signer,
      tokens.map((t) => finding(t)),
    ).expect(200);
    expect(res.body).toEqual([
      fp(tokens[0]),
      tp(tokens[1]),
      fp(tokens[2]),
      tp(tokens[3]),
      fp(tokens[4]),
      tp(tokens[5]),
      tp(tokens[6]),
    ]);
    expect(await outcomes(a(), live.key_id)).toEqual(['reported_again', 'revoked']);
    expect(await outcomes(a(), revoked.id)).toEqual(['reported_again']);
    expect(await outcomes(a(), expired.id)).toEqual(['reported_again']);
    const rows = await a().dataSource.query('SELECT id, is_active FROM api_keys WHERE id = ANY($1) ORDER BY id', [
      [revoked.id, expired.id],
    ]);
    expect(rows).toEqual(
      [
        { id: revoked.id, is_active: false },
        { id: expired.id, is_active: true },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect((await validate(a(), live.api_key).expect(401)).body.code).toBe('REVOKED');
  });

  it('bounds: 1001 tokens is a 422, a body over 1 MiB a 413, a signed body that is no report a 422; none changes data', async () => {
    const before = await tableDigest(a().dataSource);
    const many = JSON.stringify(Array.from({ length: 1001 }, () => finding('hk_live_x')));
    expect((await postReport(a(), many, signer.headers(many)).expect(422)).body.detail[0]).toEqual({
      loc: ['body'],
      msg: 'At most 1000 tokens per report',
      type: 'too_long',
    });
    const huge = JSON.stringify([{ ...finding('hk_live_x'), pad: 'x'.repeat(1024 * 1024) }]);
    expect((await postReport(a(), huge, signer.headers(huge)).expect(413)).body).toEqual({
      detail: 'Request body too large',
    });
    for (const raw of ['{"token": 1', '{"token": "x"}', '[1]', '[{"type": "x"}]'])
      await postReport(a(), raw, signer.headers(raw)).expect(422);
    expect(await tableDigest(a().dataSource)).toEqual(before);
  });

  it('the Prometheus counter counts the outcomes', async () => {
    const res = await request(a().app.getHttpServer()).get('/metrics/prometheus').expect(200);
    expect(res.text).toMatch(/hokusai_leaked_keys_total\{outcome="revoked"\} [1-9]/);
    expect(res.text).toMatch(/hokusai_leaked_keys_total\{outcome="false_positive"\} [1-9]/);
  });
}
