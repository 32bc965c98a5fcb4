import { Module } from '@nestjs/common';
import { StoreThrottlerStorage } from '../common/store/store-throttler.storage';
import { StoreModule } from '../common/store/store.module';
import { ClockModule } from '../common/time/clock.module';
import { KeysModule } from '../keys';
import { IpAllowlistGuard } from './ip-allowlist.guard';
import { KeyRateLimiter } from './key-rate-limiter';
import { RefusalReporter } from './refusal-reporter';
import { ValidationController } from './validation.controller';
import { ValidationService } from './validation.service';

/**
 * POST /api/v1/keys/validate: asks keys what a presented key is (KeyVerifier), then checks it, counts it against
 * its rate limits in its own throttler storage on the shared Store, and answers.
 */
@Module({
  imports: [KeysModule, StoreModule, ClockModule],
  controllers: [ValidationController],
  providers: [StoreThrottlerStorage, KeyRateLimiter, ValidationService, RefusalReporter, IpAllowlistGuard],
})
export class ValidationModule {}
