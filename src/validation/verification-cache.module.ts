import { Module } from '@nestjs/common';
import { InvalidationBus } from './invalidation-bus';
import { KeyProofCache } from './key-proof-cache';
import { VerificationCache } from './verification-cache';

/** The cache alone, so the keys module can prime and invalidate it without depending on validation. */
@Module({
  providers: [InvalidationBus, KeyProofCache, VerificationCache],
  exports: [VerificationCache],
})
export class VerificationCacheModule {}
