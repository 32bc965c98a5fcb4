import request from 'supertest';
import { isMachineRoute } from '../src/common/routes/machine-routes';
import { createTestApp, TestApp } from './harness/test-app';

describe('health, readiness and metrics', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('GET / names the service and its docs', async () => {
    const res = await request(sut.app.getHttpServer()).get('/').expect(200);
    expect(res.body).toEqual({ service: 'hokusai-auth-service', version: '1.0.0', docs: '/docs' });
  });

  it.each(['/health', '/auth/health'])('GET %s answers healthy with a +00:00 timestamp', async (path) => {
    const res = await request(sut.app.getHttpServer()).get(path).expect(200);
    expect(res.body).toEqual({
      status: 'healthy',
      service: 'hokusai-auth-service',
      version: '1.0.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
    });
  });

  it('Express tries the machine routes before any admin or documentation route', () => {
    const { stack } = sut.app.getHttpAdapter().getInstance().router;
    const paths = stack.flatMap((layer) => (layer.route ? [String(layer.route.path)] : []));
    const firstOther = paths.findIndex((p) => !isMachineRoute(p));
    expect(paths.slice(0, 6)).toEqual([
      '/api/v1/keys/validate',
      '/health',
      '/auth/health',
      '/live',
      '/ready',
      '/auth/ready',
    ]);
    expect(paths.slice(firstOther).filter(isMachineRoute)).toEqual([]);
    expect(paths).toContain('/api/v1/audit');
  });

  it('GET /live answers alive', async () => {
    const res = await request(sut.app.getHttpServer()).get('/live').expect(200);
    expect(res.body).toEqual({ status: 'alive' });
  });

  it.each(['/ready', '/auth/ready'])('GET %s checks the database and the store', async (path) => {
    const res = await request(sut.app.getHttpServer()).get(path).expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: true, redis: true } });
  });

  it('GET /metrics answers the contract JSON by default', async () => {
    await request(sut.app.getHttpServer()).get('/health');
    const res = await request(sut.app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({
      requests: expect.any(Number),
      validations: expect.any(Object),
      cache: { hits: expect.any(Number), misses: expect.any(Number) },
      bcrypt_compares: expect.any(Number),
      usage_events: { buffered: expect.any(Number), flushed: expect.any(Number) },
      degraded: false,
    });
    expect(res.body.requests).toBeGreaterThan(0);
  });

  it('GET /metrics answers Prometheus text when Accept prefers text/plain', async () => {
    const res = await request(sut.app.getHttpServer())
      .get('/metrics')
      .set('Accept', 'text/plain;version=0.0.4')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('hokusai_http_request_duration_seconds_bucket{');
    expect(res.text).toMatch(
      /hokusai_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/,
    );
    expect(res.text).toContain('hokusai_degraded 0');
    expect(res.text).toContain('hokusai_process_cpu_user_seconds_total');
  });

  it('GET /metrics/prometheus always answers text', async () => {
    const res = await request(sut.app.getHttpServer()).get('/metrics/prometheus').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE hokusai_validations_total counter');
  });
});
