import { Module } from '@nestjs/common';
import { InvalidationBus } from './invalidation-bus';
import { VerificationCache } from './verification-cache';

/** The cache alone, so the keys module can prime and invalidate it without depending on validation. */
@Module({
  providers: [InvalidationBus, VerificationCache],
  exports: [VerificationCache],
})
export class VerificationCacheModule {}
