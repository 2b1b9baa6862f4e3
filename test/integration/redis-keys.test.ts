import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysPattern, legacyRedisKeys, redisKeys } from '../../server/store/keys';
import { RedisStore } from '../../server/store/redis';
import { note } from '../../server/store/store.contract';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, api, Display, issueToken, noteEvent, startServer } from '../helpers/server';

const client = createClient({ url: TEST_REDIS_URL });
const prefixes: string[] = [];
const prefix = (name: string) => {
  const p = testPrefix(name);
  prefixes.push(p);
  return p;
};
beforeAll(async () => {
  await client.connect();
});
afterAll(async () => {
  try {
    for (const p of prefixes) await dropPrefix(p);
  } finally {
    client.destroy();
  }
});

async function keysOf(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
  return keys.sort();
}

/** The part of a key Redis Cluster hashes: what is inside the first `{...}`, when not empty. */
function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

async function write(url: string, events: Record<string, unknown>[]): Promise<{ id: string; seq: number }[]> {
  const res = await api(url, '/api/v1/events', { body: { events } });
  expect(res.status).toBe(202);
  const body = res.body as unknown as { accepted: { id: string; seq: number }[]; duplicates: { id: string; seq: number }[] };
  return [...body.accepted, ...body.duplicates].sort((a, b) => a.seq - b.seq);
}

describe('Redis keys', () => {
  it('gives every key of a deployment one hash tag holding its prefix, and other prefixes other tags', async () => {
    const mine = prefix('keys-a');
    const other = prefix('keys-b');
    const node = await startServer({ prefix: mine, snapshotEvery: 2 });
    const otherNode = await startServer({ prefix: other });
    try {
      await write(node.url, [noteEvent(), noteEvent(), noteEvent()]);
      await issueToken(node.url, 'viewer');
      await write(otherNode.url, [noteEvent()]);
      await expect.poll(() => keysOf(keysPattern(mine)), { timeout: 5_000 }).toContain(redisKeys(mine).snapshots);
      const keys = await keysOf(`*${mine}*`);
      // The log's and tokens' keys, plus any side table (token last use) written by then; the archive lock exists only during a retention pass.
      const named = Object.values(redisKeys(mine)).filter((k): k is string => typeof k === 'string' && k !== redisKeys(mine).revoked && k !== redisKeys(mine).archiveLock);
      expect(keys.filter((k) => !k.startsWith(redisKeys(mine).side(''))).sort()).toEqual(named.sort());
      expect(new Set(keys.map(hashTagOf))).toEqual(new Set([mine]));
      expect(new Set((await keysOf(`*${other}*`)).map(hashTagOf))).toEqual(new Set([other]));
    } finally {
      await node.close();
      await otherNode.close();
    }
  });

  it('moves a deployment written with the old `{log}` keys to the new ones, keeping its epoch, events, dedupe and tokens', async () => {
    const p = prefix('keys-legacy');
    const old = legacyRedisKeys(p);
    const t = Date.parse('2024-04-02T07:00:00Z');
    const [a, b] = [note('a'), note('b')];
    await client.hSet(old.meta, { epoch: 'old-epoch', seq: '2', lastAt: String(t) });
    await client.xAdd(old.events, '1-0', { e: JSON.stringify({ ...a.event, by: a.by }), t: String(t) });
    await client.xAdd(old.events, '2-0', { e: JSON.stringify({ ...b.event, by: b.by }), t: String(t) });
    await client.hSet(old.ids, { [`dic\na`]: `1:${a.hash}`, [`dic\nb`]: `2:${b.hash}` });
    await client.hSet(old.tokens, 'tk1', JSON.stringify({ id: 'tk1', hash: 'h1', role: 'viewer', unit: null, label: 'wall', createdAt: '2024-04-02T07:00:00.000Z' }));
    await client.hSet(old.tokenHashes, 'h1', 'tk1');
    await client.hSet(old.snapshots[0]!, '2', '{"stale":true}');

    const store = new RedisStore({ url: TEST_REDIS_URL, prefix: p });
    await store.open();
    try {
      expect(await store.head()).toEqual({ epoch: 'old-epoch', seq: 2 });
      expect((await store.read(0, 10)).events.map((e) => [e.seq, e.id])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect((await store.findToken('h1'))?.label).toBe('wall');
      expect(await store.append([note('b'), note('c')], t)).toMatchObject({ ok: true, results: [{ seq: 2, duplicate: true }, { seq: 3, duplicate: false }] });
      expect(await keysOf(`${p}*`)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('a Redis that loses the log meta', () => {
  it('keeps answering writes, with seqs that continue and retries still duplicates, and moves displays to the new epoch', async () => {
    const p = prefix('keys-meta');
    const node = await startServer({ prefix: p });
    try {
      const display = new Display(node.url, ADMIN_TOKEN);
      const first = [noteEvent(), noteEvent(), noteEvent()];
      await write(node.url, first);
      await display.until(() => display.seq === 3);
      const oldEpoch = display.epoch;
      await client.del(redisKeys(p).meta);

      expect(await write(node.url, [first[2]!, noteEvent()])).toEqual([
        { id: first[2]!.id, seq: 3 },
        { id: expect.any(String), seq: 4 },
      ]);
      expect((await write(node.url, [noteEvent()]))[0]!.seq).toBe(5);
      await display.until(() => display.epoch !== oldEpoch && display.seq === 5, 10_000);
      const state = await api(node.url, '/api/v1/state');
      expect(state.body).toMatchObject({ epoch: display.epoch, seq: 5 });
      const events = await api(node.url, '/api/v1/events?after=0&limit=10');
      expect((events.body as unknown as { events: { seq: number }[] }).events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      display.close();
    } finally {
      await node.close();
    }
  });
});
