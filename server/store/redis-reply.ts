import type { StoredEvent } from '@shared/events';
import type { Reply } from './redis-connection';

/** Runs one Redis command with the store's timeout and errors (`RedisStore.command`). */
export type RedisCommand = (args: string[]) => Promise<Reply>;

export function asArray(reply: Reply | undefined): Reply[] {
  return Array.isArray(reply) ? reply : [];
}

/** The seq of a stream entry: its id is `seq-0`. */
export function entrySeq(entry: Reply): number {
  return Number(String(asArray(entry)[0]).split('-')[0]);
}

/** A stream entry `[ "seq-0", [ "e", json, "t", ms ] ]` as a stored event. */
export function parseEntry(entry: Reply): StoredEvent {
  const [id, fields] = asArray(entry);
  const f = asArray(fields);
  const value = (name: string) => String(f[f.indexOf(name) + 1]);
  const written = JSON.parse(value('e')) as Omit<StoredEvent, 'seq' | 'receivedAt'>;
  const { by, ...event } = written;
  return { ...event, seq: Number(String(id).split('-')[0]), receivedAt: new Date(Number(value('t'))).toISOString(), by } as StoredEvent;
}

/** A `HGETALL` reply as an object. */
export function fieldsOf(flat: Reply): Record<string, string> {
  const list = asArray(flat);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = String(list[i + 1]);
  return out;
}
