import type { Catalog } from '@shared/catalog';
import type { StoredEvent } from '@shared/events';
import { derive, displayProjection, PROJECTION_VERSION, type Projection, type StateView } from '@shared/projection';
import { fingerprint } from '@shared/version';
import { clockInfo, type Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import type { Store } from '../store/store';
import { audienceOf, readsInFull, redactAll, stateFor, type Audience } from '../auth/audience';
import { heartbeatOf } from './heartbeat';
import { SnapshotCache, type Audience as CacheKey } from './snapshot-cache';
import type { IoServer, IoSocket } from './types';

/**
 * Sockets still being brought level with the log; every other socket receives every batch.
 * (Only the few catching up are in a room, so a live display costs no room membership.)
 */
const CATCHING_UP = 'catching-up';
/**
 * Events that follow at least this long a quiet spell (since the last batch finished going out)
 * go out at once; events that come sooner wait for the end of the current turn of the event
 * loop, so a burst travels in one batch without a timer adding its delay to every event. It
 * matters most with thousands of displays: a batch's writes are done only when the turn ends
 * (their callbacks make each socket writable again), so a second batch sent in the same turn
 * would wait, socket by socket, behind an acknowledgement the producer already has.
 */
export const COALESCE_MS = 5;
/** The most events in one `events` message. */
export const MAX_BATCH_EVENTS = 500;
const PAGE = 1_000;
/**
 * Sockets that may read operator data join their audience's room; the walls (the many) join
 * none and get a batch with operator data redacted (see auth/audience.ts).
 */
const ROOMS: Partial<Record<Audience, string>> = { admin: 'audience:admin', operator: 'audience:operator' };
const PRIVILEGED = Object.values(ROOMS);

/** Who receives which state: by default the readers' audiences of auth/audience.ts (tests pass their own). */
export interface SnapshotAudiences {
  audienceOf(socket: IoSocket): CacheKey;
  stateFor(audience: CacheKey, projection: Projection, now: number): StateView;
  /** The projection sent to clients that ask for `snapshot.encoded` (they derive the state themselves). */
  displayFor(audience: CacheKey, projection: Projection, now: number): Projection;
}

/**
 * The readers' audiences (auth/audience.ts): what each role may see of the operators' data.
 * Viewer tokens' screens (walls, briefing screens: the many) are apart, and the walls apart from
 * them: they get the display's projection (display.ts). A unit's console reads any day of the
 * `keepDays` window (held values, CSV duplicates) and gets the public projection whole.
 * Clients that ask for `encoded` get the projection, the others the derived state.
 */
function readerAudiences(catalog: Catalog): SnapshotAudiences {
  const reader = (key: CacheKey): Audience => (key === 'admin' || key === 'operator' ? key : 'public');
  return {
    audienceOf: (socket) => (socket.data.role === 'viewer' ? (socket.data.wall ? 'wall' : 'viewer') : audienceOf(socket.data.role)),
    stateFor: (key, projection, now) => derive(catalog, stateFor(reader(key), projection), now),
    displayFor: (key, projection, now) => (key === 'wall' || key === 'viewer' ? displayProjection(catalog, projection, now, key === 'wall' ? 'wall' : 'any') : stateFor(reader(key), projection)),
  };
}

/**
 * Sends each display a snapshot or the events it missed, then every new event in order.
 * Invariant: a socket outside CATCHING_UP has been sent every applied event except those in
 * `pending`, which go out next; a socket leaves CATCHING_UP only right after a flush, so none
 * sees a gap or a repeat.
 */
export class Fanout {
  private pending: StoredEvent[] = [];
  private timer: NodeJS.Immediate | null = null;
  private waiters: (() => void)[] = [];
  private lastFlush = 0;
  /** One derived and encoded state per (seq, audience), however many displays reconnect at once. */
  readonly snapshots: SnapshotCache;
  /** The log's repair marks (lowest seq each repair changed), read once per epoch: they change only while the server is stopped. */
  private repairs: { epoch: string; seqs: number[] } | null = null;
  private readonly configVersion: string;
  private readonly audiences: SnapshotAudiences;

  constructor(
    private readonly io: IoServer,
    private readonly follower: LogFollower,
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly clock: Clock,
    audiences?: SnapshotAudiences,
  ) {
    this.configVersion = fingerprint(catalog.config);
    this.audiences = audiences ?? readerAudiences(catalog);
    this.snapshots = new SnapshotCache({
      state: (audience) => this.audiences.stateFor(audience, this.follower.projection, this.clock.now()),
      display: (audience) => this.audiences.displayFor(audience, this.follower.projection, this.clock.now()),
    });
    follower.on('events', (events) => this.push(events));
    follower.on('reset', () => this.resnapshotAll());
  }

  private push(events: StoredEvent[]): void {
    this.pending.push(...events);
    if (this.timer) return;
    if (performance.now() - this.lastFlush >= COALESCE_MS) this.flush();
    else this.timer = setImmediate(() => this.flush());
  }

  /** Resolves once every event handed over so far has been sent to the live displays. */
  delivered(): Promise<void> {
    if (!this.timer) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends what is pending to every live socket. */
  flush(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    const epoch = this.follower.epoch;
    const events = this.pending;
    this.pending = [];
    // Encoding a batch costs as much as the batch is long: skip it when nobody is watching.
    const live = this.io.sockets.sockets.size - (this.io.sockets.adapter.rooms.get(CATCHING_UP)?.size ?? 0);
    if (events.length && epoch !== null && live > 0) {
      for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
        const batch = events.slice(i, i + MAX_BATCH_EVENTS);
        // Nothing any reader may not see (nearly every batch): one message for everyone.
        if (batch.every((e) => readsInFull('public', e.type))) {
          this.io.except(CATCHING_UP).emit('events', { epoch, events: batch });
          continue;
        }
        this.io.except([CATCHING_UP, ...PRIVILEGED]).emit('events', { epoch, events: redactAll('public', batch) });
        for (const [audience, room] of Object.entries(ROOMS) as [Audience, string][]) this.io.to(room).except(CATCHING_UP).emit('events', { epoch, events: redactAll(audience, batch) });
      }
    }
    this.lastFlush = performance.now();
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Brings a new socket level with the log, from its `(epoch, seq)` when it can, else with a snapshot. */
  async admit(socket: IoSocket, epoch?: string, seq?: number, repairs = 0): Promise<void> {
    socket.join(CATCHING_UP);
    const room = ROOMS[audienceOf(socket.data.role)];
    if (room) socket.join(room);
    // The display learns at once whether this node's data is flowing, not a heartbeat later.
    socket.emit('heartbeat', heartbeatOf(this.follower, this.clock));
    await this.follower.whenLoaded();
    const marks = await this.repairMarks();
    if (!this.admitting(socket)) return;
    // A state that applied an event a repair since replaced differs from the log's: only a snapshot mends it.
    const replaced = seq !== undefined && marks.slice(repairs).some((s) => s <= seq);
    const resumable = epoch !== undefined && seq !== undefined && epoch === this.follower.epoch && seq <= this.follower.seq && !replaced;
    if (!resumable) return this.sendSnapshot(socket);
    let last = seq;
    // Older events come from the store, a page at a time; the last stretch from memory, in one tick with joining.
    for (;;) {
      this.flush();
      const recent = this.follower.recentAfter(last);
      if (recent) {
        this.sendEvents(socket, recent);
        socket.leave(CATCHING_UP);
        return;
      }
      const page = await this.store.read(last, PAGE);
      if (!this.admitting(socket)) return;
      // Behind the live log: one snapshot costs less than replaying archived days, and leaves no gap.
      if (page.epoch !== this.follower.epoch || !page.events.length || page.archived) return this.sendSnapshot(socket);
      this.sendEvents(socket, page.events);
      last = page.events.at(-1)!.seq;
    }
  }

  /** The lowest seq each repair of the current epoch's log changed, oldest first. */
  private async repairMarks(): Promise<number[]> {
    const epoch = this.follower.epoch;
    if (epoch === null) return [];
    if (this.repairs?.epoch !== epoch) {
      const head = await this.store.head();
      this.repairs = { epoch: head.epoch, seqs: head.repairs ?? [] };
    }
    return this.repairs.epoch === epoch ? this.repairs.seqs : [];
  }

  /**
   * Whether an admission that was waiting should go on: not if the socket left, nor if it was
   * brought level meanwhile (a reloaded log snapshots every socket, those being admitted too).
   */
  private admitting(socket: IoSocket): boolean {
    return socket.connected && socket.rooms.has(CATCHING_UP);
  }

  private sendEvents(socket: IoSocket, events: StoredEvent[]): void {
    const epoch = this.follower.epoch;
    if (epoch === null) return;
    const shown = redactAll(audienceOf(socket.data.role), events);
    for (let i = 0; i < shown.length; i += MAX_BATCH_EVENTS) socket.emit('events', { epoch, events: shown.slice(i, i + MAX_BATCH_EVENTS) });
  }

  /**
   * A full state for one socket, after which it receives every new event. While the log is being
   * reloaded there is none: the socket waits among those catching up, and the reload's `reset` sends it one.
   */
  sendSnapshot(socket: IoSocket): void {
    this.flush();
    const epoch = this.follower.epoch;
    if (epoch === null) {
      socket.join(CATCHING_UP);
      return;
    }
    const seq = this.follower.seq;
    const repairs = this.repairs?.epoch === epoch ? this.repairs.seqs.length : 0;
    const cached = this.snapshots.get(epoch, seq, this.audiences.audienceOf(socket));
    const head = { epoch, seq, ...clockInfo(this.clock), configVersion: this.configVersion, projectionVersion: PROJECTION_VERSION, ...(repairs ? { repairs } : {}) };
    // The shared bytes go out as a binary attachment: Socket.IO encodes only the small head per socket.
    if (socket.data.encoded) socket.emit('snapshot.encoded', { ...head, state: cached.bytes() });
    else socket.emit('snapshot', { ...head, state: cached.state() });
    socket.leave(CATCHING_UP);
  }

  /**
   * After the log was reloaded (a new epoch), every display starts again from a snapshot: live
   * ones, and those still being admitted or left waiting by the reload (their admission then stops).
   */
  private resnapshotAll(): void {
    this.pending = [];
    this.snapshots.clear();
    for (const socket of this.io.sockets.sockets.values()) this.sendSnapshot(socket);
  }
}
