import type { Reply } from '../store/redis-connection';
import type { ConnectedDisplay, DisplayDirectory, LocalDisplays } from './displays';

/** A node's list older than this is a node that stopped: its walls are gone. */
export const PRESENCE_TTL_MS = 15_000;
/** Each node rewrites its list this often even when nothing changed, so a live node never looks stopped. */
export const PRESENCE_REFRESH_MS = 5_000;
/** Changes within this long of each other are published once. */
const DEBOUNCE_MS = 100;

/** The part of the Redis store this needs (see `RedisStore.featureKey`). */
export interface PresenceRedis {
  featureKey(name: string): string;
  featureCommand(args: string[]): Promise<Reply>;
}

interface NodeEntry {
  at: number;
  displays: ConnectedDisplay[];
}

/**
 * The walls of every node on one Redis: each node keeps its own list in one field of a hash
 * (`<prefix>displays`, field = node id, value = `{ at, displays }`), rewritten on every change and
 * every few seconds; a reader skips (and removes) the lists of nodes that stopped writing.
 * One key, so it works unchanged on Redis Cluster; a hash field has no TTL of its own in Redis 7.0,
 * hence the `at` stamp.
 */
export function redisDirectory(local: LocalDisplays, redis: PresenceRedis, onError: (err: unknown) => void, now: () => number = Date.now): DisplayDirectory {
  const key = redis.featureKey('displays');
  let stopped = false;
  let debounce: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const publish = () => {
    writing = writing
      .then(async () => {
        if (stopped) return;
        const entry: NodeEntry = { at: now(), displays: local.list() };
        await redis.featureCommand(['HSET', key, local.node, JSON.stringify(entry)]);
      })
      .catch(onError);
    return writing;
  };
  local.onChange = () => {
    if (debounce || stopped) return;
    debounce = setTimeout(() => {
      debounce = null;
      void publish();
    }, DEBOUNCE_MS);
  };
  const refresh = setInterval(() => void publish(), PRESENCE_REFRESH_MS);
  refresh.unref();
  void publish();

  return {
    async list() {
      const reply = await redis.featureCommand(['HGETALL', key]);
      const flat = Array.isArray(reply) ? reply.map(String) : [];
      const all: ConnectedDisplay[] = local.list();
      const stale: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const node = flat[i]!;
        if (node === local.node) continue;
        const entry = parseEntry(flat[i + 1]!);
        if (!entry || entry.at < now() - PRESENCE_TTL_MS) stale.push(node);
        else all.push(...entry.displays);
      }
      if (stale.length) await redis.featureCommand(['HDEL', key, ...stale]);
      return all;
    },
    async stop() {
      stopped = true;
      clearInterval(refresh);
      if (debounce) clearTimeout(debounce);
      await writing;
      await redis.featureCommand(['HDEL', key, local.node]).catch(onError);
    },
  };
}

function parseEntry(text: string): NodeEntry | null {
  try {
    const entry = JSON.parse(text) as Partial<NodeEntry>;
    return typeof entry.at === 'number' && Array.isArray(entry.displays) ? (entry as NodeEntry) : null;
  } catch {
    return null;
  }
}
