import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { StoredEvent } from '@shared/events';
import { legacyRedisKeys, redisKeys, type RedisKeys } from './keys';
import { dedupeKey } from './dedupe';
import { writtenHash } from './hash';
import { connectRedis, type RedisConnection, type RedisTarget, type Reply } from './redis-connection';
import { SCRIPTS, type ScriptName } from './redis-scripts';
import { Archive } from './archive';
import { withArchived } from './archive-read';
import { archiveRedisLog } from './redis-archive';
import { RedisSnapshots } from './redis-snapshots';
import { asArray, entrySeq, fieldsOf, parseEntry } from './redis-reply';
import { redisInfo, RedisTokens } from './redis-tokens';
import { ImportRefusedError, type ArchiveOutcome, NotReplicatedError, StoreUnavailableError, type AppendOutcome, type EventPage, type LogHead, type LogStats, type PendingEvent, type SideTable, type Snapshot, type SnapshotQuery, type SnapshotRetention, type Store, type TokenRecord } from './store';
/** A command that has not answered by then counts as a failure (503), so a hung Redis never hangs a request. */
const COMMAND_TIMEOUT_MS = 5_000;

export type RedisStoreOptions = RedisTarget & {
  prefix: string;
  /** Acknowledge a write only once `WAIT` reports this many replicas have it (0: as soon as the primary has it). */
  waitReplicas?: number;
  /** How long `WAIT` may take before the write answers 503. */
  waitTimeoutMs?: number;
  /** Where archived events are (IOC_ARCHIVE_DIR); every node of a deployment must see the same folder. */
  archiveDir?: string;
  onError?: (err: Error) => void;
  /** Told what the store did on its own (keys moved from the old layout). */
  onNotice?: (message: string) => void;
};

/**
 * The production store: the log is a Redis Stream whose entry ids are `seq-0`,
 * appended by one Lua script per batch (dedupe, seq, XADD in one atomic step).
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  private readonly keys: RedisKeys;
  private readonly redis: RedisConnection;
  private shas = new Map<ScriptName, string>();
  /** The one-time move from the old key layout; log scripts wait for it after each (re)connect. */
  private migrated: Promise<void> = Promise.resolve();
  private readonly signals = new EventEmitter();
  private closed = false;
  private lastHead: LogHead | null = null;
  private archived: Archive | null = null;
  private readonly tokens: RedisTokens;
  private readonly snapshots: RedisSnapshots;

  constructor(private readonly options: RedisStoreOptions) {
    this.keys = redisKeys(options.prefix);
    const { prefix: _prefix, waitReplicas: _w, waitTimeoutMs: _t, archiveDir: _a, onError: _e, onNotice: _n, ...target } = options;
    this.redis = connectRedis(target, this.keys.meta);
    this.tokens = new RedisTokens((args) => this.command(args), this.keys, () => this.replicated());
    this.snapshots = new RedisSnapshots(this.keys, (keys, args) => this.runScript('snapshots', keys, args));
    this.redis.onReady(() => {
      this.shas.clear();
      // The old layout spread a deployment over several slots: a cluster only ever has the new one.
      if (!this.redis.clustered) this.migrated = this.migrateLegacyKeys().catch((err: unknown) => this.reportError(err));
      void this.migrated.then(() => this.head()).catch((err: unknown) => this.reportError(err));
    });
  }

  private reportError(err: unknown): void {
    this.options.onError?.(err as Error);
  }

  /** Connects in the background: until Redis answers, `ready()` is false and writes fail with 503. */
  async open(): Promise<void> {
    await this.redis.open((err) => this.reportError(err));
    void this.redis.subscribe(this.keys.revoked, (id) => this.signals.emit('revoked', id)).catch((err: unknown) => this.reportError(err));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.redis.close();
  }

  ready(): boolean {
    return !this.closed && this.redis.ready();
  }

  private async command(args: string[], blocking = false): Promise<Reply> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        blocking ? this.redis.sendBlocking(args) : this.redis.send(args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer ${args[0]} within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      if (err instanceof Error && /NOSCRIPT/.test(err.message)) throw err;
      if (err instanceof Error && /^(ERR|WRONGTYPE)/.test(err.message)) throw err;
      // A node down, CLUSTERDOWN while its replica is promoted, a timeout: 503 with Retry-After.
      this.redis.refresh();
      throw new StoreUnavailableError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** With `waitReplicas`, an acknowledgement waits until that many replicas have the write, or answers 503. */
  private async replicated(): Promise<void> {
    const n = this.options.waitReplicas ?? 0;
    if (n <= 0) return;
    const timeout = this.options.waitTimeoutMs ?? 1_000;
    const acked = Number(await this.command(['WAIT', String(n), String(timeout)]));
    if (acked < n) throw new NotReplicatedError(new Error(`WAIT: ${acked} of ${n} replicas acknowledged the write within ${timeout} ms`));
  }

  /** Moves keys written before the hash tag held the prefix, once, atomically (see migrate.lua). */
  private async migrateLegacyKeys(): Promise<void> {
    const old = legacyRedisKeys(this.options.prefix);
    if (Number(await this.command(['EXISTS', old.meta, old.events, old.tokens])) === 0) return;
    const k = this.keys;
    const keys = [old.meta, old.ids, old.events, old.tokens, old.tokenHashes, k.meta, k.ids, k.events, k.tokens, k.tokenHashes, ...old.snapshots];
    const moved = await this.runScript('migrate', keys, []);
    this.options.onNotice?.(`moved ${String(moved)} keys from the old layout (${old.events}) to the new one (${k.events})`);
  }

  /** The keys of the log, in the order the log scripts take them. */
  private logKeys(): string[] {
    const k = this.keys;
    return [k.meta, k.ids, k.events, k.snapshots, k.snapshotsBySeq, k.snapshotsByTime];
  }

  async append(batch: PendingEvent[], receivedAt: number): Promise<AppendOutcome> {
    const args = [randomUUID(), String(receivedAt), String(batch.length)];
    for (const e of batch) args.push(dedupeKey(e.event), e.hash, JSON.stringify({ ...e.event, by: e.by }));
    const reply = asArray(await this.runScript('ingest', this.logKeys(), args));
    if (reply[0] === 'conflict') return { ok: false, conflicts: reply.slice(1).map(Number) };
    await this.replicated();
    const n = batch.length;
    const seqs = reply.slice(3, 3 + n).map(Number);
    const dups = reply.slice(3 + n, 3 + 2 * n).map(Number);
    return {
      ok: true,
      epoch: String(reply[1]),
      receivedAt: Number(reply[2]),
      results: batch.map((e, i) => ({ id: e.event.id, seq: seqs[i]!, duplicate: dups[i] === 1 })),
    };
  }

  private async runScript(name: ScriptName, keys: string[], args: string[]): Promise<Reply> {
    if (name !== 'migrate') await this.migrated;
    let sha = this.shas.get(name);
    if (!sha) {
      sha = String(await this.command(['SCRIPT', 'LOAD', SCRIPTS[name]]));
      this.shas.set(name, sha);
    }
    try {
      return await this.command(['EVALSHA', sha, String(keys.length), ...keys, ...args]);
    } catch (err) {
      if (!(err instanceof Error) || !/NOSCRIPT/.test(err.message)) throw err;
      this.shas.delete(name);
      return this.runScript(name, keys, args);
    }
  }

  async head(): Promise<LogHead> {
    const [epoch, seq] = asArray(await this.command(['HMGET', this.keys.meta, 'epoch', 'seq']));
    if (epoch !== null && epoch !== undefined) return { epoch: String(epoch), seq: Number(seq) };
    // No meta: an empty Redis, or a meta lost while the stream stayed (rebuilt from the stream).
    const [made, madeSeq] = asArray(await this.runScript('head', this.logKeys(), [randomUUID()]));
    return { epoch: String(made), seq: Number(madeSeq) };
  }

  async read(after: number, limit: number): Promise<EventPage> {
    const [head, events] = await Promise.all([this.head(), this.readLive(after, limit)]);
    return withArchived({ ...head, events }, after, limit, this.archiveOf(head.epoch));
  }

  private async readLive(after: number, limit: number): Promise<StoredEvent[]> {
    return asArray(await this.command(['XRANGE', this.keys.events, `${after + 1}-0`, '+', 'COUNT', String(limit)])).map(parseEntry);
  }

  private archiveOf(epoch: string): Archive | null {
    if (!this.options.archiveDir) return null;
    if (this.archived?.epoch !== epoch) this.archived = new Archive(this.options.archiveDir, epoch);
    return this.archived;
  }

  private async firstLiveSeq(head: LogHead): Promise<number> {
    const [first] = asArray(await this.command(['XRANGE', this.keys.events, '-', '+', 'COUNT', '1']));
    return first === undefined ? head.seq + 1 : entrySeq(first);
  }

  async archive(cutoff: number): Promise<ArchiveOutcome> {
    const head = await this.head();
    const archive = this.archiveOf(head.epoch);
    if (!archive) throw new Error('no archive folder: set IOC_ARCHIVE_DIR');
    const bounds = async () => {
      const snapshot = await this.findSnapshot({ epoch: head.epoch, seq: head.seq });
      return { firstLive: await this.firstLiveSeq(head), ceiling: Math.min(snapshot?.seq ?? 0, head.seq - 1) };
    };
    return archiveRedisLog({ command: (args) => this.command(args), keys: this.keys, archive, bounds, cutoff, readLive: (after, limit) => this.readLive(after, limit) });
  }

  async logStats(): Promise<LogStats> {
    const head = await this.head();
    const [length, bytes, firstLiveSeq] = await Promise.all([this.command(['XLEN', this.keys.events]), this.command(['MEMORY', 'USAGE', this.keys.events]), this.firstLiveSeq(head)]);
    const archived = (await this.archiveOf(head.epoch)?.summary()) ?? { files: 0, events: 0, bytes: 0 };
    return { firstLiveSeq, liveEvents: Number(length), liveBytes: Number(bytes ?? 0), archivedEvents: archived.events, archivedFiles: archived.files, archivedBytes: archived.bytes };
  }

  async waitForEvents(after: number, limit: number, waitMs: number, known: () => number = () => after): Promise<EventPage> {
    const reply = await this.command(['XREAD', 'COUNT', String(limit), 'BLOCK', String(waitMs), 'STREAMS', this.keys.events, `${after}-0`], true);
    const skip = known();
    // The node that wrote these events applied them already; parsing them again is wasted work.
    const fresh = reply === null ? [] : asArray(asArray(asArray(reply)[0])[1]).filter((entry) => entrySeq(entry) > skip);
    // Entries this node had already: its epoch is the one it knows, and asking again would cost a
    // round trip per write. A replaced log shows on the next timeout, or with its first new event.
    if (reply !== null && !fresh.length && this.lastHead) return { ...this.lastHead, events: [] };
    const head = await this.head();
    this.lastHead = head;
    return { ...head, events: fresh.map(parseEntry) };
  }

  saveSnapshot(snapshot: Snapshot): Promise<boolean> {
    return this.snapshots.save(snapshot);
  }

  findSnapshot(query: SnapshotQuery): Promise<Snapshot | null> {
    return this.snapshots.find(query);
  }

  async pruneSnapshots(keep: SnapshotRetention): Promise<number> {
    return this.snapshots.prune((await this.head()).epoch, keep);
  }

  async importEvents(epoch: string, events: StoredEvent[]): Promise<void> {
    if (!events.length) return;
    const args = [epoch, String(events.length)];
    for (const e of events) {
      const { seq, receivedAt, by, ...written } = e;
      args.push(String(seq), String(Date.parse(receivedAt)), dedupeKey(e), writtenHash(e), JSON.stringify({ ...written, by }));
    }
    try {
      await this.runScript('import', this.logKeys(), args);
    } catch (err) {
      const refusal = err instanceof Error ? /IMPORT (.*)$/.exec(err.message) : null;
      throw refusal ? new ImportRefusedError(refusal[1]) : err;
    }
  }

  createToken(record: TokenRecord): Promise<void> {
    return this.tokens.create(record);
  }

  listTokens(): Promise<TokenRecord[]> {
    return this.tokens.list();
  }

  findToken(hash: string): Promise<TokenRecord | null> {
    return this.tokens.find(hash);
  }

  revokeToken(id: string): Promise<boolean> {
    return this.tokens.revoke(id);
  }

  onTokenRevoked(listener: (id: string) => void): () => void {
    this.signals.on('revoked', listener);
    return () => this.signals.off('revoked', listener);
  }

  /** Persistence as Redis itself reports it. */
  info(): Promise<Record<string, string>> {
    return redisInfo((args) => this.command(args));
  }

  async putFields(table: SideTable, fields: Record<string, string>): Promise<void> {
    const args = Object.entries(fields).flat();
    if (args.length) await this.command(['HSET', this.keys.side(table), ...args]);
  }

  async getFields(table: SideTable): Promise<Record<string, string>> {
    return fieldsOf(await this.command(['HGETALL', this.keys.side(table)]));
  }
}
