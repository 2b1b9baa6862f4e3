import type { Store } from '../store/store';
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

/** How long a node's claim to report lasts without being renewed. */
export const CLAIM_MS = 60_000;

/**
 * The ledger in the store's `upstream` side table (a file beside the embedded log, a hash of the
 * deployment on Redis), through the Store interface like every other side table. The claim is
 * `node@expiry`: of several nodes sharing one log, one reports and another takes over when its
 * claim runs out. Two nodes that both claim at the same moment send the same ids, which the
 * upstream answers as duplicates, so a race costs a request, never a double count.
 */
export function storeLedger(store: Pick<Store, 'putFields' | 'getFields'>, now: () => number = Date.now): Ledger {
  return {
    async load() {
      return parse((await store.getFields('upstream')).state ?? null);
    },
    save: (state) => store.putFields('upstream', { state: JSON.stringify(state) }),
    async claim(node) {
      const [holder, until] = ((await store.getFields('upstream')).claim ?? '').split('@');
      if (holder && holder !== node && Number(until) > now()) return false;
      await store.putFields('upstream', { claim: `${node}@${now() + CLAIM_MS}` });
      return true;
    },
  };
}
