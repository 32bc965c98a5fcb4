import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { displayPrefix, generateKey, lookupDigest, parseKey } from '../common/keys/key-format';
import { ApiKeyEntity } from './api-key.entity';
import { KeyHasher } from './key-hasher';
import { KeysRepository } from './keys.repository';

export type KeySettings = Omit<
  ApiKeyEntity,
  | 'id'
  | 'keyHash'
  | 'lookupDigest'
  | 'displayPrefix'
  | 'createdAt'
  | 'lastUsedAt'
  | 'revokedAt'
  | 'rotatedTo'
  | 'isActive'
>;

export interface PreparedKey {
  plaintext: string;
  keyHash: string;
}

/** Makes new keys: the plaintext (returned once) and the stored hash, digest and masked prefix. */
@Injectable()
export class KeyIssuer {
  constructor(
    private readonly hasher: KeyHasher,
    private readonly keys: KeysRepository,
  ) {}

  /** The slow part (bcrypt in a worker), done before any transaction opens so no lock waits on it. */
  async prepare(environment: KeySettings['environment']): Promise<PreparedKey> {
    const plaintext = generateKey(environment);
    return { plaintext, keyHash: await this.hasher.hash(plaintext) };
  }

  insert(manager: EntityManager, prepared: PreparedKey, settings: KeySettings): Promise<ApiKeyEntity> {
    return this.keys.insert(manager, {
      ...settings,
      keyHash: prepared.keyHash,
      lookupDigest: lookupDigest(prepared.plaintext),
      displayPrefix: displayPrefix(parseKey(prepared.plaintext)!),
      isActive: true,
      revokedAt: null,
      rotatedTo: null,
      lastUsedAt: null,
    });
  }
}
