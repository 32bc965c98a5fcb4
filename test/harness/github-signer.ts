import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './test-app';

/*
 * Stands in for GitHub's secret scanning (issue 20): a P-256 key pair of the test's own, the public-keys document
 * the service is configured with, and reports signed the way GitHub signs them (ECDSA over SHA-256, base64 DER).
 */
export const SCANNING_ROUTE = '/api/v1/secret-scanning/github';
export const KEY_ID = 'test-github-key-1';

export class GithubSigner {
  private readonly privateKey: KeyObject;
  private readonly publicPem: string;

  constructor(readonly identifier = KEY_ID) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** The value of SECRET_SCANNING_GITHUB_KEYS. */
  document(): string {
    return JSON.stringify({
      public_keys: [{ key_identifier: this.identifier, key: this.publicPem, is_current: true }],
    });
  }

  sign(body: string | Buffer): string {
    return sign('sha256', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), this.privateKey).toString('base64');
  }

  headers(body: string | Buffer): Record<string, string> {
    return { 'Github-Public-Key-Identifier': this.identifier, 'Github-Public-Key-Signature': this.sign(body) };
  }
}

export interface Finding {
  token: string;
  type?: string;
  url?: string;
  source?: string;
}

export const finding = (token: string, url = 'https://github.com/octo/leaky/blob/main/.env'): Finding => ({
  token,
  type: 'hokusai_api_key',
  url,
  source: 'content',
});

/** POSTs `raw` (sent byte for byte) with the given headers. */
export function postReport(sut: TestApp, raw: string, headers: Record<string, string>) {
  return request(sut.app.getHttpServer())
    .post(SCANNING_ROUTE)
    .set({ 'Content-Type': 'application/json', ...headers })
    .send(raw);
}

/** A report signed by `signer`, as GitHub sends it. */
export function report(sut: TestApp, signer: GithubSigner, findings: Finding[]) {
  const raw = JSON.stringify(findings);
  return postReport(sut, raw, signer.headers(raw));
}
