import { SNAPSHOT_RETENTION } from '../store/snapshot-pruning';
import type { ArchiveOutcome, Store } from '../store/store';
import type { LogFollower } from './follower';

/** How often retention runs (and once at start). */
export const RETENTION_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  store: Store;
  follower: LogFollower;
  /** Days of events kept in the live log (IOC_RETAIN_DAYS); null: everything stays live, and a pass only prunes snapshots. */
  retainDays: number | null;
  /** The clock events are received by: the cutoff is measured on it. */
  now: () => number;
  onArchived: (outcome: ArchiveOutcome, cutoff: number) => void;
  onError: (err: unknown) => void;
}

/**
 * One retention pass: makes sure a snapshot covers the events old enough to go (at most one
 * extra snapshot a day, for logs too quiet to reach SNAPSHOT_EVERY), archives them, then prunes
 * the snapshots time travel no longer needs (SNAPSHOT_RETENTION; the newest always stays).
 */
export async function runRetention(deps: RetentionDeps): Promise<{ cutoff: number; outcome: ArchiveOutcome; prunedSnapshots: number }> {
  if (deps.retainDays === null) return { cutoff: 0, outcome: { events: 0, files: [], upTo: 0 }, prunedSnapshots: await deps.store.pruneSnapshots(SNAPSHOT_RETENTION) };
  const cutoff = deps.now() - deps.retainDays * DAY_MS;
  const { epoch, seq } = deps.follower;
  if (epoch !== null && seq > 0) {
    const latest = await deps.store.findSnapshot({ epoch, seq });
    if (!latest || deps.now() - latest.receivedAt >= DAY_MS) await deps.follower.saveSnapshotNow();
  }
  const outcome = await deps.store.archive(cutoff);
  return { cutoff, outcome, prunedSnapshots: await deps.store.pruneSnapshots(SNAPSHOT_RETENTION) };
}

/** Runs retention now and every RETENTION_EVERY_MS, one pass at a time; returns a stop function. */
export function startRetention(deps: RetentionDeps, everyMs = RETENTION_EVERY_MS): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running.then(async () => {
      if (!deps.store.ready()) return;
      await deps.follower.whenLoaded();
      const { cutoff, outcome } = await runRetention(deps);
      deps.onArchived(outcome, cutoff);
    }).catch(deps.onError);
  };
  pass();
  const timer = setInterval(pass, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
