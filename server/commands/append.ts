import { canonicalEvent, type LogEvent, type StoredEvent } from '@shared/events';
import type { Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import { contentHash } from '../store/hash';
import type { AppendedEvent, Store } from '../store/store';

/** What every write needs: the store, the server's clock for `receivedAt`, and this node's follower. */
export interface AppendDeps {
  store: Store;
  clock: Clock;
  /** This node's projection: it takes the stored events at once, so this node's reads and displays have them. */
  follower: LogFollower;
}

export type AppendResult =
  | { ok: true; epoch: string; receivedAt: number; results: AppendedEvent[]; /** The events this call stored (duplicates excluded), as the log holds them. */ stored: StoredEvent[] }
  /** Indexes, within the batch, of events whose (unit, id) was stored before with other content. */
  | { ok: false; conflicts: number[] };

/**
 * The one write path of the event log: hashes each event's canonical content (what dedupe
 * compares), appends the batch atomically with the clock's time as `receivedAt`, and offers the
 * stored events to this node's follower, so they reach its projection and displays without
 * waiting for the tail. Producers' events (commands/ingest.ts), webhook bookkeeping and token
 * changes all come through here, already checked and authorized by their caller.
 */
export async function appendEvents(deps: AppendDeps, by: string, events: LogEvent[]): Promise<AppendResult> {
  const outcome = await deps.store.append(
    events.map((event) => ({ event, by, hash: contentHash(canonicalEvent(event)) })),
    deps.clock.now(),
  );
  if (!outcome.ok) return outcome;
  const receivedAt = new Date(outcome.receivedAt).toISOString();
  const stored: StoredEvent[] = outcome.results.flatMap((r, i) => (r.duplicate ? [] : [{ ...events[i]!, seq: r.seq, receivedAt, by }]));
  deps.follower.offer(outcome.epoch, stored);
  return { ...outcome, stored };
}
