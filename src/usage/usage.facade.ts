import { Injectable } from '@nestjs/common';
import { UsageIngestService, type UsageSubmission } from './ingest/usage-ingest.service';
import type { DebitRule, EventOutcome } from './ingest/pending-event';
import type { MonthTotals } from './reports/usage-report.repository';
import { UsageStatsService } from './reports/usage-stats.service';

/**
 * What usage offers the modules built on it (billing): submit events through the ingest path the usage routes
 * take, and read a key's month. The one provider usage exports for them, so ingest and reports stay free to change.
 */
@Injectable()
export class UsageFacade {
  constructor(
    private readonly ingest: UsageIngestService,
    private readonly stats: UsageStatsService,
  ) {}

  /** Resolves once the events' flush committed; with `debit`, each event is stored only if the rule allows it. */
  submit(events: readonly UsageSubmission[], options: { debit?: DebitRule } = {}): Promise<EventOutcome[]> {
    return this.ingest.submit(events, options);
  }

  /** The UTC month containing `at`, from the monthly counter the debits are checked against. */
  monthTotals(keyId: string, at: Date): Promise<MonthTotals> {
    return this.stats.monthTotals(keyId, at);
  }
}
