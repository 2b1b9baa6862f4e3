import type { Catalog } from '@shared/catalog';
import type { StoredEvent } from '@shared/events';
import { apply, createProjection, parseProjection, type Projection } from '@shared/projection';
import type { Store } from '../store/store';
import { SNAPSHOT_EVERY } from './follower';
import { projectionAt, type PastState } from './history';

/** Stretches of the log kept in memory for time travel, least recently used dropped first. */
export const TRAVEL_INTERVALS = 4;
/** Within a stretch, a copy of the projection every this many events: a step replays at most this many. */
export const CHECKPOINT_EVERY = 250;
const PAGE = 1_000;

/** Answers to `GET /api/v1/state?seq=` kept, by (epoch, seq): the state after an existing event never changes. */
export const KEPT_ANSWERS = 32;

export class PastAnswers {
  private readonly kept = new Map<string, string>();

  get(epoch: string, seq: number): string | undefined {
    const key = `${epoch}:${seq}`;
    const body = this.kept.get(key);
    if (body !== undefined) {
      // Most recently used last: stepping back and forth in a meeting revisits the same few.
      this.kept.delete(key);
      this.kept.set(key, body);
    }
    return body;
  }

  set(epoch: string, seq: number, body: string): void {
    this.kept.set(`${epoch}:${seq}`, body);
    if (this.kept.size > KEPT_ANSWERS) this.kept.delete(this.kept.keys().next().value!);
  }
}

/** A stretch of the log from a snapshot on: its events, and copies of the projection along it. */
interface Interval {
  epoch: string;
  base: number;
  /** `receivedAt` (ms) of event `base`; -Infinity for the start of the log. */
  baseAt: number;
  /** Events base+1, base+2, ... in order. */
  events: StoredEvent[];
  /** JSON copies of the projection after event `seq`, ascending by seq; the first is the base. */
  checkpoints: { seq: number; json: string }[];
  usedAt: number;
}

/**
 * The projection at a past seq or time, for the briefing's time travel: like `projectionAt`, but
 * keeping the stretches of the log it read, with a projection copy every `CHECKPOINT_EVERY` events,
 * so stepping one event forward or back replays a few hundred events, not thousands.
 */
export class TimeTravel {
  /** Whole answers for `?seq=`, kept by the HTTP layer. */
  readonly answers = new PastAnswers();
  private intervals: Interval[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private uses = 0;

  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly snapshotEvery = SNAPSHOT_EVERY,
  ) {}

  /** The projection after event `seq`, or after the last event received at or before `at` (ms). */
  at(query: { seq: number } | { at: number }): Promise<PastState> {
    // One at a time: requests extend shared intervals, and time travel is a few screens' business.
    const run = this.queue.then(() => this.travel(query));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async travel(query: { seq: number } | { at: number }): Promise<PastState> {
    const head = await this.store.head();
    this.intervals = this.intervals.filter((i) => i.epoch === head.epoch);
    const interval = 'seq' in query ? this.covering(Math.min(query.seq, head.seq)) : this.coveringTime(query.at);
    const found = interval ?? (await this.open(query, head.epoch));
    if (!found) return projectionAt(this.store, this.catalog, query);
    found.usedAt = ++this.uses;
    const target = 'seq' in query ? Math.min(query.seq, head.seq) : await this.seqAtTime(found, query.at, head.seq);
    if (target === null || !(await this.extend(found, target))) return projectionAt(this.store, this.catalog, query);
    return { epoch: head.epoch, projection: this.replay(found, target) };
  }

  /** A kept interval that `seq` falls in (or just past, within one snapshot's stretch). */
  private covering(seq: number): Interval | null {
    const fits = this.intervals.filter((i) => i.base <= seq && seq <= i.base + this.snapshotEvery);
    return fits.sort((a, b) => b.base - a.base)[0] ?? null;
  }

  /** A kept interval whose events are known to reach past `at`, so the answer lies inside it. */
  private coveringTime(at: number): Interval | null {
    return this.intervals.find((i) => i.baseAt <= at && i.events.length > 0 && Date.parse(i.events.at(-1)!.receivedAt) > at) ?? null;
  }

  /** A new interval from the snapshot the store has for `query`; null when its snapshot is unusable. */
  private async open(query: { seq: number } | { at: number }, epoch: string): Promise<Interval | null> {
    const snapshot = await this.store.findSnapshot({ epoch, ...query });
    const projection = snapshot ? parseProjection(snapshot.state) : createProjection(this.catalog);
    if (!projection) return null;
    const interval: Interval = {
      epoch,
      base: projection.seq,
      baseAt: snapshot ? snapshot.receivedAt : -Infinity,
      events: [],
      checkpoints: [{ seq: projection.seq, json: JSON.stringify(projection) }],
      usedAt: 0,
    };
    this.intervals.push(interval);
    if (this.intervals.length > TRAVEL_INTERVALS) {
      this.intervals.sort((a, b) => b.usedAt - a.usedAt);
      this.intervals.length = TRAVEL_INTERVALS;
    }
    return interval;
  }

  /** Reads the interval's events up to `seq`; false when the log changed under it or the stretch is too long to keep. */
  private async extend(interval: Interval, seq: number): Promise<boolean> {
    if (seq - interval.base > 2 * this.snapshotEvery) return false;
    while (interval.base + interval.events.length < seq) {
      const after = interval.base + interval.events.length;
      const page = await this.store.read(after, Math.min(PAGE, seq - after));
      if (page.epoch !== interval.epoch || !page.events.length || page.events[0]!.seq !== after + 1) return false;
      interval.events.push(...page.events);
    }
    return true;
  }

  /** The seq of the last event received at or before `at`, reading on from the interval as needed; null when it cannot tell. */
  private async seqAtTime(interval: Interval, at: number, head: number): Promise<number | null> {
    for (;;) {
      const events = interval.events;
      const last = events.at(-1);
      if (last && Date.parse(last.receivedAt) > at) {
        let lo = 0;
        let hi = events.length;
        // The first event received after `at`: the answer is the one before it.
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (Date.parse(events[mid]!.receivedAt) > at) hi = mid;
          else lo = mid + 1;
        }
        return interval.base + lo;
      }
      const reached = interval.base + events.length;
      if (reached >= head) return reached;
      if (!(await this.extend(interval, Math.min(head, reached + PAGE)))) return null;
    }
  }

  /** The projection after `seq`, from the nearest copy at or before it, keeping new copies on the way. */
  private replay(interval: Interval, seq: number): Projection {
    let from = interval.checkpoints[0]!;
    for (const c of interval.checkpoints) if (c.seq <= seq) from = c;
    const projection = JSON.parse(from.json) as Projection;
    for (let s = from.seq + 1; s <= seq; s++) {
      apply(this.catalog, projection, interval.events[s - interval.base - 1]!);
      const last = interval.checkpoints.at(-1)!.seq;
      if (s % CHECKPOINT_EVERY === 0 && s > last) interval.checkpoints.push({ seq: s, json: JSON.stringify(projection) });
    }
    return projection;
  }
}
