import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { VerificationCache } from '../validation/verification-cache';
import { VerificationCacheModule } from '../validation/verification-cache.module';
import { KeyCache } from './key-cache.port';
import { KeyHasher } from './key-hasher';
import { KeyIssuer } from './key-issuer';
import { KeyLifecycleService } from './key-lifecycle.service';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), VerificationCacheModule],
  controllers: [KeysController],
  providers: [
    KeysRepository,
    KeyHasher,
    KeyIssuer,
    KeysService,
    KeyLifecycleService,
    { provide: KeyCache, useExisting: VerificationCache },
  ],
  exports: [KeysRepository, KeyHasher, KeyLifecycleService],
})
export class KeysModule {}
