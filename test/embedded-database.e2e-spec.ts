import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { testDatabaseUrl } from './harness/test-env';

/*
 * The data-loss trap of ARCHITECTURE.md: 20 concurrent transactions, 4 of which fail. PostgreSQL keeps 16; the
 * embedded PGlite must keep exactly the same, which needs the serialising pool. Run on both databases.
 */
const targets: [string, string | undefined][] = [['PGlite (embedded)', undefined]];
if (testDatabaseUrl()) targets.push(['PostgreSQL', testDatabaseUrl()]);

describe.each(targets)('concurrent transactions with failures on %s', (_name, databaseUrl) => {
  let db: DataSource;

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions({ databaseUrl, dataDir: 'memory://' }), migrations: [], entities: [] });
    await db.initialize();
    await db.query('DROP TABLE IF EXISTS concurrency_probe');
    await db.query('CREATE TABLE concurrency_probe (id int PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(async () => {
    await db.query('DROP TABLE IF EXISTS concurrency_probe');
    await db.destroy();
  });

  it('keeps the 16 committed rows of 20 when 4 roll back', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO concurrency_probe (id, note) VALUES ($1, $2)', [i, 'first']);
          await new Promise((r) => setTimeout(r, 1));
          // Every fifth transaction breaks a NOT NULL constraint and rolls back its own insert.
          await tx.query('INSERT INTO concurrency_probe (id, note) VALUES ($1, $2)', [
            1000 + i,
            i % 5 === 0 ? null : 'second',
          ]);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM concurrency_probe');
    expect(count).toBe(32);
    const ids: { id: number }[] = await db.query('SELECT id FROM concurrency_probe WHERE id < 1000 ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19]);
  });
});
