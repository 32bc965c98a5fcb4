import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Store } from '../../common/store/store.port';
import { AppConfig } from '../../config/app-config';
import { CacheLease } from './cache-lease';

export const REPLICAS = 'hk:replicas';
const INVALIDATE = 'hk:kc:invalidate';
const ACK = 'hk:kc:ack';
/** Heartbeats per lease: several, so one late heartbeat never costs the lease. */
const HEARTBEATS_PER_LEASE = 4;
/** A replica stays listed this many leases after its last heartbeat: room for wall clocks that disagree. */
const LISTED_FOR_LEASES = 15;
/** Added to a lease a writer waits out: timers fire late, never meaningfully early, but clocks tick unevenly. */
const CLOCK_MARGIN_MS = 50;

type Message = { hb: string; sentAt: number } | { keyId: string; nonce: string; from: string };

/**
 * Cross-replica cache invalidation that is complete when it returns (CONTRACT.md "revoke"): once `invalidate`
 * resolves, no replica serves the key from a snapshot taken before the call. Each live replica acknowledges; one
 * that stays silent (its subscription dropped, Redis down or frozen, the replica gone) is waited out: its lease
 * certainly ended `CACHE_LEASE_MS` after the message was published, and without a lease it reads keys from the
 * database. A message that could not be published at all is waited out the same way from the failed attempt, and
 * sent again when Redis answers, for replicas that could still reach Redis when this one could not.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  readonly replicaId = randomUUID();
  readonly lease: CacheLease;
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly pending = new Map<string, Set<string>>();
  private readonly ackWaiters = new Map<string, () => void>();
  private readonly handlers: ((keyId: string) => void)[] = [];
  private readonly resetHandlers: (() => void)[] = [];
  private readonly unsent = new Set<string>();
  private heartbeats?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    config: AppConfig,
  ) {
    this.lease = new CacheLease(config.cacheLeaseMs, () => this.reset());
    store.onSubscription((connected) => {
      this.lease.lose();
      if (connected) this.reset();
    });
  }

  /** Runs on this replica for every invalidation of a key, before the acknowledgement is sent. */
  onInvalidate(handler: (keyId: string) => void): void {
    this.handlers.push(handler);
  }

  /** Runs when invalidations may have been missed (a gap in the lease, a new subscription): drop every snapshot. */
  onReset(handler: () => void): void {
    this.resetHandlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    await this.store.subscribe(INVALIDATE, (m) => this.receive(m));
    await this.store.subscribe(ACK, (m) => this.acknowledged(m));
    await this.beat();
    const every = Math.max(10, Math.floor(this.lease.durationMs / HEARTBEATS_PER_LEASE));
    this.heartbeats = setInterval(() => void this.beat(), every).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeats);
    await this.store.withdraw(REPLICAS, this.replicaId);
  }

  /** Drops `keyId` here and on every replica; resolves when each live one acknowledged or its lease ran out. */
  async invalidate(keyId: string): Promise<void> {
    for (const h of this.handlers) h(keyId);
    const nonce = randomUUID();
    const acked = new Set<string>();
    this.pending.set(nonce, acked);
    const message = JSON.stringify({ keyId, nonce, from: this.replicaId });
    try {
      const [members, published] = await Promise.all([
        this.store.members(REPLICAS),
        this.store.publish(INVALIDATE, message),
      ]);
      // Measured from when the publish returned: a silent replica heard its last heartbeat before that moment.
      const leaseOutAt = performance.now() + this.lease.durationMs + CLOCK_MARGIN_MS;
      if (!published) this.unsent.add(message);
      const others = published && members ? members.filter((m) => m !== this.replicaId) : null;
      const complete = await this.waitForAcks(nonce, acked, others, leaseOutAt);
      if (!complete) {
        const silent = others ? others.filter((m) => !acked.has(m)) : 'unknown';
        this.logger.warn(
          { keyId, published, silent },
          'Cache invalidation: waited out the lease of replicas that did not acknowledge',
        );
      }
    } finally {
      this.pending.delete(nonce);
      this.ackWaiters.delete(nonce);
    }
  }

  /** True when all of `others` acknowledged before `deadline`; false when the deadline was waited out instead. */
  private waitForAcks(nonce: string, acked: Set<string>, others: string[] | null, deadline: number): Promise<boolean> {
    const allAcked = () => others !== null && others.every((m) => acked.has(m));
    if (allAcked()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
      this.ackWaiters.set(nonce, () => {
        if (!allAcked()) return;
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async beat(): Promise<void> {
    const sent = await this.store.heartbeat(
      REPLICAS,
      this.replicaId,
      this.lease.durationMs * LISTED_FOR_LEASES,
      INVALIDATE,
      JSON.stringify({ hb: this.replicaId, sentAt: performance.now() }),
    );
    if (sent && this.unsent.size) await this.resend();
  }

  private async resend(): Promise<void> {
    for (const message of [...this.unsent]) {
      if (!(await this.store.publish(INVALIDATE, message))) return;
      this.unsent.delete(message);
    }
  }

  private receive(raw: string): void {
    const message = parse<Message>(raw);
    if (!message) return;
    if ('hb' in message) {
      if (message.hb === this.replicaId) this.lease.heard(message.sentAt);
      return;
    }
    if (message.from === this.replicaId) return;
    for (const h of this.handlers) h(message.keyId);
    void this.store.publish(ACK, JSON.stringify({ nonce: message.nonce, replica: this.replicaId }));
  }

  private acknowledged(raw: string): void {
    const message = parse<{ nonce: string; replica: string }>(raw);
    const acked = message && this.pending.get(message.nonce);
    if (!acked) return;
    acked.add(message.replica);
    this.ackWaiters.get(message.nonce)?.();
  }

  private reset(): void {
    for (const h of this.resetHandlers) h();
  }
}

function parse<T>(message: string): T | null {
  try {
    return JSON.parse(message) as T;
  } catch {
    return null;
  }
}
