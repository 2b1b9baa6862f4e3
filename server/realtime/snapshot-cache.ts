import type { Projection, StateView } from '@shared/projection';

/** Who a snapshot is for: displays of one audience receive the same state (e.g. `viewer`, `unit`, `admin`). */
export type Audience = string;

/**
 * A derived state also depends on the clock (overdue items, silent units, the year's window), so
 * an entry is rebuilt after this long even when the log has not moved.
 */
export const SNAPSHOT_MAX_AGE_MS = 10_000;

/** What a snapshot of one audience is built from, at the log's current position and the clock's instant. */
export interface SnapshotBuilder {
  /** The derived state, for clients that take it as an object (protocol 1 without `encoded`). */
  state(audience: Audience): StateView;
  /** The projection the display applies events to (for the walls `displayProjection`), sent as bytes to clients that ask for `encoded`. */
  display(audience: Audience): Projection;
}

/** One audience's snapshot at one position of the log: each form built once, encoded once. */
export interface CachedState {
  /** The derived state: Socket.IO encodes it per socket. */
  state(): StateView;
  /** UTF-8 JSON of the display's projection, sent as one binary attachment: no encode per socket. */
  bytes(): Buffer;
}

interface Entry extends CachedState {
  builtAt: number;
}

/**
 * The state a display receives, per (epoch, seq, audience): a node restart with thousands of
 * displays reconnecting at one seq derives and encodes each audience's state once. Entries of
 * another position are dropped as soon as the log moves, so the cache holds one state per
 * audience at most. Each form is made on first use, within a `get` at the entry's position (the
 * caller reads it at once), so both forms of an entry describe the same seq.
 */
export class SnapshotCache {
  private position = '';
  private readonly entries = new Map<Audience, Entry>();
  /** Entries built since start, per audience. */
  readonly builds = new Map<Audience, number>();
  /** Told of every build (`ioc_snapshot_builds_total`). */
  onBuild: (audience: Audience) => void = () => {};

  /** @param build the forms of `audience`'s snapshot at the log's current position (called only on a miss). */
  constructor(
    private readonly build: SnapshotBuilder,
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
      let state: StateView | null = null;
      let bytes: Buffer | null = null;
      entry = {
        builtAt: now,
        state: () => (state ??= this.build.state(audience)),
        bytes: () => (bytes ??= Buffer.from(JSON.stringify(this.build.display(audience)))),
      };
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
