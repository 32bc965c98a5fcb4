/** Polls until `condition` holds (for effects that happen after a response, like the usage record). */
export async function waitUntil(condition: () => boolean, what = 'condition', limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waitUntil: ${what} never held`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A logger that remembers what it was told. */
export function memoryLogger(): { lines: string[]; warn(m: string): void; error(m: string): void } {
  const lines: string[] = [];
  return { lines, warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}
