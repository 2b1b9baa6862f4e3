import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../store/files';
import type { Reply } from '../store/redis-connection';
import type { UpstreamShape } from './values';

/** An event waiting to be delivered upstream, exactly as it will be sent (a retry sends the same bytes). */
export type QueuedEvent = Record<string, unknown> & { id: string; at: string };

/** What the reporter must not lose across restarts: what it queued, and what it has queued before. */
export interface LedgerState {
  /** Ledger key (see `Reading.key`) -> fingerprint of the value last queued for it. */
  sent: Record<string, string>;
  /** Not yet acknowledged by the upstream, oldest first. */
  queue: QueuedEvent[];
  /** The upstream's shape as last read; null before it was ever reached. */
  shape: UpstreamShape | null;
}

export const emptyLedger = (): LedgerState => ({ sent: {}, queue: [], shape: null });

/**
 * Where the upstream queue is kept: written whole before anything is sent, so a crash at any
 * point neither loses a computed value nor sends one twice (the upstream answers a resent id
 * as a duplicate). `claim` says whether this node is the one that reports (one per deployment).
 */
export interface Ledger {
  load(): Promise<LedgerState>;
  save(state: LedgerState): Promise<void>;
  claim(node: string): Promise<boolean>;
}

function parse(text: string | null): LedgerState {
  if (!text) return emptyLedger();
  const parsed = JSON.parse(text) as Partial<LedgerState>;
  return { sent: parsed.sent ?? {}, queue: parsed.queue ?? [], shape: parsed.shape ?? null };
}

/** The embedded store's ledger: one file in IOC_DATA_DIR (one process owns that folder, so it always reports). */
export function fileLedger(path: string): Ledger {
  return {
    async load() {
      return parse(existsSync(path) ? await readFile(path, 'utf8') : null);
    },
    save: (state) => writeFileAtomic(path, JSON.stringify(state)),
    claim: () => Promise.resolve(true),
  };
}

/** The part of the Redis store this needs (see `RedisStore.featureKey`). */
export interface LedgerRedis {
  featureKey(name: string): string;
  featureCommand(args: string[]): Promise<Reply>;
}

/** How long a node's claim to report lasts without being renewed. */
export const CLAIM_MS = 60_000;

/**
 * On Redis: the ledger in one key of the deployment (`side:upstream`), and a claim key so that of
 * several nodes sharing the log one reports; another takes over when the claim runs out.
 */
export function redisLedger(redis: LedgerRedis): Ledger {
  const key = redis.featureKey('upstream');
  const claimKey = redis.featureKey('upstream-claim');
  return {
    async load() {
      const reply = await redis.featureCommand(['GET', key]);
      return parse(typeof reply === 'string' ? reply : null);
    },
    async save(state) {
      await redis.featureCommand(['SET', key, JSON.stringify(state)]);
    },
    async claim(node) {
      if ((await redis.featureCommand(['SET', claimKey, node, 'NX', 'PX', String(CLAIM_MS)])) === 'OK') return true;
      if ((await redis.featureCommand(['GET', claimKey])) !== node) return false;
      await redis.featureCommand(['PEXPIRE', claimKey, String(CLAIM_MS)]);
      return true;
    },
  };
}
