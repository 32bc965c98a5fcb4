import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiKeyInfo, UsageEvent } from '../types';
import { FakeKeyStore, Reply } from './fake-key-store';

/*
 * An in-memory stand-in for the auth service that answers as CONTRACT.md says (201/200 bodies, 401/404/409/422/429
 * errors), for tests of the client, the middleware and the CLI. Knobs: a delay per path (timeouts), a number of
 * failures to serve first (retries), and a log of every request received.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeServerOptions {
  adminToken?: string;
}

export class FakeHokusaiServer {
  readonly store = new FakeKeyStore();
  readonly received: ReceivedRequest[] = [];
  readonly adminToken: string;
  private readonly server: Server;
  private readonly delays = new Map<string, number>();
  private readonly failures: { path: string; status: number; remaining: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: FakeServerOptions = {}) {
    this.adminToken = options.adminToken ?? 'fake-admin-token-0123456789abcdef0123';
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answer requests to `path` only after `ms` (a slow endpoint). */
  delay(path: string, ms: number): void {
    this.delays.set(path, ms);
  }

  /** The next `times` requests to `path` answer `status` (a flaky endpoint). */
  fail(path: string, times: number, status = 503): void {
    this.failures.push({ path, status, remaining: times });
  }

  requestsTo(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Creates a key directly, as POST /api/v1/keys would. */
  addKey(overrides: Partial<ApiKeyInfo> = {}): { apiKey: string; info: ApiKeyInfo } {
    return this.store.create({ name: 'fixture', service_id: 'platform', ...overrides });
  }

  usageOf(keyId: string): UsageEvent[] {
    return this.store.usage.get(keyId) ?? [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, {
        status: 422,
        body: { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] },
      });
    }
    const received = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    this.received.push(received);
    const delay = this.delays.get(url.pathname);
    if (delay) await new Promise<void>((resolve) => this.timers.add(setTimeout(resolve, delay)));
    if (res.destroyed) return;
    const failure = this.failures.find((f) => f.path === url.pathname && f.remaining > 0);
    if (failure) {
      failure.remaining--;
      return send(res, {
        status: failure.status,
        body: { detail: 'Service temporarily unavailable' },
        headers: { 'Retry-After': '0' },
      });
    }
    send(res, this.route(received));
  }

  private route(r: ReceivedRequest): Reply {
    const m = /^\/api\/v1\/(keys|usage)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(r.path);
    if (!m) return { status: 404, body: { detail: 'Not Found' } };
    const [, group, id, action] = m;
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (group === 'keys' && id === 'validate' && !action && r.method === 'POST')
      return this.store.validate(r.headers, body, r.query);
    if (group === 'usage' && id && !action && r.method === 'POST') return this.store.recordUsage(id, body);
    if (!this.isAdmin(r.headers.authorization)) {
      return {
        status: 401,
        body: { detail: 'Invalid or missing admin token' },
        headers: { 'WWW-Authenticate': 'Bearer' },
      };
    }
    if (group === 'keys') return this.keysRoute(r.method, id, action, body, r.query);
    if (id && action === 'stats' && r.method === 'GET') return this.store.stats(id, r.query.get('period'));
    if (id && action === 'billing' && r.method === 'GET') return this.store.billing(id);
    return { status: 404, body: { detail: 'Not Found' } };
  }

  private keysRoute(
    method: string,
    id: string | undefined,
    action: string | undefined,
    body: Record<string, unknown>,
    q: URLSearchParams,
  ): Reply {
    if (!id && method === 'POST') return this.store.createFromRequest(body);
    if (!id && method === 'GET') return this.store.list(q);
    if (id && !action && method === 'GET') return this.store.get(id);
    if (id && !action && method === 'DELETE') return this.store.revoke(id);
    if (id && action === 'rotate' && method === 'POST') return this.store.rotate(id, body);
    return { status: 405, body: { detail: 'Method Not Allowed' } };
  }

  private isAdmin(authorization: string | undefined): boolean {
    return authorization === `Bearer ${this.adminToken}`;
  }
}

/** A port nothing listens on: the service is "down". */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function fakeApiKey(prefix = 'hk_live_'): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return prefix + [...randomBytes(32)].map((b) => alphabet[b % 62]).join('');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}
