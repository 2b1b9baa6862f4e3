import { ArchiveMissingError, type Archive } from './archive';
import type { EventPage } from './store';

/**
 * A page of the live log completed from the archive: when the live log's first event after
 * `after` is not `after + 1`, the events in between were archived. They are always in the
 * archive by then (a file is on disk before the log lets go of its events), so a miss is an
 * error, never a silent gap.
 */
export async function withArchived(live: EventPage, after: number, limit: number, archive: Archive | null): Promise<EventPage> {
  const first = live.events[0]?.seq ?? live.seq + 1;
  if (first === after + 1 || after >= live.seq || limit <= 0) return live;
  if (!archive) throw new ArchiveMissingError(`event ${after + 1} is no longer in the live log and this node has no archive folder (set IOC_ARCHIVE_DIR)`);
  const old = await archive.read(after, Math.min(limit, first - 1 - after));
  // The live events follow only when the archived ones reach them.
  const rest = old.at(-1)!.seq === first - 1 ? live.events.slice(0, limit - old.length) : [];
  return { ...live, events: [...old, ...rest], archived: true };
}
