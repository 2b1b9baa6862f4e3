import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '@shared/events';
import { dedupeKey } from './dedupe';
import { truncateFile, writeFileAtomic } from './files';
import { lockDataDir, type DirLock } from './lock';
import { writtenHash } from './hash';
import { Archive } from './archive';
import { withArchived } from './archive-read';
import { copyToArchive } from './archive-run';
import { headerLine, LOG_FILE, LogDamagedError, scanLog } from './logfile';
import { LogFile } from './embedded-file';
import { importKeys, planGroup, type AppendJob, type KnownEvent } from './embedded-group';
import { SerialQueue } from './serial';
import { EmbeddedTables } from './embedded-tables';
import { SnapshotFiles } from './snapshot-files';
import { ImportRefusedError, type ArchiveOutcome, StoreUnavailableError, type AppendOutcome, type EventPage, type LogHead, type LogStats, type PendingEvent, type SideTable, type Snapshot, type SnapshotQuery, type SnapshotRetention, type Store, type TokenRecord } from './store';

export interface EmbeddedStoreOptions {
  /** Told what the store did on its own at open (a torn last line dropped, a lost meta.json rebuilt). */
  onNotice?: (message: string) => void;
  /** Where archived events go (IOC_ARCHIVE_DIR); `<dir>/archive` by default. */
  archiveDir?: string;
}

/**
 * The store for one machine and one process: the log is an append-only JSON-lines file whose
 * first line names its epoch, synced to disk before an append resolves; events, dedupe keys
 * and snapshots are also held in memory. Appends that arrive while a write is under way are
 * written together (group commit). The data folder is locked for as long as the store is open.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded';
  private epoch = '';
  /** The live log's events: seq `base + 1` onwards (those up to `base` are archived). */
  private events: StoredEvent[] = [];
  private base = 0;
  private archived: Archive | null = null;
  private archiving = false;
  private ids = new Map<string, KnownEvent>();
  private lastReceivedAt = 0;
  /** The header's repair marks: the lowest seq each repair changed (displays that saw them resync). */
  private repairs: number[] = [];
  private snapshots: SnapshotFiles | null = null;
  private readonly tables: EmbeddedTables;
  private lock: DirLock | null = null;
  private readonly log: LogFile;
  /** Batches waiting for the next write: those that arrive while one is under way are written together. */
  private pending: AppendJob[] = [];
  /** The one writer's turns: group writes, imports and the log's rewrite after archiving, in order. */
  private readonly turns = new SerialQueue();
  private readonly signals = new EventEmitter();

  constructor(
    private readonly dir: string,
    private readonly options: EmbeddedStoreOptions = {},
  ) {
    this.signals.setMaxListeners(0);
    this.tables = new EmbeddedTables(dir);
    this.log = new LogFile(join(dir, LOG_FILE));
  }

  /** Takes the folder's lock and reads the log; a damaged log stops here, untouched (`LogDamagedError`). */
  async open(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.lock = lockDataDir(this.dir);
    try {
      await this.load();
    } catch (err) {
      this.lock.release();
      this.lock = null;
      throw err;
    }
  }

  private async load(): Promise<void> {
    const logPath = this.log.path;
    const scan = scanLog(existsSync(logPath) ? readFileSync(logPath) : Buffer.alloc(0));
    const damage = scan.problems.filter((p) => p.kind !== 'torn');
    if (damage.length) throw new LogDamagedError(logPath, this.dir, damage);
    if (scan.problems.length) {
      // A last line cut short by a crash: its write never finished, so it was never acknowledged.
      truncateFile(logPath, scan.validBytes);
      this.options.onNotice?.(`${logPath}: dropped a last line cut short by a crash (line ${scan.lines}; never acknowledged)`);
    }
    this.events = scan.events;
    this.base = (scan.header?.firstSeq ?? 1) - 1;
    this.ids = scan.ids;
    this.lastReceivedAt = scan.lastReceivedAt;
    this.repairs = scan.header?.repairs?.map((r) => r.seq) ?? [];
    await this.log.open(scan.validBytes);
    if (scan.validLines === 0) {
      this.epoch = randomUUID();
      await this.log.write(headerLine(this.epoch));
    } else {
      this.epoch = scan.header?.epoch ?? (await this.legacyEpoch());
    }
    if (this.base > 0) await this.loadArchivedIds();
    this.snapshots = new SnapshotFiles(join(this.dir, 'snapshots'), this.epoch, this.headSeq);
    await this.tables.load();
  }

  /**
   * A log written before logs had a header keeps its epoch in meta.json. When that file is lost,
   * the events stay as they are and the log gets a new epoch, so displays take a fresh snapshot.
   */
  private async legacyEpoch(): Promise<string> {
    const metaPath = join(this.dir, 'meta.json');
    if (existsSync(metaPath)) return (JSON.parse(readFileSync(metaPath, 'utf8')) as { epoch: string }).epoch;
    const epoch = randomUUID();
    await writeFileAtomic(metaPath, JSON.stringify({ epoch }));
    this.options.onNotice?.(`${metaPath} was missing: kept all ${this.events.length} events and gave the log a new epoch`);
    return epoch;
  }

  async close(): Promise<void> {
    await this.turns.idle();
    await this.log.close();
    this.lock?.release();
    this.lock = null;
  }

  ready(): boolean {
    return this.log.isOpen && this.log.broken === null;
  }

  append(batch: PendingEvent[], receivedAt: number): Promise<AppendOutcome> {
    if (!this.ready()) return Promise.reject(new StoreUnavailableError(this.log.broken ?? undefined));
    return new Promise((resolve, reject) => {
      this.pending.push({ batch, receivedAt, resolve, reject });
      // The first batch waiting takes a turn; those arriving before the turn comes join it.
      if (this.pending.length === 1) void this.turns.run(() => this.writeGroup(this.pending.splice(0)));
    });
  }

  private async writeGroup(jobs: AppendJob[]): Promise<void> {
    const group = planGroup(jobs, { epoch: this.epoch, seq: this.headSeq, lastReceivedAt: this.lastReceivedAt }, (key) => this.ids.get(key));
    try {
      if (group.fresh.length) await this.log.write(group.fresh.map((e) => `${JSON.stringify(e)}\n`).join(''));
    } catch (err) {
      for (const job of jobs) job.reject(new StoreUnavailableError(err));
      return;
    }
    for (const e of group.fresh) this.events.push(e);
    for (const [key, value] of group.keys) this.ids.set(key, value);
    this.lastReceivedAt = group.lastReceivedAt;
    jobs.forEach((job, i) => job.resolve(group.outcomes[i]!));
    if (group.fresh.length) this.signals.emit('appended');
  }

  private get headSeq(): number {
    return this.base + this.events.length;
  }

  async head(): Promise<LogHead> {
    return { epoch: this.epoch, seq: this.headSeq, ...(this.repairs.length ? { repairs: this.repairs } : {}) };
  }

  async read(after: number, limit: number): Promise<EventPage> {
    const from = Math.max(0, after - this.base);
    const live = { epoch: this.epoch, seq: this.headSeq, events: this.events.slice(from, from + limit) };
    return withArchived(live, after, limit, this.archiveOf());
  }

  private archiveOf(): Archive {
    if (this.archived?.epoch !== this.epoch) this.archived = new Archive(this.options.archiveDir ?? join(this.dir, 'archive'), this.epoch);
    return this.archived;
  }

  /** Dedupe keys and the last time of receipt of archived events: a retry of one stays a duplicate after a restart. */
  private async loadArchivedIds(): Promise<void> {
    const archive = this.archiveOf();
    const end = await archive.end();
    if (!end || end.seq < this.base) this.options.onNotice?.(`${LOG_FILE} starts at seq ${this.base + 1} but the archive in ${archive.root} ends at ${end?.seq ?? 0}: reading older events will fail`);
    for await (const day of archive.all()) for (const e of day) this.ids.set(dedupeKey(e), { seq: e.seq, hash: writtenHash(e) });
    this.lastReceivedAt = Math.max(this.lastReceivedAt, end?.at ?? 0);
  }

  async archive(cutoff: number): Promise<ArchiveOutcome> {
    if (!this.ready()) throw new StoreUnavailableError(this.log.broken ?? undefined);
    if (this.archiving) return { events: 0, files: [], upTo: this.base, skipped: 'a pass is under way' };
    this.archiving = true;
    try {
      const snapshot = await this.findSnapshot({ epoch: this.epoch, seq: this.headSeq });
      const ceiling = Math.min(snapshot?.seq ?? 0, this.headSeq - 1);
      // Appends go on while the files are written (events in memory only grow at the end).
      const readLive = async (after: number, limit: number) => this.events.slice(after - this.base, after - this.base + limit);
      const outcome = await copyToArchive({ archive: this.archiveOf(), firstLive: this.base + 1, ceiling, cutoff, readLive });
      if (outcome.events) await this.turns.run(() => this.trimLog(outcome.upTo));
      return { ...outcome, upTo: this.base };
    } finally {
      this.archiving = false;
    }
  }

  /** Replaces events.log with one without the events up to `upTo` (archived), then appends to the new one. */
  private async trimLog(upTo: number): Promise<void> {
    const keep = this.events.slice(upTo - this.base);
    await this.log.rewrite(this.epoch, upTo + 1, keep);
    this.events = keep;
    this.base = upTo;
  }

  async logStats(): Promise<LogStats> {
    const archived = await this.archiveOf().summary();
    return { firstLiveSeq: this.base + 1, liveEvents: this.events.length, liveBytes: this.log.size, archivedEvents: archived.events, archivedFiles: archived.files, archivedBytes: archived.bytes };
  }

  async waitForEvents(after: number, limit: number, waitMs: number, known: () => number = () => after): Promise<EventPage> {
    if (this.headSeq <= after) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.signals.off('appended', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.signals.on('appended', done);
      });
    }
    return this.read(Math.max(after, known()), limit);
  }

  async saveSnapshot(snapshot: Snapshot): Promise<boolean> {
    return (await this.snapshots?.save(snapshot)) ?? false;
  }

  async findSnapshot(query: SnapshotQuery): Promise<Snapshot | null> {
    return this.snapshots?.find(query) ?? null;
  }

  async pruneSnapshots(keep: SnapshotRetention): Promise<number> {
    return (await this.snapshots?.prune(keep)) ?? 0;
  }

  async importEvents(epoch: string, events: StoredEvent[]): Promise<void> {
    if (!events.length) return;
    if (!this.ready()) throw new StoreUnavailableError(this.log.broken ?? undefined);
    // Imports take the writer's turn, so no append interleaves with them.
    await this.turns.run(() => this.importTurn(epoch, events));
    this.signals.emit('appended');
  }

  private async importTurn(epoch: string, events: StoredEvent[]): Promise<void> {
    const fresh = this.headSeq === 0 && epoch !== this.epoch;
    if (!fresh && epoch !== this.epoch) throw new ImportRefusedError(`the log is not empty: it has ${this.headSeq} events of epoch ${this.epoch}`);
    const keys = importKeys(events, this.headSeq, (key) => this.ids.has(key));
    const lines = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    if (fresh) {
      // The empty log's header named its own epoch: it is written again with the backup's.
      await this.log.replace(headerLine(epoch) + lines);
      this.epoch = epoch;
      this.repairs = [];
      this.snapshots = new SnapshotFiles(join(this.dir, 'snapshots'), epoch, 0);
    } else {
      await this.log.write(lines);
    }
    for (const e of events) this.events.push(e);
    for (const [key, value] of keys) this.ids.set(key, value);
    this.lastReceivedAt = events.reduce((at, e) => Math.max(at, Date.parse(e.receivedAt)), this.lastReceivedAt);
  }

  createToken(record: TokenRecord): Promise<void> {
    return this.tables.createToken(record);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return this.tables.listTokens();
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    return this.tables.findToken(hash);
  }

  async revokeToken(id: string): Promise<boolean> {
    if (!(await this.tables.revokeToken(id))) return false;
    this.signals.emit('revoked', id);
    return true;
  }

  onTokenRevoked(listener: (id: string) => void): () => void {
    this.signals.on('revoked', listener);
    return () => this.signals.off('revoked', listener);
  }

  async info(): Promise<Record<string, string>> {
    return { dataDir: this.dir, logBytes: String(this.log.size), events: String(this.headSeq), liveEvents: String(this.events.length), sync: 'fdatasync before every acknowledgement' };
  }

  putFields(table: SideTable, fields: Record<string, string>): Promise<void> {
    return this.tables.putFields(table, fields);
  }

  getFields(table: SideTable): Promise<Record<string, string>> {
    return this.tables.getFields(table);
  }
}

