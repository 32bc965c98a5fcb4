import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { IpAllowlistGuard } from './ip-allowlist.guard';
import { KeyLookupBatcher } from './key-lookup.batcher';
import { KeyRateLimiter } from './key-rate-limiter';
import { KeyVerifier } from './key-verifier.service';
import { LastUsedRecorder } from './last-used.recorder';
import { RefusalReporter } from './refusal-reporter';
import { ValidationClock } from './validation-clock';
import { ValidationController } from './validation.controller';
import { ValidationService } from './validation.service';
import { VerificationCacheModule } from './verification-cache.module';

@Module({
  imports: [KeysModule, VerificationCacheModule],
  controllers: [ValidationController],
  providers: [
    ValidationClock,
    KeyVerifier,
    KeyLookupBatcher,
    KeyRateLimiter,
    LastUsedRecorder,
    ValidationService,
    RefusalReporter,
    IpAllowlistGuard,
  ],
  // Secret scanning resolves a reported token exactly as validation does (checksum, HMAC cache, one bcrypt compare).
  exports: [KeyVerifier],
})
export class ValidationModule {}
