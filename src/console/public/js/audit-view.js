// A key's audit rows, newest first (GET /api/v1/audit?key_id=…, CONTRACT.md "audit log"), older pages on demand.
import { api } from './api.js';
import { byId, h, timeEl } from './dom.js';
import { formatLocal, formatUtc } from './format.js';

const state = { keyId: null, cursor: null };

export async function loadAudit(keyId, more = false) {
  if (!more) state.keyId = keyId;
  const { data } = await api('/api/v1/audit', {
    query: { key_id: state.keyId, limit: 50, cursor: more ? state.cursor : undefined },
  });
  state.cursor = data.next_cursor;
  const body = byId('audit-table').tBodies[0];
  const rows = data.items.map((e) =>
    h(
      'tr',
      { 'data-action': e.action },
      h('td', {}, timeEl(e.occurred_at, formatLocal(e.occurred_at), formatUtc(e.occurred_at))),
      h('td', {}, e.action),
      h('td', {}, e.actor ?? ''),
      h('td', {}, e.client_ip ?? ''),
      h('td', {}, h('code', { className: 'details' }, e.details ? JSON.stringify(e.details) : '')),
    ),
  );
  if (more) body.append(...rows);
  else body.replaceChildren(...rows);
  if (!body.rows.length) body.append(h('tr', {}, h('td', { colSpan: 5, className: 'muted' }, 'No audit rows.')));
  byId('audit-more').hidden = !state.cursor;
}

export function initAuditView(onError) {
  byId('audit-more').addEventListener('click', () => loadAudit(state.keyId, true).catch(onError));
}
