import request from 'supertest';
import { createTestApp, TestApp } from './harness/test-app';

describe('OpenAPI document and Swagger UI', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('serves /openapi.json with bearer auth declared globally', async () => {
    const res = await request(sut.app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body.info).toEqual(
      expect.objectContaining({ title: 'Hokusai Authentication Service', version: '1.0.0' }),
    );
    expect(res.body.components.securitySchemes.admin).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(res.body.security).toEqual([{ admin: [] }]);
  });

  it('marks public operations with an empty security requirement, and only those', async () => {
    const res = await request(sut.app.getHttpServer()).get('/openapi.json').expect(200);
    const ops = Object.entries(
      res.body.paths as Record<string, Record<string, { security?: unknown[]; 'x-public'?: boolean; tags?: string[] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ route: `${m.toUpperCase()} ${path}`, op })),
    );
    for (const { route, op } of ops) {
      expect([route, op.security]).toEqual([route, op['x-public'] ? [] : undefined]);
      expect([route, op.tags?.length]).toEqual([route, 1]);
    }
    expect(ops.find((o) => o.route === 'GET /health')?.op.tags).toEqual(['health']);
  });

  it('serves the Swagger UI at /docs', async () => {
    const res = await request(sut.app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
