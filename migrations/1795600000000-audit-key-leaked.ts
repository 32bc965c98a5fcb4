import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: a key reported by GitHub secret scanning leaves a `key.leaked` audit row (with the report's url and
 * source), which the audit filter lists. The action check is widened to admit it.
 */
export class AuditKeyLeaked1795600000000 implements MigrationInterface {
  name = 'AuditKeyLeaked1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check`);
    await q.query(`
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check
      CHECK (action IN ('key.create', 'key.revoke', 'key.rotate', 'admin.auth_failed', 'key.leaked'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check`);
    // The table is append-only, so key.leaked rows written meanwhile stay: NOT VALID refuses new ones without
    // failing on them.
    await q.query(`
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check
      CHECK (action IN ('key.create', 'key.revoke', 'key.rotate', 'admin.auth_failed')) NOT VALID`);
  }
}
