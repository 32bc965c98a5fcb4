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

  it('describes every property and parameter, and types whole numbers as integer', async () => {
    const res = await request(sut.app.getHttpServer()).get('/openapi.json').expect(200);
    const doc = res.body as OpenApiDocument;
    const undescribed: string[] = [];
    const numbers: string[] = [];
    const check = (at: string, schema: SchemaObject, isProperty: boolean) => {
      if (isProperty && !isRef(schema) && !schema.description?.trim()) undescribed.push(at);
      if (hasNumberType(schema) && !FRACTIONAL.has(at)) numbers.push(at);
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) walk(name, schema, check);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const param of op.parameters ?? []) {
          const at = `${method.toUpperCase()} ${path} ${param.in}:${param.name}`;
          if (!param.description?.trim()) undescribed.push(at);
          if (param.schema) {
            check(at, param.schema, false);
            walk(at, param.schema, check);
          }
        }
      }
    }
    expect({ undescribed, numbers }).toEqual({ undescribed: [], numbers: [] });
  });

  it('serves the Swagger UI at /docs', async () => {
    const res = await request(sut.app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});

interface SchemaObject {
  type?: string | string[];
  description?: string;
  $ref?: string;
  allOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  additionalProperties?: SchemaObject | boolean;
}

interface OpenApiDocument {
  components: { schemas: Record<string, SchemaObject> };
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; description?: string; schema?: SchemaObject }[] }>
  >;
}

/** The only fields that may hold a fraction (CONTRACT.md): averages, a share, and money. */
const FRACTIONAL = new Set([
  'ServiceDayUsage.avg_response_time_ms',
  'SeriesPointResponse.avg_response_time_ms',
  'UsageStatsResponse.average_response_time_ms',
  'UsageStatsResponse.error_rate',
  'BillingResponse.overage_charges',
]);

const isRef = (s: SchemaObject) => s.$ref !== undefined || (s.allOf?.length === 1 && s.allOf[0].$ref !== undefined);
const hasNumberType = (s: SchemaObject) => ([] as string[]).concat(s.type ?? []).includes('number');

/**
 * Visits what a schema holds, as `Schema.property` (nested: `Schema.property.inner`): its properties, recursing into
 * nested properties, array items (`[]`) and map values (`{}`); only properties are flagged as such.
 */
function walk(at: string, schema: SchemaObject, visit: (at: string, s: SchemaObject, isProperty: boolean) => void) {
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    visit(`${at}.${key}`, prop, true);
    walk(`${at}.${key}`, prop, visit);
  }
  if (schema.items) {
    visit(`${at}[]`, schema.items, false);
    walk(`${at}[]`, schema.items, visit);
  }
  if (typeof schema.additionalProperties === 'object') {
    visit(`${at}{}`, schema.additionalProperties, false);
    walk(`${at}{}`, schema.additionalProperties, visit);
  }
}
