import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@shared/events';
import { api, ADMIN_TOKEN, Display, produce, startServer } from '../helpers/server';
import { freePort, spawnRedis, spawnServer, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ioc-faults-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function wholeLog(url: string): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await api(url, `/api/v1/events?after=${all.length}&limit=1000`);
    const events = page.body.events as StoredEvent[];
    all.push(...events);
    if (events.length < 1000) return all;
  }
}

function expectExactlyOnce(log: StoredEvent[], acked: Map<string, number>, expectedIds: number) {
  expect(log.map((e) => e.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
  const ids = log.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(log.length).toBe(expectedIds);
  for (const [id, seq] of acked) expect(log[seq - 1]?.id).toBe(id);
}

describe.each([
  ['embedded', () => ({ IOC_DATA_DIR: tempDir() })],
  ['redis', () => ({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: testPrefix('faults-kill') })],
])('SIGKILL during writes (%s store)', (_name, makeEnv) => {
  it('keeps every acknowledged event with its seq, and a retrying producer creates no duplicate', async () => {
    const env = { ...makeEnv(), IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' };
    const port = await freePort();
    let server: ServerProcess = await spawnServer(env, port);
    const acked = new Map<string, number>();
    const statuses: number[] = [];
    const producers = Promise.all([0, 1, 2].map((w) => produce(() => server.url, 40, 20, `w${w}`, acked, statuses)));
    for (const share of [1 / 3, 2 / 3]) {
      while (acked.size < share * 3 * 40 * 20) await new Promise((r) => setTimeout(r, 5));
      await server.kill();
      server = await spawnServer(env, port);
    }
    await producers;
    const log = await wholeLog(server.url);
    expect(statuses.filter((s) => s !== 202).length).toBeGreaterThan(0); // the kills did hit the producers
    expectExactlyOnce(log, acked, 3 * 40 * 20);
    await server.stop();
    if ('IOC_REDIS_PREFIX' in env) await dropPrefix(String(env.IOC_REDIS_PREFIX));
  }, 120_000);
});

describe('Redis stopped and started during writes', () => {
  it('answers 503 while Redis is down, recovers by itself, and the display sees every event without a gap', async () => {
    const redis = await spawnRedis(tempDir());
    const prefix = testPrefix('faults-redis');
    const server = await startServer({ prefix, redisUrl: redis.url });
    const viewer = new Display(server.url, ADMIN_TOKEN);
    try {
      await viewer.until(() => viewer.snapshots.length === 1);
      const acked = new Map<string, number>();
      const statuses: number[] = [];
      const producer = produce(() => server.url, 60, 5, 'r', acked, statuses, 20);
      while (acked.size < 100) await new Promise((r) => setTimeout(r, 5));
      await redis.stop();
      await new Promise((r) => setTimeout(r, 300));
      const during = await api(server.url, '/api/v1/events', { body: { id: 'during-outage', type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: 'x', severity: 'info' } });
      expect([during.status, during.body.error?.code, during.headers.get('retry-after')]).toEqual([503, 'store_unavailable', '1']);
      expect((await api(server.url, '/readyz', { token: null })).status).toBe(503);
      await new Promise((r) => setTimeout(r, 500));
      await redis.start();
      await producer;
      expect(statuses).toContain(503);
      const log = await wholeLog(server.url);
      expectExactlyOnce(log, acked, 300);
      await viewer.until(() => viewer.seq === 300, 10_000);
      expect(viewer.gaps).toBe(0);
      expect(viewer.snapshots.length).toBe(1);
      expect((await api(server.url, '/readyz', { token: null })).status).toBe(200);
    } finally {
      viewer.close();
      await server.close();
      await redis.stop();
    }
  }, 60_000);
});
