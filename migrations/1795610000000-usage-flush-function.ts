import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: a group-commit flush in one round trip. A flush used five (BEGIN, lock the month counters, look up
 * idempotency keys, insert with both rollups, COMMIT), and the platform middleware waits for them before every
 * platform request. usage_flush() runs the same statements in one call; the writer hands in the state it planned
 * on (`expected`: counters and stored idempotency keys, as this function returns them) and the rows that plan
 * inserts. Under the counter locks, the function compares that state with the one it reads: equal, it inserts;
 * otherwise it inserts nothing and returns what it read, for the writer to plan again (UsageBatchCommitter).
 *
 * Statements inside a plpgsql function take a fresh snapshot each (READ COMMITTED), so the lookup after the lock
 * sees what a concurrent flush committed while this one waited for the lock, as the separate statements did.
 * The SQL is a copy of the statements it replaced at the time of this migration (migrations never import src).
 */
export class UsageFlushFunction1795610000000 implements MigrationInterface {
  name = 'UsageFlushFunction1795610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION usage_flush(
        lock_key uuid[], lock_month timestamptz[], idem_key uuid[], idem_value varchar[], expected jsonb,
        ev_key uuid[], ev_service varchar[], ev_endpoint varchar[], ev_status int[], ev_response_ms int[],
        ev_predictions int[], ev_compute_ms int[], ev_model varchar[], ev_idem varchar[], ev_at timestamptz[],
        ev_answer jsonb[]
      ) RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        counters jsonb;
        stored jsonb;
        inserted bigint;
      BEGIN
        -- Creates each (key, month) counter row if needed and locks it, in key order (the lock order of every
        -- writer): the no-op update is what takes the lock. The key's plan and limit come with it.
        WITH wanted AS (
          SELECT * FROM unnest(lock_key, lock_month) AS w(key_id, month_start) ORDER BY key_id, month_start
        ), locked AS (
          INSERT INTO usage_monthly AS m (key_id, month_start) SELECT key_id, month_start FROM wanted
          ON CONFLICT (key_id, month_start) DO UPDATE SET predictions = m.predictions
          RETURNING m.key_id, m.month_start, m.predictions
        )
        SELECT coalesce(jsonb_object_agg(
                 l.key_id::text || '|' || (extract(epoch FROM l.month_start) * 1000)::bigint,
                 jsonb_build_object('predictions', l.predictions, 'plan', k.billing_plan,
                                    'limit', k.monthly_prediction_limit)), '{}')
        INTO counters
        FROM locked l JOIN api_keys k ON k.id = l.key_id;

        -- One index probe per wanted key; OFFSET 0 keeps the planner from scanning the whole partial index.
        SELECT coalesce(jsonb_object_agg(e.key_id::text || '|' || e.idempotency_key, e.debit_answer), '{}')
        INTO stored
        FROM unnest(idem_key, idem_value) AS w(key_id, idempotency_key)
        CROSS JOIN LATERAL (
          SELECT key_id, idempotency_key, debit_answer FROM usage_events
          WHERE key_id = w.key_id AND idempotency_key = w.idempotency_key AND idempotency_key IS NOT NULL
          OFFSET 0
        ) e;

        IF expected IS DISTINCT FROM jsonb_build_object('counters', counters, 'stored', stored) THEN
          RETURN jsonb_build_object('applied', false, 'counters', counters, 'stored', stored);
        END IF;

        WITH ins AS (
          INSERT INTO usage_events (key_id, service_id, endpoint, status_code, response_time_ms, predictions_count,
                                    compute_ms, model_id, idempotency_key, occurred_at, debit_answer)
          SELECT * FROM unnest(ev_key, ev_service, ev_endpoint, ev_status, ev_response_ms, ev_predictions,
                               ev_compute_ms, ev_model, ev_idem, ev_at, ev_answer)
          ON CONFLICT (key_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
          RETURNING key_id, service_id, endpoint, status_code, response_time_ms, predictions_count, compute_ms,
                    occurred_at
        ), hourly AS (
          INSERT INTO usage_hourly AS h (key_id, hour_start, service_id, endpoint, requests, predictions, compute_ms,
                                         known_requests, error_requests, known_response_ms)
          SELECT key_id, date_trunc('hour', occurred_at, 'UTC'), service_id, endpoint, count(*),
                 sum(predictions_count), sum(compute_ms), count(*) FILTER (WHERE status_code <> 0),
                 count(*) FILTER (WHERE status_code >= 400),
                 coalesce(sum(response_time_ms) FILTER (WHERE status_code <> 0), 0)
          FROM ins GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
          ON CONFLICT (key_id, hour_start, service_id, endpoint) DO UPDATE SET
            requests = h.requests + EXCLUDED.requests, predictions = h.predictions + EXCLUDED.predictions,
            compute_ms = h.compute_ms + EXCLUDED.compute_ms, known_requests = h.known_requests + EXCLUDED.known_requests,
            error_requests = h.error_requests + EXCLUDED.error_requests,
            known_response_ms = h.known_response_ms + EXCLUDED.known_response_ms
        ), monthly AS (
          INSERT INTO usage_monthly AS m (key_id, month_start, requests, predictions, compute_ms)
          SELECT key_id, date_trunc('month', occurred_at, 'UTC'), count(*), sum(predictions_count), sum(compute_ms)
          FROM ins GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (key_id, month_start) DO UPDATE SET requests = m.requests + EXCLUDED.requests,
            predictions = m.predictions + EXCLUDED.predictions, compute_ms = m.compute_ms + EXCLUDED.compute_ms
        )
        SELECT count(*) INTO inserted FROM ins;
        RETURN jsonb_build_object('applied', true, 'inserted', inserted);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION usage_flush`);
  }
}
