import type { StoredEvent } from '@shared/events';
import { dedupeKey, placeBatch } from './dedupe';
import { writtenHash } from './hash';
import { ImportRefusedError, type AppendOutcome, type PendingEvent } from './store';

/** What the log knows of an event by its dedupe key. */
export interface KnownEvent {
  seq: number;
  hash: string;
}

/** One caller's batch waiting for the embedded store's next write. */
export interface AppendJob {
  batch: PendingEvent[];
  receivedAt: number;
  resolve: (outcome: AppendOutcome) => void;
  reject: (err: unknown) => void;
}

/** The log where a group is numbered from. */
export interface LogEnd {
  epoch: string;
  seq: number;
  /** The latest `receivedAt` (ms) along the log: it never goes backwards. */
  lastReceivedAt: number;
}

export interface PlannedGroup {
  /** Each job's answer, in order, once the group is on disk. */
  outcomes: AppendOutcome[];
  /** The new events, numbered, to write in one go. */
  fresh: StoredEvent[];
  /** Their dedupe keys, to add to the log's once written. */
  keys: Map<string, KnownEvent>;
  lastReceivedAt: number;
}

/**
 * Numbers the batches written together (group commit), each all or nothing: a batch with a
 * conflict is refused alone, and a later batch sees the events of the earlier ones as stored.
 */
export function planGroup(jobs: AppendJob[], end: LogEnd, known: (key: string) => KnownEvent | undefined): PlannedGroup {
  const keys = new Map<string, KnownEvent>();
  const fresh: StoredEvent[] = [];
  const outcomes: AppendOutcome[] = [];
  let seq = end.seq;
  let at = end.lastReceivedAt;
  for (const job of jobs) {
    const placements = placeBatch(job.batch, (key) => known(key) ?? keys.get(key));
    if (!Array.isArray(placements)) {
      outcomes.push({ ok: false, conflicts: placements.conflicts });
      continue;
    }
    at = Math.max(at, job.receivedAt);
    const receivedAt = new Date(at).toISOString();
    const results = job.batch.map((e) => ({ id: e.event.id, seq: 0, duplicate: false }));
    job.batch.forEach((e, i) => {
      const place = placements[i]!;
      results[i]!.duplicate = place.kind !== 'new';
      if (place.kind === 'duplicate') results[i]!.seq = place.seq;
      else if (place.kind === 'duplicate-in-batch') results[i]!.seq = results[place.index]!.seq;
      else {
        seq += 1;
        results[i]!.seq = seq;
        keys.set(dedupeKey(e.event), { seq, hash: e.hash });
        fresh.push({ ...e.event, seq, receivedAt, by: e.by });
      }
    });
    outcomes.push({ ok: true, epoch: end.epoch, receivedAt: at, results });
  }
  return { outcomes, fresh, keys, lastReceivedAt: at };
}

/** The dedupe keys of imported events, once they are checked to continue the log at `head + 1` with no (unit, id) twice. */
export function importKeys(events: StoredEvent[], head: number, known: (key: string) => boolean): Map<string, KnownEvent> {
  const keys = new Map<string, KnownEvent>();
  events.forEach((e, i) => {
    const key = dedupeKey(e);
    if (e.seq !== head + i + 1) throw new ImportRefusedError(`seq ${e.seq} does not continue the log at ${head + i + 1}`);
    if (known(key) || keys.has(key)) throw new ImportRefusedError(`the event of seq ${e.seq} has a (unit, id) that is in the log already`);
    keys.set(key, { seq: e.seq, hash: writtenHash(e) });
  });
  return keys;
}
