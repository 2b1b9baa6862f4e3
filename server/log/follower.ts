import { EventEmitter } from 'node:events';
import type { Catalog } from '@shared/catalog';
import type { StoredEvent } from '@shared/events';
import { apply, createProjection, parseProjection, serializeProjection, type Projection } from '@shared/projection';
import type { LogHead, Store } from '../store/store';

/** Events kept in memory for displays that reconnect: a resume within this many is served without the store. */
export const RING_SIZE = 20_000;
/** A snapshot of the projection is saved every this many events, so start-up and time travel replay little. */
export const SNAPSHOT_EVERY = 5_000;
const PAGE = 1_000;
const WAIT_MS = 1_000;
const RETRY_MS = 500;
/**
 * A follower that has not read the store successfully for this long is stuck, even if nothing
 * failed: a hung Redis answers nothing until its commands time out (5 s). A healthy one reads
 * at least every WAIT_MS (a blocking read that times out empty is a successful read).
 */
export const STUCK_AFTER_MS = 3 * WAIT_MS;

/** What a node's displays are told about its view of the log (see `HeartbeatMessage`). */
export interface FollowerHealth {
  /** The epoch of the projection; null while the log is (re)loading. */
  epoch: string | null;
  /** The log's last seq as last read from the store (never below the applied seq). */
  head: number;
  /** Events of the log known and not applied yet. */
  behind: number;
  /** The store answers and the follower has read it within STUCK_AFTER_MS. */
  storeOk: boolean;
  /** Real time (ms) of the last successful read; 0 before the first. */
  lastReadAt: number;
}

interface FollowerEvents {
  events: [StoredEvent[]];
  reset: [];
  error: [unknown];
}

/**
 * Keeps this node's projection of the log current: loads it from the latest snapshot,
 * then tails the store, applying events strictly in seq order. Emits `events` for each
 * applied run and `reset` once it has reloaded a log that was replaced (a new epoch).
 */
export class LogFollower extends EventEmitter<FollowerEvents> {
  epoch: string | null = null;
  projection: Projection;
  private ring: StoredEvent[] = [];
  private offered = new Map<number, StoredEvent>();
  private running = false;
  /** Callers of `whenLoaded()` waiting for the load under way. */
  private loadWaiters: (() => void)[] = [];
  private loop: Promise<void> | null = null;
  private loadedOnce = false;
  /** The log's last seq as last read from the store. */
  private knownHead = 0;
  /** Real time (ms) of the last successful read of the store; 0 before the first. */
  private lastReadAt = 0;
  private storeOk = false;

  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly snapshotEvery = SNAPSHOT_EVERY,
  ) {
    super();
    this.projection = createProjection(catalog);
  }

  get seq(): number {
    return this.projection.seq;
  }

  get isLoaded(): boolean {
    return this.epoch !== null;
  }

  /**
   * Resolves once the projection is loaded: at once when it is, else when the load under way ends
   * (the first one, or the reload of a replaced log), so a caller never acts on a null epoch.
   */
  whenLoaded(): Promise<void> {
    if (this.isLoaded) return Promise.resolve();
    return new Promise((resolve) => this.loadWaiters.push(resolve));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** How this node's view of the log is doing at real time `now`: what its displays' heartbeats carry. */
  health(now = Date.now()): FollowerHealth {
    const head = Math.max(this.knownHead, this.seq);
    const fresh = this.lastReadAt > 0 && now - this.lastReadAt <= STUCK_AFTER_MS;
    return { epoch: this.epoch, head, behind: head - this.seq, storeOk: this.storeOk && fresh && this.store.ready(), lastReadAt: this.lastReadAt };
  }

  /** Events before `ringStart` are no longer in memory. */
  get ringStart(): number {
    return this.ring[0]?.seq ?? this.seq + 1;
  }

  /** Events with seq > `after` from memory, or null when some of them are no longer held. */
  recentAfter(after: number): StoredEvent[] | null {
    if (after >= this.seq) return [];
    if (after + 1 < this.ringStart) return null;
    return this.ring.slice(after + 1 - this.ringStart);
  }

  /** Takes events this node just appended, so they go out without waiting for the tail. */
  offer(epoch: string, events: StoredEvent[]): void {
    if (epoch !== this.epoch) return;
    for (const e of events) if (e.seq > this.seq) this.offered.set(e.seq, e);
    const run: StoredEvent[] = [];
    for (let next = this.offered.get(this.seq + 1); next; next = this.offered.get(this.seq + 1)) {
      this.offered.delete(next.seq);
      this.applyOne(next);
      run.push(next);
    }
    if (this.offered.size > PAGE) this.offered.clear();
    if (run.length) this.emit('events', run);
  }

  /** Reads whatever the log has beyond the projection; used before answering a read. */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.read(this.seq, PAGE);
      this.sawStore(page);
      if (!this.accept(page.epoch, page.events) || page.events.length < PAGE) return;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.isLoaded) await this.load();
        const page = await this.store.waitForEvents(this.seq, PAGE, WAIT_MS, () => this.seq);
        this.sawStore(page);
        this.accept(page.epoch, page.events);
      } catch (err) {
        this.storeOk = false;
        this.emit('error', err);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  /** Loads the projection from the latest snapshot and the events after it. */
  private async load(): Promise<void> {
    const reloading = this.loadedOnce;
    const head = await this.store.head();
    this.sawStore(head);
    const snapshot = await this.store.findSnapshot({ epoch: head.epoch, seq: head.seq });
    const restored = snapshot ? parseProjection(snapshot.state) : null;
    // A snapshot from another version of the projection is ignored: the whole log is replayed instead.
    this.projection = restored ?? createProjection(this.catalog);
    this.ring = [];
    this.offered.clear();
    for (;;) {
      const page = await this.store.read(this.seq, PAGE);
      this.sawStore(page);
      if (page.epoch !== head.epoch) return this.reset();
      for (const e of page.events) this.applyOne(e);
      if (page.events.length < PAGE) break;
    }
    // Only now is the projection whole: until here `isLoaded` is false, so nothing serves it half-read.
    this.epoch = head.epoch;
    this.loadedOnce = true;
    // Listeners of `reset` first (they resnapshot every display), then those waiting to admit one.
    if (reloading) this.emit('reset');
    for (const resolve of this.loadWaiters.splice(0)) resolve();
  }

  /**
   * Saves a snapshot of the projection as it is now (retention archives only events a snapshot
   * covers, and a quiet log may not reach SNAPSHOT_EVERY for weeks). False when there is nothing to save.
   */
  async saveSnapshotNow(): Promise<boolean> {
    const last = this.ring.at(-1);
    if (this.epoch === null || last?.seq !== this.seq) return false;
    return this.store.saveSnapshot({ epoch: this.epoch, seq: last.seq, receivedAt: Date.parse(last.receivedAt), state: serializeProjection(this.projection) });
  }

  /** Notes a successful read of the store and the log's head it saw. */
  private sawStore(head: LogHead): void {
    // A head read earlier can arrive later (a blocking read returns the last head it knew): keep the highest of one epoch.
    this.knownHead = head.epoch === this.epoch ? Math.max(this.knownHead, head.seq) : head.seq;
    this.lastReadAt = Date.now();
    this.storeOk = true;
  }

  /** Applies a page from the store; false when the epoch changed (the projection is reloaded). */
  private accept(epoch: string, events: StoredEvent[]): boolean {
    if (epoch !== this.epoch) {
      this.reset();
      return false;
    }
    const run = events.filter((e) => e.seq === this.seq + 1 && this.applyOne(e));
    if (run.length) this.emit('events', run);
    return true;
  }

  private reset(): void {
    this.epoch = null;
    this.projection = createProjection(this.catalog);
    this.ring = [];
    this.offered.clear();
  }

  private applyOne(event: StoredEvent): true {
    apply(this.catalog, this.projection, event);
    this.ring.push(event);
    if (this.ring.length > RING_SIZE * 1.25) this.ring.splice(0, this.ring.length - RING_SIZE);
    if (event.seq % this.snapshotEvery === 0 && this.epoch !== null) {
      const snapshot = { epoch: this.epoch, seq: event.seq, receivedAt: Date.parse(event.receivedAt), state: serializeProjection(this.projection) };
      this.store.saveSnapshot(snapshot).catch((err: unknown) => this.emit('error', err));
    }
    return true;
  }
}
