import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { UsageModule } from '../usage/usage.module';
import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { DebitService } from './debit.service';

/** Plans, monthly prediction limits, overage, the billing month and the debit rule (ARCHITECTURE.md "Modules"). */
@Module({
  imports: [UsageModule, KeysModule],
  controllers: [BillingController],
  providers: [BillingService, DebitService],
})
export class BillingModule {}
