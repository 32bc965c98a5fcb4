import request from 'supertest';
import { AuditRepository } from '../src/audit/audit.repository';
import { createTestApp, TestApp } from './harness/test-app';
import { testDatabaseUrl } from './harness/test-env';
import { ADMIN, createKeyViaApi } from './harness/validation-kit';

/*
 * A key change and its audit row commit together or not at all (issue "Hardening", faults): the audit write is made
 * to fail after the key row was written in the same transaction. On the embedded PGlite, which is one database
 * session, concurrent admin writes with some failing must leave exactly the rows PostgreSQL leaves.
 */
const targets: [string, string | undefined][] = [['PGlite (embedded)', undefined]];
if (testDatabaseUrl()) targets.push(['PostgreSQL', testDatabaseUrl()]);

describe.each(targets)('key writes and their audit rows on %s', (_name, databaseUrl) => {
  let sut: TestApp;
  let audit: AuditRepository;
  const http = () => request(sut.app.getHttpServer());
  const counts = async () => {
    const [{ keys, events }] = await sut.dataSource.query(
      'SELECT (SELECT count(*)::int FROM api_keys) AS keys, (SELECT count(*)::int FROM audit_events) AS events',
    );
    return { keys, events };
  };

  beforeAll(async () => {
    sut = await createTestApp({ env: { DATABASE_URL: databaseUrl } });
    audit = sut.app.get(AuditRepository);
  });
  afterAll(() => sut.close());
  afterEach(() => jest.restoreAllMocks());

  /** The audit write fails for the calls `failing` picks, after the key row was written in the same transaction. */
  const failAudit = (failing: (call: number) => boolean) => {
    const original = audit.append.bind(audit);
    let call = 0;
    jest.spyOn(audit, 'append').mockImplementation(async (...args) => {
      if (failing(call++)) throw new Error('simulated crash before the audit row');
      return original(...args);
    });
  };

  it('create: a failed audit write leaves no key behind', async () => {
    const before = await counts();
    failAudit(() => true);
    await http().post('/api/v1/keys').set(ADMIN).send({ name: 'orphan?', service_id: 'platform' }).expect(500);
    expect(await counts()).toEqual(before);
  });

  it('revoke and rotate: a failed audit write leaves the key as it was, and no successor', async () => {
    const key = await createKeyViaApi(sut);
    const before = await counts();
    failAudit(() => true);
    await http().delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(500);
    await http().post(`/api/v1/keys/${key.key_id}/rotate`).set(ADMIN).send({}).expect(500);
    jest.restoreAllMocks();
    expect(await counts()).toEqual(before);
    const stored = await http().get(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
    expect(stored.body).toMatchObject({ is_active: true, revoked_at: null, rotated_to: null });
  });

  it('20 concurrent creates of which 4 fail keep exactly 16 keys, each with its audit row', async () => {
    const before = await counts();
    failAudit((call) => call % 5 === 4);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http()
          .post('/api/v1/keys')
          .set(ADMIN)
          .send({ name: `concurrent ${i}`, service_id: 'platform' }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(16).fill(201), ...Array(4).fill(500)]);
    expect(await counts()).toEqual({ keys: before.keys + 16, events: before.events + 16 });
    const created = answers
      .filter((r) => r.status === 201)
      .map((r) => r.body.key_id)
      .sort();
    const audited = await sut.dataSource.query(
      `SELECT key_id FROM audit_events WHERE action = 'key.create' AND key_id = ANY($1::uuid[]) ORDER BY key_id`,
      [created],
    );
    expect(audited.map((r: { key_id: string }) => r.key_id)).toEqual(created);
  });
});
