import type { StateView } from '@shared/projection';

/** Who a snapshot is for: displays of one audience receive the same state (e.g. `viewer`, `unit`, `admin`). */
export type Audience = string;

/**
 * A derived state also depends on the clock (overdue items, silent units, the year's window), so
 * an entry is rebuilt after this long even when the log has not moved.
 */
export const SNAPSHOT_MAX_AGE_MS = 10_000;

/** One audience's state at one position of the log: built once, encoded once. */
export interface CachedState {
  /** For clients that take the state as an object (protocol 1 without `encoded`): Socket.IO encodes it per socket. */
  state: StateView;
  /** UTF-8 JSON of `state`, made on first use and sent as one binary attachment to clients that ask for it: no encode per socket. */
  bytes(): Buffer;
}

interface Entry extends CachedState {
  builtAt: number;
}

/**
 * The state a display receives, per (epoch, seq, audience): a node restart with thousands of
 * displays reconnecting at one seq derives and encodes each audience's state once. Entries of
 * another position are dropped as soon as the log moves, so the cache holds one state per
 * audience at most.
 */
export class SnapshotCache {
  private position = '';
  private readonly entries = new Map<Audience, Entry>();
  /** States built since start, per audience. */
  readonly builds = new Map<Audience, number>();
  /** Told of every build (`ioc_snapshot_builds_total`). */
  onBuild: (audience: Audience) => void = () => {};

  /** @param build the state of `audience` at the log's current position (called only on a miss). */
  constructor(
    private readonly build: (audience: Audience) => StateView,
    private readonly now: () => number = Date.now,
  ) {}

  get(epoch: string, seq: number, audience: Audience): CachedState {
    const position = `${epoch}:${seq}`;
    if (position !== this.position) {
      this.entries.clear();
      this.position = position;
    }
    const now = this.now();
    let entry = this.entries.get(audience);
    if (!entry || now - entry.builtAt >= SNAPSHOT_MAX_AGE_MS) {
      const state = this.build(audience);
      let bytes: Buffer | null = null;
      entry = { state, builtAt: now, bytes: () => (bytes ??= Buffer.from(JSON.stringify(state))) };
      this.entries.set(audience, entry);
      this.builds.set(audience, (this.builds.get(audience) ?? 0) + 1);
      this.onBuild(audience);
    }
    return entry;
  }

  /** Forgets every state (the log was reloaded: a position may name another history). */
  clear(): void {
    this.entries.clear();
    this.position = '';
  }
}
