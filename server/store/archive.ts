import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { StoredEvent } from '@shared/events';
import { writeFileAtomic } from './files';
import { StoreUnavailableError } from './store';

const FORMAT = 'ioc-wall-archive';
export const ARCHIVE_INDEX = 'index.json';

/** One day's file: every archived event received that UTC day, a contiguous run of seqs. */
export interface ArchivedDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  file: string;
  first: number;
  last: number;
  /** ms of the last event's receipt: a log whose events are all archived still never goes back in time. */
  lastAt: number;
  bytes: number;
}

interface ArchiveIndex {
  format: typeof FORMAT;
  version: 1;
  epoch: string;
  days: ArchivedDay[];
}

export interface ArchiveSummary {
  files: number;
  events: number;
  bytes: number;
}

/** The live log no longer has these events and the archive this node sees does not have them either. */
export class ArchiveMissingError extends StoreUnavailableError {
  constructor(readonly reason: string) {
    super(new Error(reason));
  }
}

/** The UTC day an event was received on: archives are cut at UTC midnight, whatever the province's zone. */
export const dayOf = (receivedAt: string) => receivedAt.slice(0, 10);

/** The name of a day's file; `YYYY-MM-DD` sorts by date. */
export const dayFile = (day: string) => `${day}.ndjson.gz`;

/**
 * Archived events of one log (one epoch), in `<root>/<epoch>/`: a gzip-compressed NDJSON file
 * per UTC day and an index of which seqs each file holds. Files are written whole (temporary
 * file, fsync, rename, fsync of the folder) before the live log lets go of their events, so a
 * crash leaves every event in the log, the archive or both, and the next run writes the same
 * file again. Reads keep the last day decompressed, as a display's pages follow one another.
 */
export class Archive {
  private readonly folder: string;
  private index: ArchiveIndex | null = null;
  private indexStamp = '';
  private cached: { file: string; stamp: string; events: StoredEvent[] } | null = null;

  constructor(
    readonly root: string,
    readonly epoch: string,
  ) {
    this.folder = join(root, epoch);
  }

  /** Up to `limit` archived events with seq > `after`, in order; throws when the archive does not continue from `after`. */
  async read(after: number, limit: number): Promise<StoredEvent[]> {
    let days = await this.daysAfter(after, false);
    if (!days.length || days[0]!.first > after + 1) days = await this.daysAfter(after, true);
    const out: StoredEvent[] = [];
    for (const day of days) {
      const events = await this.dayEvents(day);
      // A day's seqs run without a gap: the page starts at a known place, not after a scan of the day.
      for (let i = Math.max(0, after + 1 - (events[0]?.seq ?? 0)); i < events.length && out.length < limit; i++) {
        if (events[i]!.seq !== (out.at(-1)?.seq ?? after) + 1) break;
        out.push(events[i]!);
      }
      if (out.length >= limit) break;
    }
    if (out[0]?.seq !== after + 1) {
      throw new ArchiveMissingError(`event ${after + 1} is no longer in the live log and not in the archive at ${this.folder} (is IOC_ARCHIVE_DIR the storage every node shares?)`);
    }
    return out;
  }

  /** Every archived event in seq order, a day at a time (rebuilding dedupe keys at open). */
  async *all(): AsyncGenerator<StoredEvent[]> {
    for (const day of (await this.loadIndex(true))?.days ?? []) yield this.dayEvents(day);
  }

  async summary(): Promise<ArchiveSummary> {
    const days = (await this.loadIndex(true))?.days ?? [];
    return { files: days.length, events: days.reduce((n, d) => n + d.last - d.first + 1, 0), bytes: days.reduce((n, d) => n + d.bytes, 0) };
  }

  /** The last archived seq and its time, or null when nothing is archived. */
  async end(): Promise<{ seq: number; at: number } | null> {
    const last = (await this.loadIndex(true))?.days.at(-1);
    return last ? { seq: last.last, at: last.lastAt } : null;
  }

  /**
   * Writes one day's events (seq order, one UTC day) into its file, merged with what an earlier
   * run wrote there, and records the file in the index. Returns the file's name.
   */
  async writeDay(events: StoredEvent[]): Promise<string> {
    const first = events[0]!;
    const day = dayOf(first.receivedAt);
    const file = dayFile(day);
    await mkdir(this.folder, { recursive: true });
    const path = join(this.folder, file);
    // A file already there is from an earlier run, maybe one cut short before the log was trimmed:
    // keep what it has before these events, and take these from the log, which is authoritative.
    const earlier = await readIfThere(path);
    const kept = earlier ? parseDay(earlier).filter((e) => e.seq < first.seq) : [];
    const all = [...kept, ...events];
    const bytes = gzipSync(all.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await writeFileAtomic(path, bytes);
    const index = (await this.loadIndex(true)) ?? { format: FORMAT, version: 1, epoch: this.epoch, days: [] };
    const entry: ArchivedDay = { day, file, first: all[0]!.seq, last: all.at(-1)!.seq, lastAt: Date.parse(all.at(-1)!.receivedAt), bytes: bytes.length };
    const days = index.days.filter((d) => d.day !== day);
    days.push(entry);
    days.sort((a, b) => a.first - b.first);
    await writeFileAtomic(join(this.folder, ARCHIVE_INDEX), Buffer.from(JSON.stringify({ ...index, days }, null, 1)));
    this.index = null;
    return file;
  }

  private async daysAfter(after: number, fresh: boolean): Promise<ArchivedDay[]> {
    return ((await this.loadIndex(fresh))?.days ?? []).filter((d) => d.last > after);
  }

  /** The index, read again when the file changed (another node may have archived meanwhile). */
  private async loadIndex(fresh: boolean): Promise<ArchiveIndex | null> {
    if (this.index && !fresh) return this.index;
    const path = join(this.folder, ARCHIVE_INDEX);
    const stamp = await stampOf(path);
    if (stamp === null) return (this.index = null);
    if (this.index && stamp === this.indexStamp) return this.index;
    // The index is replaced by a rename, never written in place: one read sees one version of it.
    const text = await readIfThere(path);
    if (text === null) return (this.index = null);
    this.index = JSON.parse(text.toString('utf8')) as ArchiveIndex;
    this.indexStamp = stamp;
    return this.index;
  }

  private async dayEvents(day: ArchivedDay): Promise<StoredEvent[]> {
    const path = join(this.folder, day.file);
    const stamp = await stampOf(path);
    if (stamp === null) throw new ArchiveMissingError(`the archive index names ${path} (events ${day.first} to ${day.last}) but this node cannot find it (is IOC_ARCHIVE_DIR the storage every node shares?)`);
    if (this.cached?.file === path && this.cached.stamp === stamp) return this.cached.events;
    let events: StoredEvent[];
    try {
      events = parseDay(await readFile(path));
    } catch (err) {
      throw new ArchiveMissingError(`${path} (events ${day.first} to ${day.last}) cannot be read: ${(err as Error).message}`);
    }
    this.cached = { file: path, stamp, events };
    return events;
  }
}

function parseDay(gz: Buffer): StoredEvent[] {
  return gunzipSync(gz)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StoredEvent);
}

/** What changes when a file is replaced or rewritten; null when there is no such file. */
async function stampOf(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function readIfThere(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

