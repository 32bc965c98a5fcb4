import { EventEmitter } from 'node:events';
import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool';

/*
 * PGlite is one PostgreSQL session. typeorm-pglite hands that session to every query runner at once, so one
 * request's ROLLBACK undoes another's work (ARCHITECTURE.md "DATA LOSS TRAP"). This pool lends the session to one
 * query runner at a time, from connect to release, as a real pool lends a connection.
 */
type PgResult = { rows: unknown[]; rowCount: number; command: string };
type Release = (err?: unknown) => void;
type Callback = (err: Error | null, client: SessionLease | null, release: Release) => void;

class SessionLease extends EventEmitter {
  constructor(private readonly session: PGlitePool) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<PgResult> {
    const raw = (await this.session.query(sql, params)) as { rows?: unknown[]; affectedRows?: number };
    const rows = raw.rows ?? [];
    const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
    return { rows, rowCount: raw.affectedRows ?? rows.length, command };
  }
}

// One PGlite per process (typeorm-pglite's singleton), so one queue per process too.
let tail: Promise<void> = Promise.resolve();

// typeorm-pglite's PGlite is a process-wide singleton: every DataSource on it holds one of these pools, and only
// the last to end may close it, or destroying one DataSource would empty every other's database.
let openPools = 0;

export class SerialPGlitePool extends EventEmitter {
  private readonly session = new PGlitePool();
  private ended = false;

  constructor() {
    super();
    openPools++;
  }

  async connect(callback: Callback): Promise<void> {
    let free!: () => void;
    const turn = new Promise<void>((resolve) => (free = resolve));
    const previous = tail;
    tail = previous.then(() => turn);
    await previous;
    let released = false;
    const release: Release = () => {
      if (released) return;
      released = true;
      free();
    };
    await this.session.connect((err) => {
      if (err) {
        release();
        callback(err as Error, null, () => undefined);
      } else {
        callback(null, new SessionLease(this.session), release);
      }
    });
  }

  /** A pool-level query takes its own turn, like pg's pool.query. */
  query(sql: string, params?: unknown[]): Promise<PgResult> {
    return new Promise((resolve, reject) => {
      void this.connect((err, lease, release) => {
        if (err || !lease) return reject(err ?? new Error('no PGlite session lease'));
        lease
          .query(sql, params)
          .then(resolve, reject)
          .finally(() => release());
      });
    });
  }

  end(callback: (err: Error | null) => void): void {
    if (!this.ended) {
      this.ended = true;
      openPools--;
    }
    if (openPools > 0) callback(null);
    else this.session.end(callback);
  }
}
