import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { compareSync } from 'bcryptjs';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { lookupDigest } from '../../src/common/keys/key-format';
import { ApiKeyEntity } from '../../src/keys/api-key.entity';
import { createTestApp, TestApp } from '../harness/test-app';
import { TEST_ADMIN_TOKEN } from '../harness/test-env';
import { ARTIFACTS, CHROMIUM, chromiumArgs } from './chromium';

// Swagger UI in Debian's chromium under the app's real helmet CSP (README "Tests": npm run test:browser).
// The page is opened as http://docs.hokusai.test, a plain-http origin that is not loopback, as a browser on another
// machine sees the service: Chrome exempts 127.0.0.1 from CSP upgrade-insecure-requests, which once blanked /docs.
const HOST = 'docs.hokusai.test';
const CHROMIUM_ARGS = chromiumArgs(HOST);

describe('Swagger UI in a real browser', () => {
  let sut: TestApp;
  let browser: Browser;
  let page: Page;
  let docsUrl: string;
  let pageErrors: string[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    sut = await createTestApp();
    await sut.app.listen(0, '127.0.0.1');
    docsUrl = `http://${HOST}:${(sut.app.getHttpServer().address() as AddressInfo).port}/docs`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  beforeEach(async () => {
    pageErrors = [];
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('requestfailed', (r) => pageErrors.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(docsUrl);
    await page
      .locator('.swagger-ui .info .title')
      .filter({ hasText: 'Hokusai Authentication Service' })
      .waitFor({ timeout: 15000 })
      .catch((err: Error) => {
        throw new Error(`Swagger UI did not render (${err.message}):\n${pageErrors.join('\n')}`);
      });
  });

  afterEach(() => page.close());

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('loads its own script and CSS under the CSP, with nothing refused or failed', async () => {
    const csp = (await request(sut.app.getHttpServer()).get('/docs/').expect(200)).headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    expect(pageErrors.filter((e) => /Content Security Policy|Refused to|ERR_/i.test(e))).toEqual([]);
  });

  it('creates a key through Authorize, Try it out and Execute, and the key is in the database', async () => {
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(TEST_ADMIN_TOKEN);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();
    await dialog.waitFor({ state: 'detached' });

    const createKey = page.locator('.opblock.opblock-post').filter({
      has: page.locator('.opblock-summary-path[data-path="/api/v1/keys"]'),
    });
    await createKey.locator('.opblock-summary').first().click();
    await createKey.locator('button.try-out__btn').click();
    await createKey
      .locator('textarea.body-param__text')
      .fill(JSON.stringify({ name: 'from swagger', service_id: 'platform' }));
    await createKey.locator('button.execute').click();

    const response = createKey.locator('.live-responses-table tr.response');
    await response.waitFor({ timeout: 15000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await createKey.screenshot({ path: join(ARTIFACTS, 'swagger-create-key.png') });
    expect((await response.locator('td.response-col_status').textContent())?.trim()).toBe('201');
    const shown = (await response.locator('.response-col_description .highlight-code pre').first().textContent()) ?? '';
    const body = JSON.parse(shown) as { api_key: string; key_id: string; key_info: { key_id: string; name: string } };
    expect(body.api_key).toMatch(/^hk_live_[0-9A-Za-z]{32}$/);
    expect([body.key_info.key_id, body.key_info.name]).toEqual([body.key_id, 'from swagger']);

    const row = await sut.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: body.key_id });
    expect([row.name, row.serviceId, row.userId, row.isActive]).toEqual(['from swagger', 'platform', 'admin', true]);
    expect(row.lookupDigest).toBe(lookupDigest(body.api_key));
    expect(compareSync(body.api_key, row.keyHash)).toBe(true);
    expect(await sut.dataSource.getRepository(ApiKeyEntity).count()).toBe(1);
  });
});
