import { HttpException, HttpStatus } from '@nestjs/common';
import { limitExceededMessage } from './billing-math';

/** 402 with the body the platform middleware parses (CONTRACT.md "debit"): `detail` is an object here. */
export class MonthlyLimitExceededException extends HttpException {
  constructor(limit: number, used: number, requested: number) {
    super(
      { detail: { error: 'monthly_limit_exceeded', message: limitExceededMessage(limit, used, requested) } },
      HttpStatus.PAYMENT_REQUIRED,
    );
  }
}
