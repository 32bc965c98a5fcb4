import { Module } from '@nestjs/common';
import { ClockModule } from '../common/time/clock.module';
import { KeysModule } from '../keys';
import { UsageModule } from '../usage';
import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { DebitService } from './debit.service';

/** Plans, monthly prediction limits, overage, the billing month and the debit rule (ARCHITECTURE.md "Modules"). */
@Module({
  imports: [UsageModule, KeysModule, ClockModule],
  controllers: [BillingController],
  providers: [BillingService, DebitService],
})
export class BillingModule {}
