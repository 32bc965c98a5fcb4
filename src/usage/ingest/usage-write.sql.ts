/*
 * The statements of a group-commit flush (UsageBatchCommitter). Lock order, the same in every writer so that
 * flushes on other replicas wait for each other instead of deadlocking: the usage_monthly rows of the flush (in
 * key order), then events and their idempotency keys, then usage_hourly rows (in key order). A flush that decides
 * (debits, idempotency keys) runs in usage_flush(), a function of migration UsageFlushFunction1795610000000.
 */

// One round trip: lock, compare the state the plan was made on, insert; or, the state moved, the state as read.
export const FLUSH = `
  SELECT usage_flush($1::uuid[], $2::timestamptz[], $3::uuid[], $4::varchar[], $5::jsonb, $6::uuid[], $7::varchar[],
    $8::varchar[], $9::int[], $10::int[], $11::int[], $12::int[], $13::varchar[], $14::varchar[], $15::timestamptz[],
    $16::jsonb[]) AS result`;

const INPUT = `
  SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::int[], $7::int[],
                       $8::varchar[], $9::varchar[], $10::timestamptz[], $11::jsonb[])
    AS t(key_id, service_id, endpoint, status_code, response_time_ms, predictions_count, compute_ms, model_id,
         idempotency_key, occurred_at, debit_answer)`;

const EVENT_COLUMNS = `key_id, service_id, endpoint, status_code, response_time_ms, predictions_count, compute_ms,
  model_id, idempotency_key, occurred_at, debit_answer`;

const RETURNED = `key_id, service_id, endpoint, status_code, response_time_ms, predictions_count, compute_ms, occurred_at`;

// Folds exactly the rows `ins` inserted into usage_hourly.
const HOURLY_FROM_INS = `
  INSERT INTO usage_hourly AS h (key_id, hour_start, service_id, endpoint, requests, predictions, compute_ms,
                                 known_requests, error_requests, known_response_ms)
  SELECT key_id, date_trunc('hour', occurred_at, 'UTC'), service_id, endpoint, count(*), sum(predictions_count),
         sum(compute_ms), count(*) FILTER (WHERE status_code <> 0), count(*) FILTER (WHERE status_code >= 400),
         coalesce(sum(response_time_ms) FILTER (WHERE status_code <> 0), 0)
  FROM ins GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (key_id, hour_start, service_id, endpoint) DO UPDATE SET
    requests = h.requests + EXCLUDED.requests, predictions = h.predictions + EXCLUDED.predictions,
    compute_ms = h.compute_ms + EXCLUDED.compute_ms, known_requests = h.known_requests + EXCLUDED.known_requests,
    error_requests = h.error_requests + EXCLUDED.error_requests,
    known_response_ms = h.known_response_ms + EXCLUDED.known_response_ms`;

const MONTHLY_UPSERT = (source: string) => `
  INSERT INTO usage_monthly AS m (key_id, month_start, requests, predictions, compute_ms)
  SELECT key_id, date_trunc('month', occurred_at, 'UTC'), count(*), sum(predictions_count), sum(compute_ms)
  FROM ${source} GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (key_id, month_start) DO UPDATE SET requests = m.requests + EXCLUDED.requests,
    predictions = m.predictions + EXCLUDED.predictions, compute_ms = m.compute_ms + EXCLUDED.compute_ms`;

// A flush of plain events (no debit, no idempotency key) in one autocommitted statement: every row is new, so the
// counters' increments are known before the insert. The count over `monthly` makes it run (and lock) to the end
// before `ins` reads a row, which keeps the lock order above.
export const APPEND_EVENTS = `
  WITH input AS (${INPUT}
  ), monthly AS (${MONTHLY_UPSERT('input')}
    RETURNING 1
  ), ins AS (
    INSERT INTO usage_events (${EVENT_COLUMNS})
    SELECT * FROM input WHERE (SELECT count(*) FROM monthly) > 0
    RETURNING ${RETURNED}
  ), hourly AS (${HOURLY_FROM_INS}
  )
  SELECT count(*) AS inserted FROM ins`;
