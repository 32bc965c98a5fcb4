/**
 * Runs fuzz cases against the real app and checks what must hold after every one (CONTRACT.md "Errors"):
 * no 5xx, FastAPI-shaped error bodies, no data changed by a refused request, no polluted prototype.
 */
import fc, { Arbitrary } from 'fast-check';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { POLLUTION_MARK, toJsonText } from './fuzz-arbitraries';
import { TestApp } from './test-app';
import { TEST_ADMIN_TOKEN } from './test-env';

const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const TABLES = ['api_keys', 'audit_events', 'usage_events', 'usage_hourly', 'usage_monthly'];
const LOCATIONS = ['body', 'query', 'path'];

/** One request: `path` is sent as written (already percent-encoded); `raw` is sent instead of `body`. */
export interface Wire {
  method: 'get' | 'post' | 'delete';
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * invalid: the input breaks the contract, so the answer is a 4xx and nothing changes. mixed: anything below 500;
 * only a 2xx may change data. read: anything below 500, and nothing changes whatever the answer.
 */
export type Expectation = 'invalid' | 'mixed' | 'read';

/** What came back: `body` is the parsed JSON, or undefined. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TableState {
  table: string;
  rows: number;
  digest: string;
}

export class FuzzRunner {
  /** Cases run so far in this file. */
  runs = 0;
  private state: TableState[] = [];
  private readonly prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
  private readonly server: Server;
  // Keep-alive: thousands of cases on fresh connections spend more time in TCP than in the app.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly sut: TestApp) {
    this.server = sut.app.getHttpServer();
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.state = await this.tables();
  }

  stop(): void {
    this.agent.destroy();
  }

  /** Sends the path byte for byte (no URL normalisation, so `..` and broken escapes arrive as written). */
  send(w: Wire, retried = false): Promise<Answer> {
    const payload = w.raw ?? (w.body === undefined ? undefined : toJsonText(w.body));
    const headers: Record<string, string | number> = { Authorization: ADMIN, ...w.headers };
    if (payload !== undefined) {
      headers['Content-Type'] = w.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const { port } = this.server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: w.path, method: w.method.toUpperCase(), headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            if (/^application\/json/.test(String(res.headers['content-type']))) body = JSON.parse(text);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
          });
        },
      );
      // A kept-alive socket the server closed meanwhile (e.g. after a 413): Node's documented answer is to retry.
      req.on('error', (err: NodeJS.ErrnoException) =>
        req.reusedSocket && err.code === 'ECONNRESET' && !retried ? resolve(this.send(w, true)) : reject(err),
      );
      req.end(payload);
    });
  }

  /** `numRuns` cases from `arb`; every answer is checked, and `extra` may assert more about it. */
  async check<T>(
    numRuns: number,
    arb: Arbitrary<T>,
    toWire: (value: T) => Wire,
    expectation: Expectation,
    extra?: (res: Answer, value: T) => void,
  ): Promise<void> {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    const details = await fc.check(
      fc.asyncProperty(arb, async (value) => {
        await this.case(toWire(value), expectation, (res) => extra?.(res, value));
      }),
      { numRuns, seed },
    );
    if (details.failed) throw new Error(failureReport(details));
  }

  /** One case: sends `wire` and checks the answer, the tables and the prototypes. */
  async case(wire: Wire, expectation: Expectation, extra?: (res: Answer) => void): Promise<Answer> {
    this.runs++;
    const res = await this.send(wire);
    const [before, after] = [this.state, await this.tables()];
    // The new state is the baseline even when this case fails, so that one change does not fail every later case.
    this.state = after;
    try {
      this.expectAnswer(res, expectation);
      extra?.(res);
      // A refused request (or a read) changes nothing; an accepted mixed case may.
      if (res.status >= 300 || expectation !== 'mixed') expect(after).toEqual(before);
      this.expectPrototypesClean();
    } catch (err) {
      throw new Error(`${(err as Error).message}\nAnswer: ${res.status} ${res.text.slice(0, 500)}`);
    }
    return res;
  }

  async expectHealthy(): Promise<void> {
    const res = await this.send({ method: 'get', path: '/health' });
    expect([res.status, res.body.status]).toEqual([200, 'healthy']);
    this.expectPrototypesClean();
  }

  private expectAnswer(res: Answer, expectation: Expectation): void {
    expect(res.status).toBeLessThan(500);
    if (expectation === 'invalid') expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    if (res.status < 400) return;
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toHaveProperty('detail');
    if (res.status !== 422) return;
    expect(res.body.detail).toEqual(expect.arrayContaining([expect.anything()]));
    for (const v of res.body.detail) {
      expect(v).toEqual({ loc: expect.any(Array), msg: expect.any(String), type: expect.any(String) });
      expect(LOCATIONS).toContain(v.loc[0]);
    }
  }

  private expectPrototypesClean(): void {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(this.prototypeNames);
    expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined();
  }

  private tables(): Promise<TableState[]> {
    const parts = TABLES.map(
      (t) =>
        `SELECT '${t}' AS "table", count(*)::int AS "rows", md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM ${t} x`,
    );
    return this.sut.dataSource.query(parts.join(' UNION ALL '));
  }
}

/** fast-check's report, with the counterexample cut short: bodies of 20k characters would drown the cause. */
function failureReport<T>(details: fc.RunDetails<T>): string {
  const example = fc.stringify(details.counterexample);
  const shown = example.length > 1500 ? `${example.slice(0, 1500)}… (${example.length} characters)` : example;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return (
    `Property failed after ${details.numRuns} runs (FUZZ_SEED=${details.seed}, path ${details.counterexamplePath})\n` +
    `Counterexample: ${shown}\nCause: ${cause.slice(0, 3000)}`
  );
}

/** `n` in the test name, so the report shows how many cases each property ran. */
export const cases = (n: number) => `(${n} cases)`;
