import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * usage_events (append-only, written by group commit) and the two rollups kept in the same transaction as each
 * insert, so reports never scan a month of raw events (ARCHITECTURE.md "Storage"; issue 7's growth plan):
 * usage_hourly for stats and aggregates, usage_monthly for billing and the debit check (its row is also the
 * per-key lock that serialises concurrent debits).
 */
export class CreateUsageEvents1795590000000 implements MigrationInterface {
  name = 'CreateUsageEvents1795590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        key_id uuid NOT NULL,
        service_id varchar(64) NOT NULL,
        endpoint varchar(512) NOT NULL,
        status_code smallint NOT NULL,
        response_time_ms integer NOT NULL,
        predictions_count integer NOT NULL DEFAULT 0,
        compute_ms integer NOT NULL DEFAULT 0,
        model_id varchar(255) NULL,
        idempotency_key varchar(255) NULL,
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        debit_answer jsonb NULL,
        CONSTRAINT usage_events_pkey PRIMARY KEY (id),
        CONSTRAINT usage_events_status_check CHECK (status_code = 0 OR status_code BETWEEN 100 AND 599),
        CONSTRAINT usage_events_amounts_check CHECK (response_time_ms >= 0 AND predictions_count >= 0 AND compute_ms >= 0)
      )`);
    // NULLs never conflict, so only events that carry an idempotency key pay for this index.
    await q.query(`
      CREATE UNIQUE INDEX usage_events_idempotency_key ON usage_events (key_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX usage_events_key_time_idx ON usage_events (key_id, occurred_at)`);
    await q.query(`CREATE INDEX usage_events_time_service_idx ON usage_events (occurred_at, service_id)`);

    await q.query(`
      CREATE TABLE usage_hourly (
        key_id uuid NOT NULL,
        hour_start timestamptz NOT NULL,
        service_id varchar(64) NOT NULL,
        endpoint varchar(512) NOT NULL,
        requests bigint NOT NULL DEFAULT 0,
        predictions bigint NOT NULL DEFAULT 0,
        compute_ms bigint NOT NULL DEFAULT 0,
        known_requests bigint NOT NULL DEFAULT 0,
        error_requests bigint NOT NULL DEFAULT 0,
        known_response_ms bigint NOT NULL DEFAULT 0,
        CONSTRAINT usage_hourly_pkey PRIMARY KEY (key_id, hour_start, service_id, endpoint)
      )`);
    await q.query(`CREATE INDEX usage_hourly_time_service_idx ON usage_hourly (hour_start, service_id)`);

    await q.query(`
      CREATE TABLE usage_monthly (
        key_id uuid NOT NULL,
        month_start timestamptz NOT NULL,
        requests bigint NOT NULL DEFAULT 0,
        predictions bigint NOT NULL DEFAULT 0,
        compute_ms bigint NOT NULL DEFAULT 0,
        CONSTRAINT usage_monthly_pkey PRIMARY KEY (key_id, month_start),
        CONSTRAINT usage_monthly_key_fkey FOREIGN KEY (key_id) REFERENCES api_keys (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE usage_monthly`);
    await q.query(`DROP TABLE usage_hourly`);
    await q.query(`DROP TABLE usage_events`);
  }
}
