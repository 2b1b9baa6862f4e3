import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { StoredEvent } from '@shared/events';
import { demoCatalog, notes, sleep, tempEmbeddedStore, until } from '../../test/helpers/log';
import { spawnRedis } from '../../test/helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../../test/helpers/redis';
import { RedisStore } from '../store/redis';
import type { AppendOutcome, PendingEvent, Store } from '../store/store';
import { LogFollower, STUCK_AFTER_MS } from './follower';

async function embedded(): Promise<Store> {
  const { store, dispose } = await tempEmbeddedStore();
  onTestFinished(dispose);
  return store;
}

async function redis(url = TEST_REDIS_URL): Promise<{ store: RedisStore; prefix: string }> {
  const prefix = testPrefix('follower');
  const store = new RedisStore({ url, prefix });
  onTestFinished(async () => {
    try {
      await store.close();
    } finally {
      if (url === TEST_REDIS_URL) await dropPrefix(prefix);
    }
  });
  await store.open();
  return { store, prefix };
}

/** A started follower that records what it emits; stopped when the test ends. */
async function follow(store: Store): Promise<{ follower: LogFollower; emitted: number[][]; errors: unknown[] }> {
  const follower = new LogFollower(store, demoCatalog);
  const emitted: number[][] = [];
  const errors: unknown[] = [];
  follower.on('events', (events) => emitted.push(events.map((e) => e.seq)));
  follower.on('error', (err) => errors.push(err));
  onTestFinished(() => follower.stop());
  follower.start();
  await follower.whenLoaded();
  return { follower, emitted, errors };
}

/** The events of an append as the log holds them: what the ingest command offers its follower. */
function storedOf(batch: PendingEvent[], outcome: AppendOutcome): StoredEvent[] {
  if (!outcome.ok) throw new Error('append refused');
  const receivedAt = new Date(outcome.receivedAt).toISOString();
  return batch.map((p, i) => ({ ...p.event, seq: outcome.results[i]!.seq, receivedAt, by: p.by }));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LogFollower', () => {
  it('loads the log, then applies new events in seq order and emits each once', async () => {
    const store = await embedded();
    await store.append(notes(5), Date.now());
    const { follower, emitted } = await follow(store);
    expect(follower.seq).toBe(5);
    expect(emitted).toEqual([]);
    for (const n of [3, 1, 3]) await store.append(notes(n), Date.now());
    await until(() => follower.seq === 12, 'seq 12');
    expect(emitted.flat()).toEqual(range(6, 12));
    expect(follower.recentAfter(0)?.map((e) => e.seq)).toEqual(range(1, 12));
    expect(follower.projection.notes.map((n) => n.seq)).toEqual(range(1, 12));
  });

  it('takes offered events only in seq order: it holds one that comes early and ignores repeats and other epochs', async () => {
    const store = await embedded();
    const { follower, emitted } = await follow(store);
    // With the tail stopped, only offers move the projection.
    await follower.stop();
    const batch = notes(3);
    const [e1, e2, e3] = storedOf(batch, await store.append(batch, Date.now()));
    const epoch = follower.epoch!;
    follower.offer(epoch, [e3!]);
    expect(follower.seq).toBe(0);
    follower.offer(epoch, [e1!]);
    expect(follower.seq).toBe(1);
    follower.offer(epoch, [e2!, e1!]);
    expect(follower.seq).toBe(3);
    follower.offer(epoch, [e3!, e2!]);
    follower.offer('another-epoch', [{ ...e3!, seq: 4 }]);
    expect(follower.seq).toBe(3);
    expect(emitted).toEqual([[1], [2, 3]]);
    expect(follower.projection.notes.map((n) => n.seq)).toEqual([1, 2, 3]);
  });

  it('reloads a replaced log (a new epoch), and whenLoaded() waits for that reload', async () => {
    const { store, prefix } = await redis();
    await store.append(notes(3), Date.now());
    const { follower, emitted } = await follow(store);
    const oldEpoch = follower.epoch;
    expect(follower.seq).toBe(3);
    await follower.stop();

    // Redis loses the log; the next write starts a new one.
    await dropPrefix(prefix);
    await store.append(notes(2), Date.now());
    await follower.catchUp();
    expect(follower.isLoaded).toBe(false);
    let loaded = false;
    const whenLoaded = follower.whenLoaded().then(() => (loaded = true));
    await sleep(300);
    expect(loaded).toBe(false);

    let resets = 0;
    follower.on('reset', () => {
      resets += 1;
      // Listeners of `reset` see the whole new log, never a half-read one.
      expect([follower.epoch, follower.seq]).toEqual([expect.any(String), 2]);
    });
    follower.start();
    await whenLoaded;
    expect(follower.epoch).not.toBe(oldEpoch);
    expect(follower.seq).toBe(2);
    expect(resets).toBe(1);
    expect(follower.projection.notes.map((n) => n.seq)).toEqual([1, 2]);
    expect(emitted).toEqual([]);
  });

  it('tells its health: level when idle, how far behind while it reads a backlog, stuck when no read succeeds for a while', async () => {
    const store = await embedded();
    const { follower } = await follow(store);
    expect(follower.health()).toMatchObject({ epoch: follower.epoch, head: 0, behind: 0, storeOk: true });
    const behindSeen: number[] = [];
    follower.on('events', () => behindSeen.push(follower.health().behind));
    // One append of 2,500 is read a page (1,000) at a time: after the first page 1,500 are known and not applied.
    await store.append(notes(2_500), Date.now());
    await until(() => follower.seq === 2_500, 'the backlog');
    expect(behindSeen).toEqual([1_500, 500, 0]);
    expect(follower.health()).toMatchObject({ head: 2_500, behind: 0, storeOk: true });

    const { lastReadAt } = follower.health();
    expect(Date.now() - lastReadAt).toBeLessThan(STUCK_AFTER_MS);
    expect(follower.health(lastReadAt + STUCK_AFTER_MS).storeOk).toBe(true);
    expect(follower.health(lastReadAt + STUCK_AFTER_MS + 1).storeOk).toBe(false);
  });

  it('counts a Redis that stops answering as unavailable even before a command fails, and recovers by itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-follower-'));
    const server = await spawnRedis(dir);
    const admin = createClient({ url: server.url });
    try {
      await admin.connect();
      const { store } = await redis(server.url);
      await store.append(notes(4), Date.now());
      const { follower, errors } = await follow(store);
      await until(() => follower.health().storeOk, 'a healthy follower');

      // A hung Redis: the connection stays up, every command waits (and would time out after 5 s).
      await admin.sendCommand(['CLIENT', 'PAUSE', '8000', 'ALL']);
      const paused = Date.now();
      await until(() => !follower.health().storeOk, 'the follower to count as stuck');
      expect(store.ready()).toBe(true);
      expect(errors).toEqual([]);
      expect(Date.now() - paused).toBeGreaterThanOrEqual(STUCK_AFTER_MS - 1_100);

      await until(() => follower.health().storeOk, 'recovery once Redis answers again', 20_000);
      await store.append(notes(2), Date.now());
      await until(() => follower.seq === 6, 'the events written after the pause');
      expect(follower.health()).toMatchObject({ head: 6, behind: 0, storeOk: true });
    } finally {
      admin.destroy();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
