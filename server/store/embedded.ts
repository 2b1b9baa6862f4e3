import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, existsSync, openSync, ftruncateSync, closeSync, statSync } from 'node:fs';
import { open, rename, writeFile, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalEvent, type StoredEvent } from '@shared/events';
import { contentHash } from './hash';
import { dedupeKey, placeBatch } from './dedupe';
import { StoreUnavailableError, type AppendOutcome, type EventPage, type LogHead, type PendingEvent, type SideTable, type Snapshot, type Store, type TokenRecord } from './store';

interface Job {
  batch: PendingEvent[];
  receivedAt: number;
  resolve: (outcome: AppendOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * The store for one machine: the log is an append-only JSON-lines file, synced to disk
 * before an append resolves; events, dedupe keys and snapshots are also held in memory.
 * Appends that arrive while a write is under way are written together (group commit).
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded';
  private epoch = '';
  private events: StoredEvent[] = [];
  private ids = new Map<string, { seq: number; hash: string }>();
  private lastReceivedAt = 0;
  private snapshots: Snapshot[] = [];
  private tokens = new Map<string, TokenRecord>();
  private log: FileHandle | null = null;
  private logSize = 0;
  private queue: Job[] = [];
  private writing = false;
  private broken: Error | null = null;
  private readonly signals = new EventEmitter();
  private readonly side = new Map<SideTable, Record<string, string>>();
  private sideWrites: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {
    this.signals.setMaxListeners(0);
  }

  private path(name: string): string {
    return join(this.dir, name);
  }

  async open(): Promise<void> {
    mkdirSync(this.path('snapshots'), { recursive: true });
    const logPath = this.path('events.log');
    const metaPath = this.path('meta.json');
    if (existsSync(metaPath) && existsSync(logPath)) {
      this.epoch = (JSON.parse(readFileSync(metaPath, 'utf8')) as { epoch: string }).epoch;
    } else {
      this.epoch = randomUUID();
      await writeFile(logPath, '');
      await this.writeJsonAtomic('meta.json', { epoch: this.epoch });
    }
    this.loadLog(logPath);
    this.loadSnapshots();
    if (existsSync(this.path('tokens.json'))) {
      const list = JSON.parse(await readFile(this.path('tokens.json'), 'utf8')) as TokenRecord[];
      for (const t of list) this.tokens.set(t.id, t);
    }
    this.log = await open(logPath, 'a');
    this.logSize = statSync(logPath).size;
  }

  /** Reads the log; a last line cut short by a crash was never acknowledged, so it is dropped. */
  private loadLog(logPath: string): void {
    const text = readFileSync(logPath, 'utf8');
    let offset = 0;
    while (offset < text.length) {
      const end = text.indexOf('\n', offset);
      if (end < 0) {
        this.truncate(logPath, Buffer.byteLength(text.slice(0, offset)));
        break;
      }
      const line = text.slice(offset, end);
      let event: StoredEvent;
      try {
        event = JSON.parse(line) as StoredEvent;
      } catch {
        throw new Error(`${logPath}: line ${this.events.length + 1} is not valid JSON; the log is damaged`);
      }
      if (event.seq !== this.events.length + 1) throw new Error(`${logPath}: expected seq ${this.events.length + 1}, found ${event.seq}`);
      this.remember(event);
      offset = end + 1;
    }
  }

  private truncate(path: string, size: number): void {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, size);
    } finally {
      closeSync(fd);
    }
  }

  private remember(event: StoredEvent): void {
    this.events.push(event);
    const { seq: _seq, receivedAt, by: _by, ...written } = event;
    this.ids.set(`${event.unit}\n${event.id}`, { seq: event.seq, hash: contentHash(canonicalEvent(written)) });
    this.lastReceivedAt = Math.max(this.lastReceivedAt, Date.parse(receivedAt));
  }

  private loadSnapshots(): void {
    for (const name of readdirSync(this.path('snapshots'))) {
      const match = /^(\d+)-(\d+)\.json$/.exec(name);
      if (!match) continue;
      const seq = Number(match[1]);
      if (seq > this.events.length) continue;
      this.snapshots.push({ seq, receivedAt: Number(match[2]), state: readFileSync(this.path(`snapshots/${name}`), 'utf8') });
    }
    this.snapshots.sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    while (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    await this.log?.close();
    this.log = null;
  }

  ready(): boolean {
    return this.log !== null && this.broken === null;
  }

  append(batch: PendingEvent[], receivedAt: number): Promise<AppendOutcome> {
    if (!this.ready()) return Promise.reject(new StoreUnavailableError(this.broken ?? undefined));
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, receivedAt, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length) await this.writeGroup(this.queue.splice(0));
    } finally {
      this.writing = false;
    }
  }

  private async writeGroup(jobs: Job[]): Promise<void> {
    const staged = new Map<string, { seq: number; hash: string }>();
    const fresh: StoredEvent[] = [];
    const outcomes: AppendOutcome[] = [];
    let seq = this.events.length;
    let at = this.lastReceivedAt;
    for (const job of jobs) {
      const placements = placeBatch(job.batch, (key) => this.ids.get(key) ?? staged.get(key));
      if (!Array.isArray(placements)) {
        outcomes.push({ ok: false, conflicts: placements.conflicts });
        continue;
      }
      at = Math.max(at, job.receivedAt);
      const receivedAt = new Date(at).toISOString();
      const results = job.batch.map((e, i) => ({ id: e.event.id, seq: 0, duplicate: placements[i]!.kind !== 'new' }));
      job.batch.forEach((e, i) => {
        const place = placements[i]!;
        if (place.kind === 'duplicate') results[i]!.seq = place.seq;
        else if (place.kind === 'duplicate-in-batch') results[i]!.seq = results[place.index]!.seq;
        else {
          seq += 1;
          results[i]!.seq = seq;
          staged.set(dedupeKey(e), { seq, hash: e.hash });
          fresh.push({ ...e.event, seq, receivedAt, by: e.by });
        }
      });
      outcomes.push({ ok: true, epoch: this.epoch, receivedAt: at, results });
    }
    try {
      if (fresh.length) await this.writeDurably(fresh.map((e) => `${JSON.stringify(e)}\n`).join(''));
    } catch (err) {
      for (const job of jobs) job.reject(new StoreUnavailableError(err));
      return;
    }
    for (const e of fresh) this.events.push(e);
    for (const [key, value] of staged) this.ids.set(key, value);
    this.lastReceivedAt = at;
    jobs.forEach((job, i) => job.resolve(outcomes[i]!));
    if (fresh.length) this.signals.emit('appended');
  }

  /** Appends and syncs; on failure the file is cut back so that nothing unacknowledged stays in it. */
  private async writeDurably(text: string): Promise<void> {
    const log = this.log;
    if (!log) throw new Error('closed');
    const bytes = Buffer.from(text);
    try {
      await log.write(bytes);
      await log.datasync();
      this.logSize += bytes.length;
    } catch (err) {
      try {
        await log.truncate(this.logSize);
      } catch (cause) {
        this.broken = cause instanceof Error ? cause : new Error(String(cause));
      }
      throw err;
    }
  }

  async head(): Promise<LogHead> {
    return { epoch: this.epoch, seq: this.events.length };
  }

  async read(after: number, limit: number): Promise<EventPage> {
    return { epoch: this.epoch, seq: this.events.length, events: this.events.slice(after, after + limit) };
  }

  async waitForEvents(after: number, limit: number, waitMs: number, known: () => number = () => after): Promise<EventPage> {
    if (this.events.length <= after) {
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

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    if (this.snapshots.some((s) => s.seq === snapshot.seq)) return;
    await this.writeJsonAtomic(`snapshots/${snapshot.seq}-${snapshot.receivedAt}.json`, snapshot.state, true);
    this.snapshots.push(snapshot);
    this.snapshots.sort((a, b) => a.seq - b.seq);
  }

  async findSnapshot(query: { seq: number } | { at: number }): Promise<Snapshot | null> {
    const fits = (s: Snapshot) => ('seq' in query ? s.seq <= query.seq : s.receivedAt <= query.at);
    for (let i = this.snapshots.length - 1; i >= 0; i--) if (fits(this.snapshots[i]!)) return this.snapshots[i]!;
    return null;
  }

  async createToken(record: TokenRecord): Promise<void> {
    this.tokens.set(record.id, record);
    await this.saveTokens();
  }

  async listTokens(): Promise<TokenRecord[]> {
    return [...this.tokens.values()];
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    for (const t of this.tokens.values()) if (t.hash === hash) return t;
    return null;
  }

  async revokeToken(id: string): Promise<boolean> {
    if (!this.tokens.delete(id)) return false;
    await this.saveTokens();
    this.signals.emit('revoked', id);
    return true;
  }

  onTokenRevoked(listener: (id: string) => void): () => void {
    this.signals.on('revoked', listener);
    return () => this.signals.off('revoked', listener);
  }

  async info(): Promise<Record<string, string>> {
    return { dataDir: this.dir, logBytes: String(this.logSize), events: String(this.events.length), sync: 'fdatasync before every acknowledgement' };
  }

  putFields(table: SideTable, fields: Record<string, string>): Promise<void> {
    // One write at a time: two atomic writes of one file would share its temporary file.
    this.sideWrites = this.sideWrites.catch(() => undefined).then(async () => {
      const merged = { ...(await this.getFields(table)), ...fields };
      this.side.set(table, merged);
      await this.writeJsonAtomic(`${table}.json`, merged);
    });
    return this.sideWrites;
  }

  async getFields(table: SideTable): Promise<Record<string, string>> {
    let fields = this.side.get(table);
    if (!fields) {
      const path = this.path(`${table}.json`);
      fields = existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, string>) : {};
      this.side.set(table, fields);
    }
    return { ...fields };
  }

  private saveTokens(): Promise<void> {
    return this.writeJsonAtomic('tokens.json', [...this.tokens.values()]);
  }

  /** Writes a file whole or not at all: a temporary file, synced, then renamed over the old one. */
  private async writeJsonAtomic(name: string, value: unknown, raw = false): Promise<void> {
    const tmp = this.path(`${name}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(raw ? String(value) : JSON.stringify(value));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.path(name));
  }
}
