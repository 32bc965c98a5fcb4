import { Injectable } from '@nestjs/common';
import { UsageBatchEventDto } from './dto/usage-batch.dto';
import { UsageEventDto } from './dto/usage-event.dto';
import { BatchRecordedResponse, UsageRecordedResponse } from './dto/usage.response';
import { KnownKeysService } from './known-keys.service';
import { UsageBuffer } from './usage-buffer';
import { UsageClock } from './usage-clock';
import { toPendingEvent } from './usage-event.mapper';

/** Recording: refuse unknown keys, then wait for the group commit that stores the events (200 means stored). */
@Injectable()
export class UsageIngestService {
  constructor(
    private readonly keys: KnownKeysService,
    private readonly buffer: UsageBuffer,
    private readonly clock: UsageClock,
  ) {}

  async record(keyId: string, dto: UsageEventDto): Promise<UsageRecordedResponse> {
    await this.keys.assertKnown([keyId]);
    await this.buffer.submit([toPendingEvent(keyId, dto, this.clock.now())]);
    return { message: 'Usage recorded successfully' };
  }

  /** All or nothing: one unknown key refuses the batch, and its events travel in one flush. */
  async recordBatch(events: UsageBatchEventDto[]): Promise<BatchRecordedResponse> {
    await this.keys.assertKnown(events.map((e) => e.key_id));
    const now = this.clock.now();
    const outcomes = await this.buffer.submit(events.map((e) => toPendingEvent(e.key_id, e, now)));
    const accepted = outcomes.filter((o) => o.kind === 'stored').length;
    return { accepted, duplicates: outcomes.length - accepted };
  }
}
