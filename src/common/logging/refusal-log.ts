import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';

/** Lines a burst may write at once, and lines a second after that, per process. */
const BURST = 20;
const PER_SECOND = 5;

/**
 * Warn lines for refusals anyone can cause at any rate: validation refusals and non-2xx usage answers (issue 16
 * item 14). A token bucket per process (20 at once, then 5 a second) keeps a flood of made-up keys or wrong tokens
 * from flooding the log; each line that does get written says how many were left out since the previous one, and
 * hokusai_log_lines_suppressed_total counts them. The refusals themselves are counted in full by the caller.
 */
@Injectable()
export class RefusalLog {
  private readonly logger = new Logger('Refusals');
  private tokens = BURST;
  private refilledAt = Date.now();
  private suppressed = 0;

  constructor(private readonly metrics: MetricsService) {}

  warn(line: Record<string, unknown>, message: string): void {
    if (!this.take()) {
      this.suppressed++;
      this.metrics.logLinesSuppressed.inc();
      return;
    }
    const left = this.suppressed;
    this.suppressed = 0;
    this.logger.warn(left ? { ...line, suppressed_since_last_line: left } : line, message);
  }

  private take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(BURST, this.tokens + ((now - this.refilledAt) / 1000) * PER_SECOND);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
