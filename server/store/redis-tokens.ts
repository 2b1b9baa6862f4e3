import type { RedisKeys } from './keys';
import { asArray, type RedisCommand } from './redis-reply';
import type { TokenRecord } from './store';

/**
 * The Redis store's tokens: a hash of records by id and one of ids by secret hash. `replicated`
 * holds an acknowledgement until enough replicas have the change (the store's `WAIT`).
 */
export class RedisTokens {
  constructor(
    private readonly command: RedisCommand,
    private readonly keys: RedisKeys,
    private readonly replicated: () => Promise<void>,
  ) {}

  async create(record: TokenRecord): Promise<void> {
    await this.command(['HSET', this.keys.tokens, record.id, JSON.stringify(record)]);
    await this.command(['HSET', this.keys.tokenHashes, record.hash, record.id]);
    await this.replicated();
  }

  async list(): Promise<TokenRecord[]> {
    const values = asArray(await this.command(['HVALS', this.keys.tokens]));
    return values.map((v) => JSON.parse(String(v)) as TokenRecord);
  }

  async find(hash: string): Promise<TokenRecord | null> {
    const id = await this.command(['HGET', this.keys.tokenHashes, hash]);
    if (id === null) return null;
    const json = await this.command(['HGET', this.keys.tokens, String(id)]);
    return json === null ? null : (JSON.parse(String(json)) as TokenRecord);
  }

  /** Removes a token and tells every node (a message on `keys.revoked`); false when there was none. */
  async revoke(id: string): Promise<boolean> {
    const json = await this.command(['HGET', this.keys.tokens, id]);
    if (json === null) return false;
    const record = JSON.parse(String(json)) as TokenRecord;
    await this.command(['HDEL', this.keys.tokenHashes, record.hash]);
    await this.command(['HDEL', this.keys.tokens, id]);
    await this.replicated();
    await this.command(['PUBLISH', this.keys.revoked, id]);
    return true;
  }
}

/** Persistence as Redis itself reports it (INFO persistence; CONFIG GET when the command is allowed). */
export async function redisInfo(command: RedisCommand): Promise<Record<string, string>> {
  const fields = (text: unknown) => Object.fromEntries(String(text).split(/\r?\n/).filter((l) => l.includes(':')).map((l) => l.split(':', 2) as [string, string]));
  const [persistence, server] = await Promise.all([command(['INFO', 'persistence']), command(['INFO', 'server'])]);
  const p = fields(persistence);
  const info: Record<string, string> = {
    version: fields(server).redis_version ?? '?',
    aof: p.aof_enabled === '1' ? 'on' : 'off',
    rdbLastSave: p.rdb_last_save_time ? new Date(Number(p.rdb_last_save_time) * 1000).toISOString() : '?',
    rdbChangesSinceSave: p.rdb_changes_since_last_save ?? '?',
  };
  if (p.aof_last_write_status) info.aofLastWrite = p.aof_last_write_status;
  try {
    const [, fsync] = asArray(await command(['CONFIG', 'GET', 'appendfsync']));
    if (fsync !== undefined && fsync !== null) info.appendfsync = String(fsync);
  } catch {
    // CONFIG is often renamed or disabled on managed Redis; INFO alone says whether AOF is on.
  }
  return info;
}
