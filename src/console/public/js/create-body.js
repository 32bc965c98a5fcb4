// The create form's values turned into the body of POST /api/v1/keys (CONTRACT.md "create"). Empty fields are left
// out so the API's defaults apply; everything else is sent as typed, so the API's 422 is the one validation.

const LIST_SPLIT = /[\s,]+/;

/** values: the form's raw strings by field name; timeZoneOffset is not needed: datetime-local is read as local. */
export function createKeyBody(values) {
  const body = { name: values.name ?? '', service_id: values.service_id ?? '' };
  copyText(body, values, ['environment', 'billing_plan', 'user_id']);
  copyInt(body, values, ['expires_in_days', 'rate_limit_per_hour', 'monthly_prediction_limit']);
  copyList(body, values, ['scopes', 'allowed_ips']);
  if (values.expires_at) body.expires_at = localToIso(values.expires_at);
  return body;
}

function copyText(body, values, names) {
  for (const n of names) if (values[n] && values[n].trim()) body[n] = values[n].trim();
}

function copyInt(body, values, names) {
  for (const n of names) {
    const raw = (values[n] ?? '').trim();
    if (raw) body[n] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
}

function copyList(body, values, names) {
  for (const n of names) {
    const items = (values[n] ?? '').split(LIST_SPLIT).filter(Boolean);
    if (items.length) body[n] = items;
  }
}

// <input type="datetime-local"> gives "2027-01-31T10:00" with no offset, which the API would read as UTC: the admin
// meant their own clock, so the offset is added here.
function localToIso(value) {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
