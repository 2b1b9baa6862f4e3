import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createClient, type RedisClientType } from 'redis';
import type { StoredEvent } from '@shared/events';
import { redisKeys, type RedisKeys } from './keys';
import { dedupeKey } from './dedupe';
import { StoreUnavailableError, type AppendOutcome, type EventPage, type LogHead, type PendingEvent, type Snapshot, type Store, type TokenRecord } from './store';

const INGEST_SCRIPT = readFileSync(new URL('./ingest.lua', import.meta.url), 'utf8');
const INIT_SCRIPT = `if redis.call('HEXISTS', KEYS[1], 'epoch') == 0 then redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', 0, 'lastAt', 0) end
return redis.call('HGET', KEYS[1], 'epoch')`;
/** A command that has not answered by then counts as a failure (503), so a hung Redis never hangs a request. */
const COMMAND_TIMEOUT_MS = 5_000;

export type Reply = string | number | null | Reply[];

export interface RedisStoreOptions {
  url: string;
  prefix: string;
  onError?: (err: Error) => void;
}

/**
 * The production store: the log is a Redis Stream whose entry ids are `seq-0`,
 * appended by one Lua script per batch (dedupe, seq, XADD in one atomic step).
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  private readonly keys: RedisKeys;
  private readonly client: RedisClientType;
  private readonly blocking: RedisClientType;
  private readonly subscriber: RedisClientType;
  private scriptSha: string | null = null;
  private readonly signals = new EventEmitter();
  private closed = false;
  private lastHead: LogHead | null = null;

  constructor(private readonly options: RedisStoreOptions) {
    this.keys = redisKeys(options.prefix);
    const onError = (err: Error) => options.onError?.(err);
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) },
    });
    this.blocking = this.client.duplicate();
    this.subscriber = this.client.duplicate();
    for (const c of [this.client, this.blocking, this.subscriber]) c.on('error', onError);
    this.client.on('ready', () => {
      this.scriptSha = null;
      void this.ensureMeta().catch(onError);
    });
  }

  /** Connects in the background: until Redis answers, `ready()` is false and writes fail with 503. */
  async open(): Promise<void> {
    const connect = (c: RedisClientType) => c.connect().catch((err: unknown) => this.options.onError?.(err as Error));
    void connect(this.client);
    void connect(this.blocking);
    void connect(this.subscriber).then(() =>
      this.subscriber.subscribe(this.keys.revoked, (id) => this.signals.emit('revoked', id)).catch((err: unknown) => this.options.onError?.(err as Error)),
    );
    await Promise.all([this.client, this.blocking, this.subscriber].map((c) => whenReady(c, 3_000)));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.client, this.blocking, this.subscriber].map((c) => c.destroy()));
  }

  ready(): boolean {
    return !this.closed && this.client.isReady;
  }

  private async command(args: string[], client: RedisClientType = this.client): Promise<Reply> {
    if (!client.isReady) throw new StoreUnavailableError(new Error('not connected to Redis'));
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        client.sendCommand(args) as Promise<Reply>,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer ${args[0]} within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      if (err instanceof Error && /NOSCRIPT/.test(err.message)) throw err;
      if (err instanceof Error && /^(ERR|WRONGTYPE)/.test(err.message)) throw err;
      throw new StoreUnavailableError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * For a feature that keeps a little state of its own beside the log (display presence,
   * server/desk/displays-redis.ts): a key under this store's prefix, and one command run with
   * the store's timeout and errors.
   */
  featureKey(name: string): string {
    return `${this.options.prefix}${name}`;
  }

  featureCommand(args: string[]): Promise<Reply> {
    return this.command(args);
  }

  /** Gives an empty Redis a log: a new epoch, seq 0. Safe to race between nodes. */
  private async ensureMeta(): Promise<string> {
    const reply = await this.command(['EVAL', INIT_SCRIPT, '1', this.keys.meta, randomUUID()]);
    return String(reply);
  }

  async append(batch: PendingEvent[], receivedAt: number): Promise<AppendOutcome> {
    const args = [randomUUID(), String(receivedAt), String(batch.length)];
    for (const e of batch) args.push(dedupeKey(e), e.hash, JSON.stringify({ ...e.event, by: e.by }));
    const keys = [this.keys.meta, this.keys.ids, this.keys.events, this.keys.snapshots, this.keys.snapshotsBySeq, this.keys.snapshotsByTime];
    const reply = asArray(await this.runScript(keys, args));
    if (reply[0] === 'conflict') return { ok: false, conflicts: reply.slice(1).map(Number) };
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

  private async runScript(keys: string[], args: string[]): Promise<Reply> {
    if (!this.scriptSha) this.scriptSha = String(await this.command(['SCRIPT', 'LOAD', INGEST_SCRIPT]));
    try {
      return await this.command(['EVALSHA', this.scriptSha, String(keys.length), ...keys, ...args]);
    } catch (err) {
      if (!(err instanceof Error) || !/NOSCRIPT/.test(err.message)) throw err;
      this.scriptSha = null;
      return this.runScript(keys, args);
    }
  }

  async head(): Promise<LogHead> {
    const [epoch, seq] = asArray(await this.command(['HMGET', this.keys.meta, 'epoch', 'seq']));
    if (epoch === null || epoch === undefined) return { epoch: await this.ensureMeta(), seq: 0 };
    return { epoch: String(epoch), seq: Number(seq) };
  }

  async read(after: number, limit: number): Promise<EventPage> {
    const [head, entries] = await Promise.all([this.head(), this.command(['XRANGE', this.keys.events, `${after + 1}-0`, '+', 'COUNT', String(limit)])]);
    return { ...head, events: asArray(entries).map(parseEntry) };
  }

  async waitForEvents(after: number, limit: number, waitMs: number, known: () => number = () => after): Promise<EventPage> {
    const reply = await this.command(['XREAD', 'COUNT', String(limit), 'BLOCK', String(waitMs), 'STREAMS', this.keys.events, `${after}-0`], this.blocking);
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

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    const seq = String(snapshot.seq);
    await this.command(['HSET', this.keys.snapshots, seq, snapshot.state]);
    await this.command(['ZADD', this.keys.snapshotsBySeq, seq, seq]);
    await this.command(['ZADD', this.keys.snapshotsByTime, String(snapshot.receivedAt), seq]);
  }

  async findSnapshot(query: { seq: number } | { at: number }): Promise<Snapshot | null> {
    const [key, max] = 'seq' in query ? [this.keys.snapshotsBySeq, query.seq] : [this.keys.snapshotsByTime, query.at];
    const found = asArray(await this.command(['ZRANGE', key, String(max), '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '1']));
    if (!found.length) return null;
    const seq = String(found[0]);
    const [state, receivedAt] = await Promise.all([this.command(['HGET', this.keys.snapshots, seq]), this.command(['ZSCORE', this.keys.snapshotsByTime, seq])]);
    if (state === null) return null;
    return { seq: Number(seq), receivedAt: Number(receivedAt), state: String(state) };
  }

  async createToken(record: TokenRecord): Promise<void> {
    await this.command(['HSET', this.keys.tokens, record.id, JSON.stringify(record)]);
    await this.command(['HSET', this.keys.tokenHashes, record.hash, record.id]);
  }

  async listTokens(): Promise<TokenRecord[]> {
    const values = asArray(await this.command(['HVALS', this.keys.tokens]));
    return values.map((v) => JSON.parse(String(v)) as TokenRecord);
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const id = await this.command(['HGET', this.keys.tokenHashes, hash]);
    if (id === null) return null;
    const json = await this.command(['HGET', this.keys.tokens, String(id)]);
    return json === null ? null : (JSON.parse(String(json)) as TokenRecord);
  }

  async revokeToken(id: string): Promise<boolean> {
    const json = await this.command(['HGET', this.keys.tokens, id]);
    if (json === null) return false;
    const record = JSON.parse(String(json)) as TokenRecord;
    await this.command(['HDEL', this.keys.tokenHashes, record.hash]);
    await this.command(['HDEL', this.keys.tokens, id]);
    await this.command(['PUBLISH', this.keys.revoked, id]);
    return true;
  }

  onTokenRevoked(listener: (id: string) => void): () => void {
    this.signals.on('revoked', listener);
    return () => this.signals.off('revoked', listener);
  }
}

/** Resolves when the client is connected, or after `ms` if it is not by then. */
function whenReady(client: RedisClientType, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (client.isReady) return resolve();
    const timer = setTimeout(resolve, ms);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function asArray(reply: Reply | undefined): Reply[] {
  return Array.isArray(reply) ? reply : [];
}

function entrySeq(entry: Reply): number {
  return Number(String(asArray(entry)[0]).split('-')[0]);
}

/** A stream entry `[ "seq-0", [ "e", json, "t", ms ] ]` as a stored event. */
function parseEntry(entry: Reply): StoredEvent {
  const [id, fields] = asArray(entry);
  const f = asArray(fields);
  const value = (name: string) => String(f[f.indexOf(name) + 1]);
  const written = JSON.parse(value('e')) as Omit<StoredEvent, 'seq' | 'receivedAt'>;
  const { by, ...event } = written;
  return { ...event, seq: Number(String(id).split('-')[0]), receivedAt: new Date(Number(value('t'))).toISOString(), by } as StoredEvent;
}
