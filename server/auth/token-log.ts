import { randomUUID } from 'node:crypto';
import { canonicalEvent, SYSTEM_UNIT, type TokenEvent } from '@shared/events';
import { contentHash } from '../store/hash';
import type { Store } from '../store/store';

type Change = TokenEvent extends infer E ? (E extends TokenEvent ? Omit<E, 'id' | 'unit' | 'at'> : never) : never;

/**
 * Writes a token change into the event log, as durably as every other event, before the change takes
 * effect: the audit then never misses a change that happened. If the change itself fails after
 * this, the log holds an attempt the admin was told had failed (a 503) and will retry.
 */
export async function recordTokenChange(store: Store, by: string, now: number, change: Change): Promise<void> {
  await recordTokenChanges(store, by, now, [change]);
}

/** Several token changes in one atomic append. */
export async function recordTokenChanges(store: Store, by: string, now: number, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  const events = changes.map((change) => ({ ...change, id: `${change.type}:${change.tokenId}:${randomUUID().slice(0, 8)}`, unit: SYSTEM_UNIT, at: new Date(now).toISOString() }) as TokenEvent);
  const outcome = await store.append(events.map((event) => ({ event, by, hash: contentHash(canonicalEvent(event)) })), now);
  // Fresh random ids cannot conflict; a conflict would be a broken store.
  if (!outcome.ok) throw new Error('a token change conflicts with a stored event');
}
