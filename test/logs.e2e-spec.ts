import request from 'supertest';
import { LogDestination } from '../src/common/logging/log-destination';
import { generateKey } from '../src/common/keys/key-format';
import { MetricsService } from '../src/common/metrics/metrics.service';
import { createKey } from './harness/factories';
import { ProbeModule } from './harness/probe.module';
import { CapturedLogs } from './harness/captured-logs';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/** Issue 16 items 13 to 15: no secret in a log line, refusals and usage answers logged (rate limited), X-Request-Id everywhere. */
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
describe('logs (issue 16 items 13 to 15)', () => {
  let sut: TestApp;
  const logs = new CapturedLogs();
  const http = () => request(sut.app.getHttpServer());
  const refusals = async (status: string, code: string) =>
    (await sut.app.get(MetricsService).usageRefusals.get()).values.find(
      (v) => v.labels.status === status && v.labels.code === code,
    )?.value ?? 0;

  beforeAll(async () => {
    sut = await createTestApp({
      imports: [ProbeModule],
      env: {
        LOG_LEVEL: 'info',
        USAGE_AUTH: 'token',
        USAGE_TOKEN: 'usage-token-0123456789abcdef0123456789',
        ADMIN_AUTH_FAILURES_PER_MINUTE: '1000',
      },
      overrides: [[LogDestination, { stream: logs.stream }]],
    });
  });
  beforeEach(() => logs.clear());
  afterAll(() => sut.close());

  describe('request lines: admin routes log one, the machine routes none (issue 17: pino-http off the hot path)', () => {
    it('a successful validation, /live and /health write no line; an admin read writes one with its request id', async () => {
      const key = await http()
        .post('/api/v1/keys')
        .set(admin)
        .send({ name: 'quiet', service_id: 'platform' })
        .expect(201);
      await logs.settle();
      logs.clear();
      await http()
        .post('/api/v1/keys/validate')
        .set('Authorization', `Bearer ${key.body.api_key}`)
        .send({})
        .expect(200);
      await http().get('/live').expect(200);
      await http().get('/health').expect(200);
      await logs.settle();
      expect(logs.lines()).toEqual([]);
      const listed = await http().get('/api/v1/keys').set(admin).set('X-Request-Id', 'trace-admin-list').expect(200);
      await logs.settle();
      const requestLines = logs
        .lines()
        .filter((l) => (l.req as { id?: string } | undefined)?.id === 'trace-admin-list');
      expect(requestLines).toHaveLength(1);
      expect(listed.headers['x-request-id']).toBe('trace-admin-list');
    });

    it('a refusal and a refused usage call name their request id in their own line', async () => {
      await http().post('/api/v1/keys/validate').set('X-Request-Id', 'trace-refusal').send({}).expect(400);
      await http().post('/api/v1/usage/batch').set('X-Request-Id', 'trace-usage').send({ events: [] }).expect(401);
      await logs.settle();
      expect(
        logs
          .lines()
          .filter((l) => l.msg === 'Validation refused')
          .map((l) => l.requestId),
      ).toContain('trace-refusal');
      expect(
        logs
          .lines()
          .filter((l) => l.msg === 'Usage request refused')
          .map((l) => l.requestId),
      ).toContain('trace-usage');
    });
  });

  describe('item 13: secrets are masked wherever they appear', () => {
    it('a key pasted into a path is logged as its masked prefix only', async () => {
      const key = generateKey('production');
      await http().get(`/api/v1/keys/${key}`).set(admin).expect(422);
      await logs.settle();
      const text = logs.text();
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(8));
      expect(logs.lines().map((l) => (l.req as { url?: string } | undefined)?.url)).toContain(
        `/api/v1/keys/${key.slice(0, 11)}***`,
      );
    });

    it('credential-like query parameters are redacted, and a key in an error message is masked', async () => {
      const key = generateKey('test');
      await http()
        .get(
          `/api/v1/nowhere?access_token=s3cret-a&apikey=s3cret-b&X-Amz-Signature=s3cret-c&password=s3cret-d&q=${key}`,
        )
        .expect(404);
      await http()
        .post('/probe/boom-with')
        .send({ text: `a key ${key} in a driver message` })
        .expect(500);
      await logs.settle();
      const text = logs.text();
      for (const secret of ['s3cret-a', 's3cret-b', 's3cret-c', 's3cret-d', key.slice(8)])
        expect(text).not.toContain(secret);
      expect(text).toContain('access_token=[redacted]');
      expect(text).toContain(`a key ${key.slice(0, 11)}*** in a driver message`);
    });
  });

  describe('item 14: refusals and non-2xx usage answers are logged at warn and counted', () => {
    it('a usage request refused for its token is a warn line with the code and the key id, and a count', async () => {
      const { id } = await createKey(sut.dataSource);
      const before = await refusals('401', 'UNAUTHORIZED');
      await http()
        .post(`/api/v1/usage/${id}`)
        .send({ service_id: 'platform', endpoint: '/p', status_code: 200, response_time_ms: 1 })
        .expect(401);
      await http().get(`/api/v1/usage/${id}/stats?period=nonsense`).set(admin).expect(422);
      await logs.settle();
      expect(logs.lines().filter((l) => l.msg === 'Usage request refused')).toEqual([
        expect.objectContaining({ level: 40, status: 401, code: 'UNAUTHORIZED', keyId: id, method: 'POST' }),
        expect.objectContaining({ level: 40, status: 422, code: 'VALIDATION_ERROR', keyId: id, method: 'GET' }),
      ]);
      expect(await refusals('401', 'UNAUTHORIZED')).toBe(before + 1);
    });

    it('an INVALID_KEY refusal is a warn line; a flood is cut to the rate limit, and the next line says how many were left out', async () => {
      await new Promise((r) => setTimeout(r, 4_000)); // a full bucket (20 lines) to start from
      for (let i = 0; i < 60; i++)
        await http()
          .post('/api/v1/keys/validate')
          .set('Authorization', `Bearer ${generateKey('production')}`)
          .expect(401);
      await logs.settle();
      const flood = logs.lines().filter((l) => l.msg === 'Validation refused');
      expect(flood.length).toBeGreaterThanOrEqual(20);
      expect(flood.length).toBeLessThan(30);
      expect(flood[0]).toEqual(expect.objectContaining({ level: 40, status: 401, code: 'INVALID_KEY' }));
      const suppressed = (await sut.app.get(MetricsService).logLinesSuppressed.get()).values[0]?.value ?? 0;
      expect(suppressed).toBeGreaterThanOrEqual(60 - flood.length);
      await new Promise((r) => setTimeout(r, 300));
      logs.clear();
      await http().post('/api/v1/keys/validate').set('Authorization', 'Bearer nonsense').expect(401);
      await logs.settle();
      expect(logs.lines().find((l) => l.msg === 'Validation refused')).toEqual(
        expect.objectContaining({ code: 'INVALID_KEY', suppressed_since_last_line: expect.any(Number) }),
      );
    });
  });

  describe('item 15: every response carries X-Request-Id', () => {
    it.each([
      '/docs',
      '/docs/',
      '/docs/swagger-ui.css',
      '/docs/swagger-ui-bundle.js',
      '/docs/swagger-ui-init.js',
      '/openapi.json',
    ])("%s: the caller's sane id is echoed, or a new one is made", async (path) => {
      const mine = await http().get(path).set('X-Request-Id', 'docs-req-1');
      expect(mine.status).toBeLessThan(400);
      expect(mine.headers['x-request-id']).toBe('docs-req-1');
      expect((await http().get(path)).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('the id the response carries is the one the log line has', async () => {
      const res = await http().get('/api/v1/keys/not-a-uuid').set(admin).expect(422);
      await logs.settle();
      expect(logs.lines().map((l) => (l.req as { id?: string } | undefined)?.id)).toContain(
        res.headers['x-request-id'],
      );
    });
  });
});
