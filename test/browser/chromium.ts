import { join } from 'node:path';

/** Debian's chromium, which the browser tests drive (playwright-core downloads none here). */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

/**
 * Headless flags for a test run with no network, and `host` resolved to the app on loopback: the tests open the
 * app under a plain-http origin that is not loopback, as a browser on another machine sees the service (Chrome
 * exempts 127.0.0.1 from CSP upgrade-insecure-requests, which once blanked /docs).
 */
export function chromiumArgs(host: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--host-resolver-rules=MAP ${host} 127.0.0.1`,
  ];
}
