import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { UsageBatchEventDto } from '../dto/usage-batch.dto';
import { UsageEventDto } from '../dto/usage-event.dto';
import { BatchRecordedResponse, UsageRecordedResponse } from '../dto/usage.response';
import { KnownKeysService } from '../known-keys.service';
import { DebitRule, EventOutcome } from './pending-event';
import { UsageBuffer } from './usage-buffer';
import { toPendingEvent } from './usage-event.mapper';

/** One event as the wire sent it, with the key it is for. */
export interface UsageSubmission {
  keyId: string;
  event: UsageEventDto;
}

/** Recording: refuse unknown keys, then wait for the group commit that stores the events (200 means stored). */
@Injectable()
export class UsageIngestService {
  constructor(
    private readonly keys: KnownKeysService,
    private readonly buffer: UsageBuffer,
    private readonly clock: Clock,
  ) {}

  /**
   * The one ingest path (record, batch and billing's debit): all or nothing, one unknown key refuses every event,
   * and they travel in one flush. With `debit`, each event is stored only if the rule allows it in that flush.
   */
  async submit(events: readonly UsageSubmission[], options: { debit?: DebitRule } = {}): Promise<EventOutcome[]> {
    await this.keys.assertKnown(events.map((e) => e.keyId));
    const now = this.clock.now();
    const debit = options.debit ? { debit: options.debit } : {};
    return this.buffer.submit(events.map((e) => ({ ...toPendingEvent(e.keyId, e.event, now), ...debit })));
  }

  async record(keyId: string, dto: UsageEventDto): Promise<UsageRecordedResponse> {
    await this.submit([{ keyId, event: dto }]);
    return { message: 'Usage recorded successfully' };
  }

  async recordBatch(events: UsageBatchEventDto[]): Promise<BatchRecordedResponse> {
    const outcomes = await this.submit(events.map((e) => ({ keyId: e.key_id, event: e })));
    const accepted = outcomes.filter((o) => o.kind === 'stored').length;
    return { accepted, duplicates: outcomes.length - accepted };
  }
}
