// The API's error bodies (CONTRACT.md "Errors") turned into what the console shows: the API's own words, never ours.

/** One line for a banner: a business error's sentence, or the first violation of a 422 list. */
export function errorMessage(status, body) {
  const detail = body && body.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail) && detail.length) return detail.map((d) => violationText(d)).join('; ');
  if (detail && typeof detail === 'object' && detail.message) return detail.message;
  return `Request failed (HTTP ${status})`;
}

/** A 422's violations by body field, so each message is shown beside its field: {"name": ["..."]}. */
export function fieldErrors(body) {
  const out = {};
  const detail = body && Array.isArray(body.detail) ? body.detail : [];
  for (const v of detail) {
    const loc = Array.isArray(v.loc) ? v.loc : [];
    const field = loc[0] === 'body' && typeof loc[1] === 'string' ? loc[1] : '_form';
    (out[field] ??= []).push(v.msg);
  }
  return out;
}

function violationText(v) {
  const where = Array.isArray(v.loc) ? v.loc.slice(1).join('.') : '';
  return where ? `${where}: ${v.msg}` : String(v.msg);
}
