/** True when the Accept header ranks text/plain or OpenMetrics above JSON (q-values honoured). */
export function prefersPrometheus(accept: string | undefined): boolean {
  if (!accept) return false;
  let text = -1;
  let json = -1;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='))
        ?.slice(2) ?? 1,
    );
    if (type === 'text/plain' || type === 'application/openmetrics-text') text = Math.max(text, q);
    if (type === 'application/json') json = Math.max(json, q);
  }
  return text > 0 && text > json;
}
