// uPlot charts (served by this service from the pinned npm package; the classic build sets window.uPlot), each
// with a data table mirroring exactly what is plotted: readable without sight of the canvas, and testable.
import { h } from './dom.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];
const charts = new Map();

function width(figure) {
  return Math.max(280, figure.clientWidth - 8);
}

/**
 * Draws into a <figure>: columns = [x (Unix s), ...one array per series]; series = [{ label, values? }], where
 * values are what the table (and hover) show when the drawn column differs (a stacked chart draws running sums).
 */
export function renderChart(figure, { columns, series, caption, xLabel, stacked = false, timeFormat }) {
  charts.get(figure)?.destroy();
  figure.replaceChildren();
  const shown = series.map((s, i) => s.values ?? columns[i + 1]);
  const opts = {
    width: width(figure),
    height: 300,
    series: [
      { label: xLabel },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: COLORS[i % COLORS.length],
        fill: stacked ? `${COLORS[i % COLORS.length]}cc` : undefined,
        width: stacked ? 0 : 2,
        paths: stacked ? window.uPlot.paths.bars({ size: [0.8, 60] }) : undefined,
        points: { show: !stacked },
        value: (_u, _v, _si, idx) => (idx === null || idx === undefined ? '–' : shown[i][idx].toLocaleString('en-US')),
      })),
    ],
    axes: [{}, { size: 60 }],
    // Counts start at 0; bars get half a bucket of room at each end, so the first and last are not cut in half.
    scales: {
      x: stacked ? { range: (_u, min, max) => [min - 43_200, max + 43_200] } : {},
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
  };
  const plot = new window.uPlot(opts, columns, figure);
  charts.set(figure, plot);
  figure.append(dataTable(columns[0], series, shown, caption, xLabel, timeFormat));
  figure.dataset.points = String(columns[0].length);
}

function dataTable(xs, series, shown, caption, xLabel, timeFormat) {
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, xLabel),
    series.map((s) => h('th', { scope: 'col', className: 'num' }, s.label)),
  );
  const rows = xs.map((x, j) =>
    h(
      'tr',
      { 'data-x': new Date(x * 1000).toISOString() },
      h('th', { scope: 'row' }, timeFormat(x)),
      shown.map((col) => h('td', { className: 'num' }, String(col[j]))),
    ),
  );
  return h(
    'details',
    { className: 'chart-data' },
    h('summary', {}, `Data table (${xs.length} rows)`),
    h(
      'div',
      { className: 'table-wrap' },
      h('table', {}, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, rows)),
    ),
  );
}

// Charts follow the window's width (1280 px desktop down to a phone), so nothing scrolls sideways.
window.addEventListener('resize', () => {
  for (const [figure, plot] of charts) if (figure.isConnected) plot.setSize({ width: width(figure), height: 300 });
});
