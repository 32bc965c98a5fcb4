import { Writable } from 'node:stream';

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/**
 * The service's log output as a test reads it: `stream` goes to LogDestination, `text()` is everything written
 * since the last `clear()`, `lines()` the same as parsed JSON lines.
 */
export class CapturedLogs {
  private readonly written: string[] = [];
  readonly stream = new Writable({ write: (chunk, _enc, done) => (this.written.push(String(chunk)), done()) });

  text(): string {
    return this.written.join('');
  }

  lines(): LogLine[] {
    return this.text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  }

  clear(): void {
    this.written.length = 0;
  }

  /** Lets the lines of answers already sent arrive (a request line is written when its response finishes). */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 50));
  }
}
