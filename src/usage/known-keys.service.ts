import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { KeyDirectory, KeyNotFoundException } from '../keys';

// Lookups in flight at once for a batch's unknown ids; a batch naming an unknown key stops at its chunk.
const CHUNK = 20;

/**
 * Which key ids exist, so ingestion refuses events for unknown keys (CONTRACT.md: 404) without a query per event.
 * Keys are never deleted, so a positive answer never goes stale; unknown ids are not remembered, so a key created
 * a moment ago (on any replica) is found on its first event.
 */
@Injectable()
export class KnownKeysService {
  private readonly known = new LRUCache<string, true>({ max: 100_000 });

  constructor(private readonly keys: KeyDirectory) {}

  async assertKnown(ids: Iterable<string>): Promise<void> {
    const unknown = [...new Set(ids)].filter((id) => !this.known.has(id));
    for (let at = 0; at < unknown.length; at += CHUNK) {
      const chunk = unknown.slice(at, at + CHUNK);
      const found = await Promise.all(chunk.map((id) => this.keys.exists(id)));
      for (const [i, exists] of found.entries()) {
        if (!exists) throw new KeyNotFoundException();
        this.known.set(chunk[i], true);
      }
    }
  }
}
