import { createHash, randomInt } from 'node:crypto';
import { BASE62, CHECKSUM_LENGTH, keyChecksum } from './key-checksum';

/*
 * API key format (ARCHITECTURE.md "Key format"): hk_live_ / hk_test_ / hk_dev_, then 26 random base62 characters and
 * a 6-character checksum. Shape and checksum are checked in memory, so a typo never reaches storage.
 */
export const ENVIRONMENTS = ['production', 'test', 'development'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ENVIRONMENT_PREFIX: Record<Environment, string> = {
  production: 'hk_live_',
  test: 'hk_test_',
  development: 'hk_dev_',
};

const RANDOM_LENGTH = 26;
const SHAPE = /^(hk_(?:live|test|dev)_)([0-9A-Za-z]{26})([0-9A-Za-z]{6})$/;
const BY_PREFIX = Object.fromEntries(Object.entries(ENVIRONMENT_PREFIX).map(([env, p]) => [p, env])) as Record<
  string,
  Environment
>;

export interface ParsedKey {
  environment: Environment;
  prefix: string;
  random: string;
}

export function generateKey(environment: Environment): string {
  const prefix = ENVIRONMENT_PREFIX[environment];
  let random = '';
  // randomInt draws without modulo bias from the CSPRNG.
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(62)];
  return prefix + random + keyChecksum(prefix + random);
}

/** The key's parts when its shape and checksum are right, else null. Never throws, never does I/O. */
export function parseKey(candidate: unknown): ParsedKey | null {
  if (typeof candidate !== 'string' || candidate.length > 64) return null;
  const m = SHAPE.exec(candidate);
  if (!m) return null;
  const [, prefix, random, checksum] = m;
  if (checksum.length !== CHECKSUM_LENGTH || keyChecksum(prefix + random) !== checksum) return null;
  return { environment: BY_PREFIX[prefix], prefix, random };
}

/** The masked form shown in lists: prefix, first three random characters, `***`. */
export function displayPrefix(key: ParsedKey): string {
  return `${key.prefix}${key.random.slice(0, 3)}***`;
}

/** The indexed, non-secret lookup value stored beside the bcrypt hash: SHA-256 of the whole key. */
export function lookupDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
