import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Store } from '../common/store/store.port';

const REPLICAS = 'hk:replicas';
const INVALIDATE = 'hk:kc:invalidate';
const ACK = 'hk:kc:ack';
const HEARTBEAT_MS = 5_000;
const LIVE_FOR_MS = 15_000;
const ACK_TIMEOUT_MS = 1_000;

interface Pending {
  waitingFor: Set<string>;
  done: () => void;
}

/**
 * Cross-replica cache invalidation that is complete when it returns (CONTRACT.md "revoke": "when the response
 * returns, no replica accepts the key any more"). Each replica announces itself in Redis and acknowledges every
 * invalidation; the writer waits, at most a second, for every live replica and logs those that did not answer.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  readonly replicaId = randomUUID();
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly pending = new Map<string, Pending>();
  private readonly handlers: ((keyId: string) => void)[] = [];
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly store: Store) {}

  /** Runs on this replica for every invalidation, its own included, before the acknowledgement is sent. */
  onInvalidate(handler: (keyId: string) => void): void {
    this.handlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    await this.store.subscribe(INVALIDATE, (m) => void this.receive(m));
    await this.store.subscribe(ACK, (m) => this.acknowledged(m));
    // Announce only once subscribed, so a writer never waits for a replica that cannot hear it yet.
    await this.store.announce(REPLICAS, this.replicaId, LIVE_FOR_MS);
    this.heartbeat = setInterval(() => void this.store.announce(REPLICAS, this.replicaId, LIVE_FOR_MS), HEARTBEAT_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.store.withdraw(REPLICAS, this.replicaId);
  }

  /** Drops `keyId` on every live replica; resolves when all acknowledged or the bound passed. */
  async invalidate(keyId: string): Promise<void> {
    const nonce = randomUUID();
    const live = new Set([...(await this.store.members(REPLICAS)), this.replicaId]);
    const acked = new Promise<void>((resolve) => this.pending.set(nonce, { waitingFor: live, done: resolve }));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, ACK_TIMEOUT_MS)));
    await this.store.publish(INVALIDATE, JSON.stringify({ keyId, nonce }));
    await Promise.race([acked, timedOut]);
    clearTimeout(timer);
    const missing = this.pending.get(nonce)?.waitingFor;
    this.pending.delete(nonce);
    if (missing?.size) {
      this.logger.warn({ keyId, replicas: [...missing] }, 'Cache invalidation not acknowledged by every replica within 1 s');
    }
  }

  private async receive(message: string): Promise<void> {
    const parsed = parse<{ keyId: string; nonce: string }>(message);
    if (!parsed) return;
    for (const h of this.handlers) h(parsed.keyId);
    await this.store.publish(ACK, JSON.stringify({ nonce: parsed.nonce, replica: this.replicaId }));
  }

  private acknowledged(message: string): void {
    const parsed = parse<{ nonce: string; replica: string }>(message);
    const pending = parsed && this.pending.get(parsed.nonce);
    if (!pending) return;
    pending.waitingFor.delete(parsed.replica);
    if (pending.waitingFor.size === 0) pending.done();
  }
}

function parse<T>(message: string): T | null {
  try {
    return JSON.parse(message) as T;
  } catch {
    return null;
  }
}
