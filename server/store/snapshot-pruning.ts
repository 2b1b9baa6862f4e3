import type { SnapshotRetention } from './store';

const DAY_MS = 86_400_000;

/**
 * What `Store.pruneSnapshots` keeps unless told otherwise: every snapshot of the last two days
 * (a meeting steps through them; retention's own daily snapshot is among them), the last of each
 * UTC day for 400 days (`keepDays`: this year and last year's same period, time travel to any of
 * those days replays one day at most), and the last of each UTC month before that.
 */
export const SNAPSHOT_RETENTION: SnapshotRetention = { allForMs: 2 * DAY_MS, dailyForMs: 400 * DAY_MS };

/** A kept snapshot as the pruning sees it. */
export interface SnapshotEntry {
  seq: number;
  /** ms */
  receivedAt: number;
}

/**
 * The seqs of the snapshots to delete, ages measured from the newest snapshot (not the clock, so
 * a log that went quiet keeps its last days). The newest is always kept: a node starts from it,
 * and retention archives only the events it covers.
 */
export function snapshotsToPrune(entries: SnapshotEntry[], keep: SnapshotRetention): number[] {
  const bySeq = entries.toSorted((a, b) => a.seq - b.seq);
  const newest = bySeq.at(-1);
  if (!newest) return [];
  // Walking from the newest, the first snapshot met in a day (or month) is that period's last one.
  const seen = new Set<string>();
  const doomed: number[] = [];
  for (const e of bySeq.toReversed()) {
    const age = newest.receivedAt - e.receivedAt;
    const day = new Date(e.receivedAt).toISOString().slice(0, 10);
    const period = age <= keep.dailyForMs ? day : day.slice(0, 7);
    const lastOfPeriod = !seen.has(period);
    seen.add(period);
    if (e !== newest && age > keep.allForMs && !lastOfPeriod) doomed.push(e.seq);
  }
  return doomed.reverse();
}
