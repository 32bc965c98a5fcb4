import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { KeyCache, NoKeyCache } from './key-cache.port';
import { KeyHasher } from './key-hasher';
import { KeyIssuer } from './key-issuer';
import { KeyLifecycleService } from './key-lifecycle.service';
import { KeysController } from './keys.controller';
import { KeysRepository } from './keys.repository';
import { KeysService } from './keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  controllers: [KeysController],
  providers: [
    KeysRepository,
    KeyHasher,
    KeyIssuer,
    KeysService,
    KeyLifecycleService,
    { provide: KeyCache, useClass: NoKeyCache },
  ],
  exports: [KeysRepository, KeyHasher],
})
export class KeysModule {}
