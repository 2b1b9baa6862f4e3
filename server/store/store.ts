import type { LogEvent, StoredEvent } from '@shared/events';
import type { Role } from '@shared/api';

// A leaf: the store's types and errors import nothing of the server, so any module may import them.

/** An event ready to append: validated, authorized, with its writer and content hash. */
export interface PendingEvent {
  event: LogEvent;
  by: string;
  /** Hash of the event's canonical content: a retry with the same hash is a duplicate. */
  hash: string;
}

export interface AppendedEvent {
  id: string;
  seq: number;
  duplicate: boolean;
}

export type AppendOutcome =
  | { ok: true; epoch: string; receivedAt: number; results: AppendedEvent[] }
  /** Indexes, within the batch, of events whose (unit, id) was stored before with other content. */
  | { ok: false; conflicts: number[] };

/** What one retention pass did (`Store.archive`). */
export interface ArchiveOutcome {
  /** Events moved out of the live log by this run. */
  events: number;
  /** The day files written (or rewritten with more events). */
  files: string[];
  /** The live log now starts after this seq (0: nothing archived yet). */
  upTo: number;
  /** Why nothing was done, when another node was archiving. */
  skipped?: string;
}

export interface LogHead {
  epoch: string;
  seq: number;
  /** Embedded store, after `npm run log -- repair` replaced events: the lowest seq each repair changed, oldest first. */
  repairs?: number[];
}

export interface EventPage extends LogHead {
  events: StoredEvent[];
  /** Some of the events came from the archive: the live log no longer holds them. */
  archived?: boolean;
}

/** What the live log holds and what was archived, for /metrics. */
export interface LogStats {
  /** The first seq still in the live log (head + 1 when it holds none). */
  firstLiveSeq: number;
  liveEvents: number;
  /** Memory of the Redis stream (MEMORY USAGE), or the size of the embedded store's events.log. */
  liveBytes: number;
  archivedEvents: number;
  archivedFiles: number;
  archivedBytes: number;
}

export interface Snapshot {
  /** The log's epoch: a snapshot describes one history and is never used for another. */
  epoch: string;
  seq: number;
  /** `receivedAt` of event `seq`, in ms. */
  receivedAt: number;
  /** The serialized projection after event `seq`. */
  state: string;
}

export interface TokenRecord {
  id: string;
  hash: string;
  role: Role;
  unit: string | null;
  label: string;
  createdAt: string;
}

/** Which snapshots `pruneSnapshots` keeps, by age from the newest one (see snapshot-pruning.ts). */
export interface SnapshotRetention {
  /** Every snapshot this recent is kept. */
  allForMs: number;
  /** Older ones this recent: the last of each UTC day; older still: the last of each UTC month. */
  dailyForMs: number;
}

export type SnapshotQuery = { epoch: string } & ({ seq: number } | { at: number });

/** Raised by a store that cannot reach its storage: the API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super(`store unavailable${cause instanceof Error ? `: ${cause.message}` : ''}`);
  }
}

/** The write is on the primary but fewer replicas than asked have it (Redis WAIT timed out). */
export class NotReplicatedError extends StoreUnavailableError {}

/** Why a store will not take imported events: a log that is not empty, or events that do not continue it. */
export class ImportRefusedError extends Error {}

/** Why a store refuses to open; the server prints the message and exits 1. */
export class StoreOpenError extends Error {
  constructor(
    readonly code: 'data_dir_locked' | 'log_damaged',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where the event log, its snapshots and the tokens live. Two implementations
 * (Redis, embedded) pass one contract suite (`store.contract.ts`).
 */
export interface Store {
  readonly kind: 'redis' | 'embedded';
  /** Starts connecting; resolves once usable, or at once for a store that keeps retrying in the background. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** True while the storage answers. */
  ready(): boolean;
  /**
   * Atomically dedupes, numbers and appends a batch: all or nothing.
   * `receivedAt` is the server's clock; the store keeps it from going backwards along the log.
   */
  append(batch: PendingEvent[], receivedAt: number): Promise<AppendOutcome>;
  head(): Promise<LogHead>;
  /** Up to `limit` events with seq > `after`, in order, from the archive where the live log no longer has them. */
  read(after: number, limit: number): Promise<EventPage>;
  /**
   * Like `read`, but waits up to `waitMs` for events after `after` when there are none yet.
   * Events at or below `known()` when the wait ends are left out (the caller has them already).
   */
  waitForEvents(after: number, limit: number, waitMs: number, known?: () => number): Promise<EventPage>;
  /**
   * Keeps a snapshot, atomically, unless its epoch is not the log's current one or a snapshot
   * at that seq is already kept (several nodes save the same one: the first wins). True when kept.
   */
  saveSnapshot(snapshot: Snapshot): Promise<boolean>;
  /**
   * The latest snapshot of `epoch` at or before `seq`, or received at or before `at` (ms);
   * null when there is none or `epoch` is not the log's current epoch.
   */
  findSnapshot(query: SnapshotQuery): Promise<Snapshot | null>;
  /**
   * Deletes the snapshots of the log's current epoch that `keep` does not keep (the newest always
   * stays), so storage does not grow with every SNAPSHOT_EVERY events. Returns how many went.
   */
  pruneSnapshots(keep: SnapshotRetention): Promise<number>;
  /**
   * Restores stored events as they were, with their seq, receivedAt and writer (a backup's
   * import). The first call needs an empty log and gives it `epoch`; each call must continue
   * the log at head + 1, in seq order, in that epoch. Throws `ImportRefusedError` otherwise,
   * having stored nothing of that call.
   */
  importEvents(epoch: string, events: StoredEvent[]): Promise<void>;
  /**
   * Moves events received before `cutoff` (ms) and at or below the latest snapshot's seq out of
   * the live log into the archive (one gzip NDJSON file per UTC day); the log's last event always
   * stays. Safe to re-run after a crash: no event is lost or archived twice. On Redis one node
   * at a time archives; the others return `skipped`.
   */
  archive(cutoff: number): Promise<ArchiveOutcome>;
  logStats(): Promise<LogStats>;

  createToken(record: TokenRecord): Promise<void>;
  listTokens(): Promise<TokenRecord[]>;
  findToken(hash: string): Promise<TokenRecord | null>;
  /** Removes a token and tells every node (see `onTokenRevoked`); false when there was none. */
  revokeToken(id: string): Promise<boolean>;
  onTokenRevoked(listener: (id: string) => void): () => void;

  /** What the admin's health page shows of the storage, e.g. Redis's persistence settings as Redis reports them. */
  info(): Promise<Record<string, string>>;
  /** Small bookkeeping beside the log (when tokens were last used, which nodes are up): last write wins per field. */
  putFields(table: SideTable, fields: Record<string, string>): Promise<void>;
  getFields(table: SideTable): Promise<Record<string, string>>;
}

export type SideTable = 'token-usage' | 'nodes' | 'displays' | 'upstream';
