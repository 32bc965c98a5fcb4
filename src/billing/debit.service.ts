import { Injectable } from '@nestjs/common';
import { UsageEventDto, UsageFacade } from '../usage';
import { mayDebit } from './billing-math';
import { DebitResponse } from './dto/debit.response';
import { MonthlyLimitExceededException } from './monthly-limit-exceeded.exception';

/**
 * The platform middleware's debit (CONTRACT.md "debit"): the event takes usage's ingest path with billing's rule,
 * which the flush applies to the key's locked month counter, so two debits never both take the last unit, and
 * the request waits for that commit. Refused: 402, nothing recorded. Repeated idempotency key: the first answer.
 */
@Injectable()
export class DebitService {
  constructor(private readonly usage: UsageFacade) {}

  async debit(keyId: string, dto: UsageEventDto): Promise<DebitResponse> {
    const [outcome] = await this.usage.submit([{ keyId, event: dto }], { debit: mayDebit });
    if (!outcome) throw new Error('A debit came back without an outcome');
    if (outcome.kind === 'refused')
      throw new MonthlyLimitExceededException(outcome.limit ?? 0, outcome.used, outcome.requested);
    if (outcome.kind !== 'debited') throw new Error(`A debit came back ${outcome.kind}`);
    return {
      status: 'accepted',
      key_id: keyId,
      predictions_this_month: outcome.predictions_this_month,
      monthly_prediction_limit: outcome.monthly_prediction_limit,
    };
  }
}
