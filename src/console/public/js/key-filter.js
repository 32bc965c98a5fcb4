// The list route filters by service, activity and expiry (CONTRACT.md "list"); it has no name or environment
// filter, so those two are applied here to the keys loaded so far. Pure, specced in src/console/key-filter.spec.ts.

/** The list route's query from the filter form's values. */
export function listQuery(values, cursor) {
  const q = { limit: 50 };
  if (values.service_id) q.service_id = values.service_id;
  if (values.active_only) q.active_only = 'true';
  if (values.expiring_within_days) q.expiring_within_days = values.expiring_within_days;
  if (cursor) q.cursor = cursor;
  return q;
}

/** Whether a loaded key passes the filters the API cannot apply: name contains (any case), environment. */
export function matchesLocalFilter(key, values) {
  const search = (values.search ?? '').trim().toLowerCase();
  if (search && !key.name.toLowerCase().includes(search)) return false;
  return !values.environment || key.environment === values.environment;
}
