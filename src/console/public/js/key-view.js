// One key's page: its facts, the month's totals (/stats), the billing block (/billing), the requests and errors
// chart (/series) and its audit rows.
import { api } from './api.js';
import { initAuditView, loadAudit } from './audit-view.js';
import { renderChart } from './chart.js';
import { seriesQuery, seriesToChart } from './chart-data.js';
import { byId, h, showMessage, timeEl } from './dom.js';
import {
  formatCount,
  formatLocal,
  formatMs,
  formatPercent,
  formatScopes,
  formatUsd,
  formatUtc,
  keyStatus,
} from './format.js';
import { showView } from './views.js';

let current = null;

function facts(list, pairs) {
  list.replaceChildren(...pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function fail(err) {
  showMessage(byId('key-message'), err.message);
}

function bucket() {
  return document.querySelector('input[name="bucket"]:checked').value;
}

async function loadStats(key) {
  const { data: s } = await api(`/api/v1/usage/${key.key_id}/stats`);
  facts(byId('usage-stats'), [
    ['Period (UTC)', s.period],
    ['Requests', formatCount(s.total_requests)],
    ['Predictions', formatCount(s.total_predictions)],
    ['Compute', `${formatCount(s.total_compute_ms)} ms`],
    ['Error rate', formatPercent(s.error_rate)],
    ['Average latency', formatMs(s.average_response_time_ms)],
  ]);
  const rows = s.top_endpoints.map((e) =>
    h('tr', {}, h('td', {}, h('code', {}, e.endpoint)), h('td', { className: 'num' }, formatCount(e.count))),
  );
  byId('top-endpoints').tBodies[0].replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colSpan: 2, className: 'muted' }, 'No requests this month.'))]),
  );
}

async function loadBilling(key) {
  const { data: b } = await api(`/api/v1/usage/${key.key_id}/billing`);
  facts(byId('billing'), [
    ['Plan', b.billing_plan],
    ['Predictions this month', formatCount(b.current_usage.predictions)],
    ['Monthly limit', formatCount(b.monthly_limit)],
    ['Overage', formatUsd(b.overage_charges)],
    [
      'Next billing date',
      timeEl(b.next_billing_date, formatLocal(b.next_billing_date), formatUtc(b.next_billing_date)),
    ],
  ]);
}

/** The chart plots the series route's points as they are: one per bucket, zeros included. */
export async function loadSeries(key = current) {
  const b = bucket();
  const { data } = await api(`/api/v1/usage/${key.key_id}/series`, { query: seriesQuery(b) });
  const fmt =
    b === 'hour'
      ? (x) => new Date(x * 1000).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })
      : (x) => new Date(x * 1000).toISOString().slice(0, 10);
  renderChart(byId('series-chart'), {
    columns: seriesToChart(data.points),
    series: [{ label: 'Requests' }, { label: 'Errors' }],
    caption: `Requests and errors of ${key.name} ${b === 'hour' ? 'per hour (your time)' : 'per UTC day'}`,
    xLabel: b === 'hour' ? 'Hour' : 'Day (UTC)',
    timeFormat: fmt,
  });
}

export function openKey(key) {
  current = key;
  showView('key-view');
  showMessage(byId('key-message'), '');
  byId('key-title').textContent = `${key.name} `;
  byId('key-title').append(h('code', {}, key.key_prefix));
  facts(byId('key-facts'), [
    ['Status', keyStatus(key)],
    ['Service', key.service_id],
    ['Environment', key.environment],
    ['Owner', key.user_id],
    ['Scopes', formatScopes(key.scopes)],
    ['Allowed IPs', key.allowed_ips?.length ? key.allowed_ips.join(', ') : 'any'],
    ['Created', timeEl(key.created_at, formatLocal(key.created_at), formatUtc(key.created_at))],
    ['Expires', timeEl(key.expires_at, formatLocal(key.expires_at), formatUtc(key.expires_at))],
  ]);
  return Promise.all([loadStats(key), loadBilling(key), loadSeries(key), loadAudit(key.key_id)]).catch(fail);
}

export function initKeyView() {
  byId('key-back').addEventListener('click', () => showView('keys-view'));
  for (const r of document.querySelectorAll('input[name="bucket"]'))
    r.addEventListener('change', () => loadSeries().catch(fail));
  initAuditView(fail);
}
