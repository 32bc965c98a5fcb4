import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { createTestApp, TestApp } from '../harness/test-app';
import { TEST_ADMIN_TOKEN } from '../harness/test-env';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  chartRows,
  HOST,
  measureWeight,
  shot,
  watchErrors,
  writeWeight,
} from './console-helpers';

// The admin console (issue 21) in Debian's chromium under the service's own CSP, on a plain-http origin that is
// not loopback (as swagger-ui.browser-spec.ts explains). One admin's session, step by step: each test goes on
// from where the previous one left the page. Screenshots land in test/artifacts/console-*.png, the page weight in
// test/artifacts/console-page-weight.json. Page-side checks are string expressions: tsconfig has no DOM lib.
type Point = { start: string; requests: number; errors: number };

describe('the admin console in a real browser', () => {
  let sut: TestApp;
  let http: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let errors: string[];
  let created: { apiKey: string; keyId: string };
  const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    sut = await createTestApp();
    await sut.app.listen(0, '127.0.0.1');
    http = sut.app.getHttpServer();
    origin = `http://${HOST}:${(http.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  afterEach(() => expect(errors.splice(0)).toEqual([]));

  it('loads from the service alone, under its CSP, and shows the sign-in form', async () => {
    const weight = measureWeight(page);
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    // goto waits for the load event: every stylesheet, the classic uPlot script and the whole module graph.
    await page.goto(`${origin}/console`);
    await page.locator('#signin-token').waitFor();
    const total = writeWeight(await weight());
    console.log(`console page weight: ${total} bytes`);
    expect(total).toBeLessThan(150_000);
    expect(foreign).toEqual([]);
    expect(await page.evaluate('typeof window.uPlot')).toBe('function');
    await shot(page, 'console-01-sign-in');
  });

  it("shows the API's own message for a wrong token, and keeps nothing", async () => {
    await page.fill('#signin-token', 'not-the-admin-token');
    await page.press('#signin-token', 'Enter');
    await page.locator('#signin-error:not([hidden])').waitFor();
    await expect(page.locator('#signin-error').textContent()).resolves.toBe('Invalid or missing admin token');
    expect(await page.evaluate('sessionStorage.length + localStorage.length')).toBe(0);
  });

  it('signs in with the keyboard and keeps the token in sessionStorage only', async () => {
    await page.fill('#signin-token', TEST_ADMIN_TOKEN);
    await page.press('#signin-token', 'Enter');
    await page.locator('#keys-view').waitFor();
    expect(await page.evaluate('[Object.keys(sessionStorage), localStorage.length, document.cookie]')).toEqual([
      ['hokusai.adminToken'],
      0,
      '',
    ]);
  });

  it("puts the API's 422 messages beside their fields", async () => {
    await page.focus('#create-open');
    await page.keyboard.press('Enter');
    await page.fill('#create-rate_limit_per_hour', '5');
    await page.click('#create-form button[type="submit"]');
    await page.locator('#create-error-rate_limit_per_hour').waitFor();
    const shown = await page.$$eval('#create-form .field-error:not([hidden])', (ps) => ps.map((p) => p.id));
    expect(shown).toEqual(
      expect.arrayContaining(['create-error-name', 'create-error-service_id', 'create-error-rate_limit_per_hour']),
    );
    expect(await page.getAttribute('#create-rate_limit_per_hour', 'aria-invalid')).toBe('true');
    await shot(page, 'console-02-create-validation');
  });

  it('creates a key and shows it once, with a copy button and the warning', async () => {
    await page.fill('#create-name', 'checkout web');
    await page.selectOption('#create-service_id', 'platform');
    await page.fill('#create-scopes', 'predict, model:read');
    await page.fill('#create-rate_limit_per_hour', '500');
    await page.fill('#create-monthly_prediction_limit', '10000');
    await page.fill('#create-expires_in_days', '30');
    await page.click('#create-form button[type="submit"]');
    await page.locator('#secret-dialog[open]').waitFor();
    const apiKey = await page.inputValue('#secret-value');
    expect(apiKey).toMatch(/^hk_live_[0-9A-Za-z]{32}$/);
    await expect(page.locator('#secret-dialog').textContent()).resolves.toContain('it cannot be shown again');
    await page.click('#secret-copy');
    await page.locator('#secret-copied', { hasText: /\w/ }).waitFor();
    await expect(page.locator('#secret-copied').textContent()).resolves.toMatch(/Copied|Ctrl\+C/);
    await shot(page, 'console-03-new-key-once');
    await page.click('#secret-dialog [data-close]');
    // The dialog's 'close' event, which drops the key from the page, is dispatched as a task after close(): read
    // the input until it is empty, for at most a second (waitForFunction would evaluate a string, which the
    // console's CSP forbids).
    let shown = await page.inputValue('#secret-value');
    for (let tries = 0; shown !== '' && tries < 50; tries++) {
      await page.waitForTimeout(20);
      shown = await page.inputValue('#secret-value');
    }
    expect(shown).toBe('');
    const keyId = await page.getAttribute('#keys-table tbody tr:first-child', 'data-key-id');
    created = { apiKey, keyId: keyId ?? '' };
  });

  it('lists the key with its masked prefix, scopes, limits and expiry (UTC on hover)', async () => {
    const row = page.locator(`tr[data-key-id="${created.keyId}"]`);
    const cells = await row.locator('th, td').allTextContents();
    expect(cells.slice(0, 7)).toEqual([
      'checkout web',
      `${created.apiKey.slice(0, 11)}***`,
      'platform',
      'production',
      'predict, model:read',
      '500/h · 10,000 predictions/month',
      'active',
    ]);
    expect(await row.locator('td:nth-child(9) time').getAttribute('title')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    await page.fill('#filters input[name="search"]', 'nothing like it');
    await expect(page.locator('#keys-table tbody').textContent()).resolves.toBe('No keys match.');
    await page.fill('#filters input[name="search"]', 'CHECKOUT');
    await expect(row.isVisible()).resolves.toBe(true);
    await shot(page, 'console-04-keys-table');
  });

  /** Waits for the series answer `show` makes the page ask for (listening first: it can answer before show returns). */
  async function seriesShown(bucket: string, show: () => Promise<void>): Promise<void> {
    const answer = page.waitForResponse((r) => r.url().includes(`/series?`) && r.url().includes(`bucket=${bucket}`));
    await show();
    // The route answers the page's own query again, from outside the browser: the chart's table mirrors it exactly.
    const url = new URL((await answer).url());
    const again = await request(http).get(`${url.pathname}${url.search}`).set(admin).expect(200);
    const points = (again.body as { points: Point[] }).points;
    await page.locator(`#series-chart[data-points="${points.length}"]`).waitFor();
    expect(await chartRows(page, '#series-chart')).toEqual(
      points.map((p) => [new Date(p.start).toISOString(), p.requests, p.errors]),
    );
    expect(points.reduce((n, p) => n + p.requests, 0)).toBe(5);
  }

  it("charts the key's usage recorded through the API, point for point with the series route", async () => {
    for (const status of [200, 200, 201, 500, 0]) {
      await request(http)
        .post(`/api/v1/usage/${created.keyId}`)
        .send({ service_id: 'platform', endpoint: '/api/v1/models/predict', status_code: status, response_time_ms: 40 })
        .expect(200);
    }
    await seriesShown('hour', () => page.click(`tr[data-key-id="${created.keyId}"] button:has-text("Usage")`));
    // Stats, billing and audit load beside the series: wait for each one's last cell.
    await page.locator('#usage-stats dd:nth-of-type(6)').waitFor();
    await page.locator('#billing dd:nth-of-type(5)').waitFor();
    await page.locator('#top-endpoints tbody code').waitFor();
    const stats = await page.locator('#usage-stats dd').allTextContents();
    expect(stats.slice(1)).toEqual(['5', '0', '0 ms', '25.0 %', '40.0 ms']);
    await expect(page.locator('#billing').textContent()).resolves.toContain('10,000');
    await expect(page.locator('#top-endpoints tbody').textContent()).resolves.toContain('/api/v1/models/predict');
    await page.locator('#audit-table tbody tr[data-action="key.create"]').waitFor();
    await shot(page, 'console-05-key-usage-hourly');
    await seriesShown('day', () => page.check('input[name="bucket"][value="day"]'));
    await shot(page, 'console-06-key-usage-daily');
  });

  it('stacks the platform usage by date and service for a range', async () => {
    await page.click('#nav [data-view="platform-view"]');
    await page.locator('#platform-chart[data-points="30"]').waitFor();
    const rows = await chartRows(page, '#platform-chart');
    expect(rows).toHaveLength(30);
    expect(rows.reduce((n, r) => n + r[1], 0)).toBe(5);
    await shot(page, 'console-07-platform-usage');
  });

  it('rotates with a grace period, shows the new key once and refreshes the row', async () => {
    await page.click('#nav [data-view="keys-view"]');
    await page.click(`tr[data-key-id="${created.keyId}"] button:has-text("Rotate")`);
    await page.selectOption('#rotate-grace', '24');
    await shot(page, 'console-08-rotate-grace');
    await page.click('#rotate-form button[type="submit"]');
    await page.locator('#secret-dialog[open]').waitFor();
    const newKey = await page.inputValue('#secret-value');
    expect(newKey).toMatch(/^hk_live_[0-9A-Za-z]{32}$/);
    await expect(page.locator('#secret-note').textContent()).resolves.toContain('The old key keeps working until');
    await shot(page, 'console-09-rotated-key-once');
    await page.click('#secret-dialog [data-close]');
    await page.locator(`tr[data-key-id="${created.keyId}"] .badge`, { hasText: 'rotated' }).waitFor();
    const rows = await page.$$eval('#keys-table tbody tr', (trs) =>
      trs.map((tr) => tr.querySelector('code')?.textContent),
    );
    expect(rows).toEqual([`${newKey.slice(0, 11)}***`, `${created.apiKey.slice(0, 11)}***`]);
  });

  it('revokes after a confirmation naming the key, and the row says so', async () => {
    const newRow = page.locator('#keys-table tbody tr').first();
    const newId = await newRow.getAttribute('data-key-id');
    await newRow.locator('button:has-text("Revoke")').click();
    await expect(page.locator('#revoke-text').textContent()).resolves.toContain('Revoke "checkout web"');
    await shot(page, 'console-10-revoke-confirm');
    await page.click('#revoke-confirm');
    await page.locator(`tr[data-key-id="${newId}"] .badge`, { hasText: 'revoked' }).waitFor();
    const fresh = await request(http).get(`/api/v1/keys/${newId}`).set(admin).expect(200);
    expect(fresh.body.is_active).toBe(false);
  });

  it('pages through the API cursor and filters by service on the server', async () => {
    for (let i = 0; i < 50; i++) {
      await request(http)
        .post('/api/v1/keys')
        .set(admin)
        .send({ name: `batch ${i}`, service_id: 'website' })
        .expect(201);
    }
    await page.fill('#filters input[name="search"]', '');
    await page.click('#nav [data-view="keys-view"]');
    await page.locator('#keys-table tbody tr[data-key-id]:nth-child(50)').waitFor();
    expect(await page.locator('#keys-table tbody tr').count()).toBe(50);
    await page.click('#keys-more');
    await page.locator('#keys-table tbody tr[data-key-id]:nth-child(52)').waitFor();
    expect(await page.isVisible('#keys-more')).toBe(false);
    await page.selectOption('#filters select[name="service_id"]', 'platform');
    await page.click('#filters button[type="submit"]');
    await page.locator('#keys-count', { hasText: /^2 shown$/ }).waitFor();
    await page.selectOption('#filters select[name="service_id"]', '');
    await page.click('#filters button[type="submit"]');
    await page.locator('#keys-count', { hasText: 'more keys on the server' }).waitFor();
  });

  it('stays readable on a narrow window: nothing but the tables scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot(page, 'console-11-narrow', false);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('signs out: the token is gone and the sign-in form is back', async () => {
    await page.click('#sign-out');
    await page.locator('#signin-view:not([hidden])').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await page.isVisible('#keys-view')).toBe(false);
  });
});
