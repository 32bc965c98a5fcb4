// The usage module's public face: other modules import from here only (.dependency-cruiser.cjs enforces it).
export { UsageModule } from './usage.module';
export { UsageFacade } from './usage.facade';
export type { UsageSubmission } from './ingest/usage-ingest.service';
export type { DebitRule, DebitState, EventOutcome } from './ingest/pending-event';
export type { MonthTotals } from './reports/usage-report.repository';
export { IngestionRoute } from './ingest/ingestion-route.decorator';
export { UsageEventDto } from './dto/usage-event.dto';
