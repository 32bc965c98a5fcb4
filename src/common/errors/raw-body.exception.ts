import { HttpException } from '@nestjs/common';

/** An error whose body the contract fixes in full (e.g. /ready's 503); the filter sends it unchanged. */
export class RawBodyHttpException extends HttpException {
  constructor(
    readonly body: Record<string, unknown>,
    status: number,
  ) {
    super(body, status);
  }
}
