import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPaymentRequiredResponse, ApiTags } from '@nestjs/swagger';
import { KeyIdParam } from '../keys';
import { IngestionRoute, UsageEventDto } from '../usage';
import { BillingService } from './billing.service';
import { DebitService } from './debit.service';
import { BillingResponse } from './dto/billing.response';
import { DebitResponse, LimitExceededResponse } from './dto/debit.response';

@ApiTags('billing')
@Controller('api/v1/usage')
export class BillingController {
  constructor(
    private readonly debits: DebitService,
    private readonly bills: BillingService,
  ) {}

  @Post(':key_id/debit')
  @IngestionRoute()
  @ApiOperation({ summary: "Record an event and check the month's predictions against the key's limit" })
  @ApiOkResponse({ type: DebitResponse })
  @ApiPaymentRequiredResponse({
    type: LimitExceededResponse,
    description: 'Free plan over its monthly limit; nothing recorded',
  })
  debit(@Param() { key_id }: KeyIdParam, @Body() body: UsageEventDto): Promise<DebitResponse> {
    return this.debits.debit(key_id, body);
  }

  @Get(':key_id/billing')
  @ApiOperation({ summary: "The current UTC month's usage, limit, overage and next billing date of a key" })
  @ApiOkResponse({ type: BillingResponse })
  @ApiNotFoundResponse({ description: '{"detail": "API key not found"}' })
  billing(@Param() { key_id }: KeyIdParam): Promise<BillingResponse> {
    return this.bills.billing(key_id);
  }
}
