import type { StoredEvent } from '@shared/events';
import { dayOf, type Archive } from './archive';
import type { ArchiveOutcome } from './store';

const PAGE = 1_000;

export interface ArchiveRun {
  archive: Archive;
  /** The first seq the live log holds. */
  firstLive: number;
  /** The highest seq that may leave the live log: the latest snapshot's, and never the log's last event. */
  ceiling: number;
  /** Events received at or after this time (ms) stay. */
  cutoff: number;
  readLive: (after: number, limit: number) => Promise<StoredEvent[]>;
  /** Called before each day is written; throws to stop the run (a lock that was lost). */
  beforeDay?: () => Promise<void>;
}

/**
 * Copies the live log's oldest events into the archive, a UTC day per file, until one is too
 * recent or not yet covered by a snapshot. Holds one day in memory at a time. The caller trims
 * the live log up to `upTo` afterwards, once every file is on disk.
 */
export async function copyToArchive(run: ArchiveRun): Promise<ArchiveOutcome> {
  const files: string[] = [];
  let day: StoredEvent[] = [];
  let moved = 0;
  const flush = async () => {
    if (!day.length) return;
    await run.beforeDay?.();
    files.push(await run.archive.writeDay(day));
    moved += day.length;
    day = [];
  };
  let after = run.firstLive - 1;
  let upTo = after;
  scan: for (;;) {
    const page = await run.readLive(after, PAGE);
    if (!page.length) break;
    for (const e of page) {
      if (e.seq > run.ceiling || Date.parse(e.receivedAt) >= run.cutoff) break scan;
      if (day.length && dayOf(day[0]!.receivedAt) !== dayOf(e.receivedAt)) await flush();
      day.push(e);
      upTo = e.seq;
    }
    after = page.at(-1)!.seq;
  }
  await flush();
  return { events: moved, files, upTo };
}
