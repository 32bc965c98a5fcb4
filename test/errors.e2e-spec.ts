import request from 'supertest';
import { ProbeModule } from './harness/probe.module';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

describe('error shapes (CONTRACT.md "Errors")', () => {
  let sut: TestApp;
  const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    sut = await createTestApp({ imports: [ProbeModule] });
  });
  afterAll(() => sut.close());

  it('unknown route: 404 {"detail":"Not Found"}', async () => {
    const res = await request(sut.app.getHttpServer()).get('/no/such/route').expect(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });

  it('known path, wrong method: 405 {"detail":"Method Not Allowed"}', async () => {
    const res = await request(sut.app.getHttpServer()).delete('/health').expect(405);
    expect(res.body).toEqual({ detail: 'Method Not Allowed' });
  });

  it('schema violations: 422 with one entry per violation located in the body', async () => {
    const res = await request(sut.app.getHttpServer())
      .post('/probe/public')
      .send({ name: '', count: 9, extra: 1 })
      .expect(422);
    expect(res.body).toEqual({
      detail: [
        { loc: ['body', 'name'], msg: expect.any(String), type: 'string_too_short' },
        { loc: ['body', 'count'], msg: expect.any(String), type: 'less_than_equal' },
      ],
    });
  });

  it('a missing field is type "missing"', async () => {
    const res = await request(sut.app.getHttpServer()).post('/probe/public').send({ count: 1 }).expect(422);
    expect(res.body.detail).toEqual([{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }]);
  });

  it('a JSON body that is not an object is a 422, not a crash', async () => {
    const res = await request(sut.app.getHttpServer())
      .post('/probe/public')
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(422);
    expect(res.body.detail[0].loc).toEqual(['body']);
  });

  it('malformed JSON: 422 json_invalid at ["body"]', async () => {
    const res = await request(sut.app.getHttpServer())
      .post('/probe/public')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(422);
    expect(res.body).toEqual({ detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] });
  });

  it('a body over 64 KiB: 413 {"detail":"Request body too large"}', async () => {
    const res = await request(sut.app.getHttpServer())
      .post('/probe/public')
      .send({ name: 'x'.repeat(70 * 1024), count: 1 })
      .expect(413);
    expect(res.body).toEqual({ detail: 'Request body too large' });
  });

  it('an unexpected failure: 500 with a generic detail, no message or SQL', async () => {
    const res = await request(sut.app.getHttpServer()).post('/probe/boom').expect(500);
    expect(res.body).toEqual({ detail: 'Internal Server Error' });
  });

  it('valid input passes the pipe transformed', async () => {
    const res = await request(sut.app.getHttpServer())
      .post('/probe/admin')
      .set(admin)
      .send({ name: 'ok', count: 2, junk: true })
      .expect(201);
    expect(res.body).toEqual({ name: 'ok', count: 2 });
  });

  it('echoes a sane X-Request-Id and replaces an insane one', async () => {
    const mine = await request(sut.app.getHttpServer()).get('/health').set('X-Request-Id', 'abc-123');
    expect(mine.headers['x-request-id']).toBe('abc-123');
    const bad = await request(sut.app.getHttpServer()).get('/health').set('X-Request-Id', 'a b<script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await request(sut.app.getHttpServer()).get('/nope');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and no X-Powered-By; CORS is closed by default', async () => {
    const res = await request(sut.app.getHttpServer()).get('/health').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
