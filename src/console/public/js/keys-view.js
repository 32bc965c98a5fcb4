// The keys table: server-side filters and cursor paging through GET /api/v1/keys, local name and environment filters.
import { api } from './api.js';
import { byId, h, showMessage, timeEl } from './dom.js';
import { formatCount, formatLocal, formatScopes, formatUtc, keyStatus } from './format.js';
import { listQuery, matchesLocalFilter } from './key-filter.js';

const state = { keys: [], cursor: null, filters: {}, handlers: {} };

function readFilters() {
  const f = new FormData(byId('filters'));
  return {
    search: f.get('search') ?? '',
    service_id: f.get('service_id') ?? '',
    environment: f.get('environment') ?? '',
    active_only: f.get('active_only') === 'on',
    expiring_within_days: f.get('expiring_within_days') ?? '',
  };
}

/** Loads the first page again (reset) or the next page through the API's cursor (X-Next-Cursor). */
export async function loadKeys({ more = false } = {}) {
  showMessage(byId('keys-message'), '');
  if (!more) state.filters = readFilters();
  try {
    const { data, headers } = await api('/api/v1/keys', {
      query: listQuery(state.filters, more ? state.cursor : null),
    });
    state.keys = more ? state.keys.concat(data) : data;
    state.cursor = headers.get('X-Next-Cursor');
    render();
  } catch (err) {
    showMessage(byId('keys-message'), err.message);
  }
}

/** Puts a key's fresh state in its row (revoke, rotate) or, when new, at the top (create, the rotation's successor). */
export function upsertKey(key) {
  const i = state.keys.findIndex((k) => k.key_id === key.key_id);
  if (i >= 0) state.keys[i] = key;
  else state.keys.unshift(key);
  render();
}

export function findKey(id) {
  return state.keys.find((k) => k.key_id === id);
}

function render() {
  const shown = state.keys.filter((k) => matchesLocalFilter(k, state.filters));
  byId('keys-table').tBodies[0].replaceChildren(...shown.map(row));
  if (!shown.length)
    byId('keys-table').tBodies[0].append(h('tr', {}, h('td', { colSpan: 10, className: 'muted' }, 'No keys match.')));
  const hiddenCount = state.keys.length - shown.length;
  byId('keys-count').textContent =
    `${shown.length} shown` +
    (hiddenCount ? `, ${hiddenCount} loaded keys filtered out by name or environment` : '') +
    (state.cursor ? '; more keys on the server' : '');
  byId('keys-more').hidden = !state.cursor;
}

function row(key) {
  const status = keyStatus(key);
  // A rotated key in its grace period still works and may be revoked early; it cannot be rotated again (409).
  const canRevoke = key.is_active;
  const limits = `${formatCount(key.rate_limit_per_hour)}/h · ${formatCount(key.monthly_prediction_limit)} predictions/month`;
  // data-label names each cell on a narrow window, where the stylesheet turns rows into cards.
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h(
    'tr',
    { 'data-key-id': key.key_id },
    h('th', { scope: 'row' }, key.name),
    cell('Key', h('code', {}, key.key_prefix)),
    cell('Service', key.service_id),
    cell('Environment', key.environment),
    cell('Scopes', formatScopes(key.scopes)),
    cell('Limits', limits),
    cell('Status', h('span', { className: `badge ${status}` }, status)),
    cell('Last used', timeEl(key.last_used_at, formatLocal(key.last_used_at), formatUtc(key.last_used_at))),
    cell('Expires', timeEl(key.expires_at, formatLocal(key.expires_at), formatUtc(key.expires_at))),
    h(
      'td',
      { className: 'row-actions' },
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          'aria-label': `Usage of ${key.name}`,
          onclick: () => state.handlers.onOpen(key),
        },
        'Usage',
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          disabled: status !== 'active',
          'aria-label': `Rotate ${key.name}`,
          onclick: () => state.handlers.onRotate(key),
        },
        'Rotate',
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'danger',
          disabled: !canRevoke,
          'aria-label': `Revoke ${key.name}`,
          onclick: () => state.handlers.onRevoke(key),
        },
        'Revoke',
      ),
    ),
  );
}

export function initKeysView(handlers) {
  state.handlers = handlers;
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadKeys();
  });
  // Name and environment are local: they apply as the admin types, without a round trip.
  byId('filters').addEventListener('input', (e) => {
    if (e.target.name === 'search' || e.target.name === 'environment') {
      state.filters = { ...state.filters, search: readFilters().search, environment: readFilters().environment };
      render();
    }
  });
  byId('keys-more').addEventListener('click', () => loadKeys({ more: true }));
}
