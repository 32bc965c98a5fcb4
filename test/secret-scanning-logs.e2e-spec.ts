import { LogDestination } from '../src/common/logging/log-destination';
import { finding, GithubSigner, postReport, report } from './harness/github-signer';
import { CapturedLogs } from './harness/captured-logs';
import { createTestApp, TestApp } from './harness/test-app';
import { createKeyViaApi } from './harness/validation-kit';

/*
 * Issue 20: a reported key never reaches a log line, whatever came of it (revoked, false positive, refused
 * signature, refused shape), and each report keeps its request line: the route is not a machine route.
 */
describe('secret-scanning logs (issue 20)', () => {
  const signer = new GithubSigner();
  const logs = new CapturedLogs();
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      env: { LOG_LEVEL: 'info', SECRET_SCANNING_GITHUB_KEYS: signer.document() },
      overrides: [[LogDestination, { stream: logs.stream }]],
    });
  });
  afterAll(() => sut.close());

  it('names the key id, url and outcome, never the key, in every line of every kind of answer', async () => {
    const key = await createKeyViaApi(sut);
    const lookalike = key.api_key.slice(0, -1) + (key.api_key.endsWith('0') ? '1' : '0');
    await logs.settle();
    logs.clear();
    await report(sut, signer, [finding(key.api_key), finding(lookalike)])
      .set('X-Request-Id', 'trace-leak')
      .expect(200);
    const raw = JSON.stringify([finding(key.api_key)]);
    await postReport(sut, `${raw} `, signer.headers(raw)).expect(401);
    const shapeless = JSON.stringify({ token: key.api_key });
    await postReport(sut, shapeless, signer.headers(shapeless)).expect(422);
    await logs.settle();
    const text = logs.text();
    expect(text).not.toContain(key.api_key);
    expect(text).not.toContain(lookalike);
    expect(text).not.toContain(key.api_key.slice(8));
    const leak = logs.lines().find((l) => l.msg === 'Leaked key reported by GitHub secret scanning');
    expect(leak).toEqual(
      expect.objectContaining({
        key_id: key.key_id,
        url: 'https://github.com/octo/leaky/blob/main/.env',
        outcome: 'revoked',
        requestId: 'trace-leak',
      }),
    );
    const requestLines = logs
      .lines()
      .filter((l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/secret-scanning/github');
    expect(requestLines.map((l) => (l.res as { statusCode: number }).statusCode)).toEqual([200, 401, 422]);
  });
});
