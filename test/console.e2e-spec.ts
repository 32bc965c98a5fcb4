import { readdirSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './harness/test-app';
import { EXPECTED_CSP } from './harness/expected-csp';

// The admin console's static files (issue 21): served by the service itself, without the admin token, under the
// same helmet headers and CSP as every browser-facing answer; nothing else of node_modules is published.
const CSP = EXPECTED_CSP;
const PUBLIC = join(__dirname, '..', 'src', 'console', 'public');
const MODULES = readdirSync(join(PUBLIC, 'js')).filter((f) => f.endsWith('.js'));
const JS = /^text\/javascript; charset=utf-8$/;

describe('the console at /console', () => {
  let sut: TestApp;
  let http: Server;

  beforeAll(async () => {
    sut = await createTestApp({ clean: false });
    http = sut.app.getHttpServer();
  });
  afterAll(() => sut.close());

  it('redirects /console to /console/, so the page resolves its relative assets', async () => {
    const res = await request(http).get('/console').expect(301);
    expect(res.headers.location).toBe('/console/');
  });

  it('serves the page without a token, with the CSP, helmet headers and a request id', async () => {
    const res = await request(http).get('/console/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers).toEqual(
      expect.objectContaining({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' }),
    );
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.text).toBe(readFileSync(join(PUBLIC, 'index.html'), 'utf8'));
  });

  it('has nothing the CSP refuses: no inline script, no event-handler attribute, nothing from another origin', () => {
    const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    expect(html.match(/\son[a-z]+=/gi)).toBeNull();
    expect(html.match(/\b(?:src|href)="(?:https?:)?\/\//g)).toBeNull();
    const unsafe = MODULES.filter((f) =>
      /\beval\(|new Function\(|\.innerHTML\s*=|setAttribute\('style'/.test(readFileSync(join(PUBLIC, 'js', f), 'utf8')),
    );
    expect(unsafe).toEqual([]);
  });

  it.each([
    ['console.css', 'text/css; charset=utf-8'],
    ['vendor/uplot/uPlot.min.css', 'text/css; charset=utf-8'],
    ['vendor/uplot/uPlot.iife.min.js', JS],
    ...MODULES.map((f): [string, RegExp] => [`js/${f}`, JS]),
  ])('serves %s as %s, without a token', async (path, type) => {
    const res = await request(http).get(`/console/${path}`).expect(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(100);
  });

  it('resolves every module import of the page to a served file', () => {
    for (const f of MODULES) {
      const imports = [...readFileSync(join(PUBLIC, 'js', f), 'utf8').matchAll(/from '\.\/([\w-]+\.js)'/g)].map(
        (m) => m[1],
      );
      for (const i of imports) expect([f, i, MODULES.includes(i)]).toEqual([f, i, true]);
    }
  });

  it.each([
    '/console/vendor/uplot/uPlot.d.ts',
    '/console/vendor/uplot/uPlot.esm.js',
    '/console/vendor/uplot/package.json',
    '/console/nope.js',
    '/console/%2e%2e/console.module.ts',
    '/console/..%2f..%2fpackage.json',
  ])('answers %s with the API 404 body: only the page and uPlot build are published', async (path) => {
    const res = await request(http).get(path);
    expect([res.status, res.body]).toEqual([404, { detail: 'Not Found' }]);
  });

  it('does not open the API: the admin routes still want the token', async () => {
    await request(http).get('/api/v1/keys').expect(401);
  });
});
