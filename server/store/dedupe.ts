import type { PendingEvent } from './store';

/** The key that makes an event unique: its unit and the producer's id. The one spelling of it (ingest.lua gets it from here). */
export const dedupeKey = (e: { unit: string; id: string }) => `${e.unit}\n${e.id}`;

export type Placement = { kind: 'new' } | { kind: 'duplicate'; seq: number } | { kind: 'duplicate-in-batch'; index: number };

/**
 * Decides, for each event of a batch, whether it is new or a duplicate, given what
 * the log already holds; returns the indexes of conflicts instead when there are any.
 */
export function placeBatch(batch: PendingEvent[], stored: (key: string) => { seq: number; hash: string } | undefined): Placement[] | { conflicts: number[] } {
  const placements: Placement[] = [];
  const conflicts: number[] = [];
  const inBatch = new Map<string, { hash: string; index: number }>();
  batch.forEach((e, i) => {
    const key = dedupeKey(e.event);
    const prior = stored(key);
    const earlier = inBatch.get(key);
    if (prior) {
      if (prior.hash === e.hash) placements.push({ kind: 'duplicate', seq: prior.seq });
      else conflicts.push(i);
    } else if (earlier) {
      if (earlier.hash === e.hash) placements.push({ kind: 'duplicate-in-batch', index: earlier.index });
      else conflicts.push(i);
    } else {
      inBatch.set(key, { hash: e.hash, index: i });
      placements.push({ kind: 'new' });
    }
  });
  return conflicts.length ? { conflicts } : placements;
}
