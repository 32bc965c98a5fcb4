import { MigrationInterface, QueryRunner } from 'typeorm';

/** api_keys and the append-only audit_events (ARCHITECTURE.md "Storage"; plain PostgreSQL 15, runs on PGlite). */
export class CreateApiKeysAndAuditEvents1795580000000 implements MigrationInterface {
  name = 'CreateApiKeysAndAuditEvents1795580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        key_hash varchar(72) NOT NULL,
        lookup_digest char(64) NOT NULL,
        key_prefix varchar(16) NOT NULL,
        user_id varchar(255) NOT NULL DEFAULT 'admin',
        service_id varchar(32) NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        environment varchar(16) NOT NULL DEFAULT 'production',
        is_active boolean NOT NULL DEFAULT true,
        rate_limit_per_hour integer NOT NULL DEFAULT 1000,
        burst_limit_per_second integer NULL,
        monthly_prediction_limit integer NULL,
        billing_plan varchar(50) NOT NULL DEFAULT 'free',
        allowed_ips cidr[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NULL,
        last_used_at timestamptz(3) NULL,
        revoked_at timestamptz(3) NULL,
        rotated_from uuid NULL,
        rotated_to uuid NULL,
        CONSTRAINT api_keys_pkey PRIMARY KEY (id),
        CONSTRAINT api_keys_lookup_key UNIQUE (lookup_digest),
        CONSTRAINT api_keys_rotated_from_key UNIQUE (rotated_from),
        CONSTRAINT api_keys_rotated_from_fkey FOREIGN KEY (rotated_from) REFERENCES api_keys (id),
        CONSTRAINT api_keys_rotated_to_fkey FOREIGN KEY (rotated_to) REFERENCES api_keys (id),
        CONSTRAINT api_keys_service_check CHECK (service_id IN ('website', 'prediction', 'platform')),
        CONSTRAINT api_keys_environment_check CHECK (environment IN ('production', 'test', 'development')),
        CONSTRAINT api_keys_rate_limit_check CHECK (rate_limit_per_hour BETWEEN 10 AND 100000),
        CONSTRAINT api_keys_burst_check CHECK (burst_limit_per_second IS NULL OR burst_limit_per_second >= 1),
        CONSTRAINT api_keys_prediction_limit_check CHECK (monthly_prediction_limit IS NULL OR monthly_prediction_limit >= 0)
      )`);
    await q.query(`CREATE INDEX api_keys_created_idx ON api_keys (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX api_keys_service_created_idx ON api_keys (service_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX api_keys_user_created_idx ON api_keys (user_id, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX api_keys_expiring_idx ON api_keys (expires_at) WHERE is_active AND expires_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE audit_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        actor varchar(255) NOT NULL,
        action varchar(32) NOT NULL,
        key_id uuid NULL,
        client_ip inet NULL,
        request_id varchar(128) NULL,
        details jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT audit_events_pkey PRIMARY KEY (id),
        CONSTRAINT audit_events_action_check CHECK (action IN ('key.create', 'key.revoke', 'key.rotate', 'admin.auth_failed'))
      )`);
    await q.query(`CREATE INDEX audit_events_time_idx ON audit_events (occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_key_time_idx ON audit_events (key_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_action_time_idx ON audit_events (action, occurred_at DESC, id DESC)`);
    // Append-only: no UPDATE or DELETE, whoever asks (TRUNCATE stays for test resets and retention jobs).
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      DO $$ BEGIN
        EXECUTE 'REVOKE UPDATE, DELETE ON audit_events FROM PUBLIC';
      EXCEPTION WHEN OTHERS THEN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE api_keys`);
  }
}
