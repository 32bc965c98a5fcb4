// The console's only way out: the service's public REST API on the same origin, with the admin token as Bearer.
import { errorMessage, fieldErrors } from './api-errors.js';
import { getToken } from './session.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(errorMessage(status, body));
    this.status = status;
    this.body = body;
  }

  get fields() {
    return fieldErrors(this.body);
  }
}

let onUnauthorized = () => {};

/** Called when a stored token stops working (rotated ADMIN_TOKEN): the console goes back to sign-in. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Returns { data, headers }; throws ApiError with the API's own message on any non-2xx. */
export async function api(path, { method = 'GET', query, body, token = getToken() } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token ?? ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && token === getToken()) onUnauthorized(err);
    throw err;
  }
  return { data, headers: res.headers };
}
