import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page, Response } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, chromiumArgs } from './chromium';

// What the console browser test shares between its steps: the artifact folder, screenshots, the page's errors,
// and the bytes of everything the page loads (the closing note asks for the page weight).
export { ARTIFACTS, CHROMIUM };
export const HOST = 'console.hokusai.test';
export const CHROMIUM_ARGS = chromiumArgs(HOST);

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

// helmet's Cross-Origin-Opener-Policy is ignored on plain http from a non-loopback host, and Chrome says so as an
// error; it refuses nothing. The 4xx lines are the console's own deliberate wrong-token and 422 calls.
const HARMLESS = /Cross-Origin-Opener-Policy header has been ignored|status of 4\d\d/;

/** Console errors, page errors, failed requests: a CSP refusal shows up in one of them. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !HARMLESS.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  return errors;
}

/** Bytes of every response body the page receives, by path, until the returned function is called. */
export function measureWeight(page: Page): () => Promise<Record<string, number>> {
  const pending: Promise<[string, number]>[] = [];
  const onResponse = (r: Response) => {
    // A redirect (/console to /console/) has no body to count.
    if (r.status() >= 300 && r.status() < 400) return;
    pending.push(
      r.body().then(
        (b) => [new URL(r.url()).pathname, b.length] as [string, number],
        () => [r.url(), -1],
      ),
    );
  };
  page.on('response', onResponse);
  return async () => {
    page.off('response', onResponse);
    return Object.fromEntries(await Promise.all(pending));
  };
}

export function writeWeight(weights: Record<string, number>): number {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'console-page-weight.json'), `${JSON.stringify({ ...weights, total }, null, 2)}\n`);
  return total;
}

/** The rows of a chart's mirror table (not uPlot's legend, also a table): [ISO start, ...numbers]. */
export async function chartRows(page: Page, figure: string): Promise<[string, ...number[]][]> {
  return page.$$eval(`${figure} .chart-data tbody tr`, (trs) =>
    trs.map(
      (tr) =>
        [
          new Date(tr.getAttribute('data-x') ?? '').toISOString(),
          ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent)),
        ] as [string, ...number[]],
    ),
  );
}
