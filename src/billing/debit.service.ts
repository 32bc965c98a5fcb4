import { Injectable } from '@nestjs/common';
import { UsageEventDto } from '../usage/dto/usage-event.dto';
import { KnownKeysService } from '../usage/known-keys.service';
import { UsageBuffer } from '../usage/usage-buffer';
import { UsageClock } from '../usage/usage-clock';
import { toPendingEvent } from '../usage/usage-event.mapper';
import { mayDebit } from './billing-math';
import { DebitResponse } from './dto/debit.response';
import { MonthlyLimitExceededException } from './monthly-limit-exceeded.exception';

/**
 * The platform middleware's debit (CONTRACT.md "debit"): the event joins the group commit with billing's rule,
 * which the flush applies to the key's locked month counter, so two debits never both take the last unit, and
 * the request waits for that commit. Refused: 402, nothing recorded. Repeated idempotency key: the first answer.
 */
@Injectable()
export class DebitService {
  constructor(
    private readonly keys: KnownKeysService,
    private readonly buffer: UsageBuffer,
    private readonly clock: UsageClock,
  ) {}

  async debit(keyId: string, dto: UsageEventDto): Promise<DebitResponse> {
    await this.keys.assertKnown([keyId]);
    const [outcome] = await this.buffer.submit([{ ...toPendingEvent(keyId, dto, this.clock.now()), debit: mayDebit }]);
    if (outcome.kind === 'refused') throw new MonthlyLimitExceededException(outcome.limit ?? 0, outcome.used, outcome.requested);
    if (outcome.kind !== 'debited') throw new Error(`A debit came back ${outcome.kind}`);
    return {
      status: 'accepted',
      key_id: keyId,
      predictions_this_month: outcome.predictions_this_month,
      monthly_prediction_limit: outcome.monthly_prediction_limit,
    };
  }
}
