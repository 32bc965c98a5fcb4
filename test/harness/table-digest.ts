import { DataSource } from 'typeorm';

const TABLES = ['api_keys', 'audit_events', 'usage_events', 'usage_hourly', 'usage_monthly'];

/** Row count and an md5 of every row of each table: equal before and after means a request changed no data. */
export function tableDigest(dataSource: DataSource): Promise<{ table: string; rows: number; digest: string }[]> {
  const parts = TABLES.map(
    (t) =>
      `SELECT '${t}' AS "table", count(*)::int AS "rows", md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM ${t} x`,
  );
  return dataSource.query(parts.join(' UNION ALL '));
}
