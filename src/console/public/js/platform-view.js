// The whole platform's usage by UTC date and service (GET /api/v1/usage/aggregate) as a stacked bar chart.
import { api } from './api.js';
import { aggregateToStacked, daysAgo, utcDate } from './chart-data.js';
import { renderChart } from './chart.js';
import { byId, showMessage } from './dom.js';

async function load(event) {
  event?.preventDefault();
  const f = new FormData(byId('platform-form'));
  const start = String(f.get('start_date'));
  const end = String(f.get('end_date'));
  showMessage(byId('platform-message'), '');
  try {
    const query = {
      start_date: `${start}T00:00:00Z`,
      end_date: `${end}T23:59:59Z`,
      service_id: f.get('service_id') || undefined,
    };
    const { data } = await api('/api/v1/usage/aggregate', { query });
    const chart = aggregateToStacked(data.usage_by_date, start, end);
    if (!chart.services.length) showMessage(byId('platform-message'), 'No usage in this range.', 'info');
    // Drawn tallest first (all services' total), so each shorter running sum paints over it: a stack of bars.
    const order = chart.services.map((_, i) => i).reverse();
    renderChart(byId('platform-chart'), {
      columns: [chart.x, ...order.map((i) => chart.stacked[i])],
      series: order.map((i) => ({ label: chart.services[i], values: chart.raw[i] })),
      caption: `Requests per UTC day and service, ${start} to ${end}`,
      xLabel: 'Day (UTC)',
      stacked: true,
      timeFormat: (x) => new Date(x * 1000).toISOString().slice(0, 10),
    });
  } catch (err) {
    showMessage(byId('platform-message'), err.message);
  }
}

export function initPlatformView() {
  const form = byId('platform-form');
  const now = new Date();
  form.elements.namedItem('start_date').value = utcDate(daysAgo(now, 29));
  form.elements.namedItem('end_date').value = utcDate(now);
  form.addEventListener('submit', load);
  document.querySelector('#nav [data-view="platform-view"]').addEventListener('click', () => load());
}
