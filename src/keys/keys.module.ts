import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit';
import { ApiKeyEntity } from './api-key.entity';
import { KeyCache } from './key-cache.port';
import { KeyDirectory } from './key-directory';
import { KeyHasher } from './key-hasher';
import { KeyIssuer } from './key-issuer';
import { KeyLifecycleService } from './key-lifecycle.service';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';
import { LastUsedRecorder } from './last-used.recorder';
import { InvalidationBus } from './verification/invalidation-bus';
import { KeyLookupBatcher } from './verification/key-lookup.batcher';
import { KeyProofCache } from './verification/key-proof-cache';
import { KeyVerifier } from './verification/key-verifier.service';
import { VerificationCache } from './verification/verification-cache';

/**
 * The api_keys table and everything that knows a key's secret: issuing, hashing, the verification cache and its
 * cross-replica invalidation (which a change of a key must complete before it answers). Other modules get read
 * models only: KeyVerifier (a presented key to its snapshot), KeyDirectory (questions by id), LastUsedRecorder.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), AuditModule],
  controllers: [KeysController],
  providers: [
    KeysRepository,
    KeyHasher,
    KeyIssuer,
    KeysService,
    KeyLifecycleService,
    KeyDirectory,
    LastUsedRecorder,
    InvalidationBus,
    KeyProofCache,
    VerificationCache,
    KeyLookupBatcher,
    KeyVerifier,
    { provide: KeyCache, useExisting: VerificationCache },
  ],
  exports: [KeyVerifier, KeyDirectory, LastUsedRecorder, KeyLifecycleService],
})
export class KeysModule {}
