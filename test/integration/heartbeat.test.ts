import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HeartbeatMessage } from '@shared/protocol';
import { spawnRedis } from '../helpers/process';
import { testPrefix } from '../helpers/redis';
import { api, ADMIN_TOKEN, Display, produce, startServer, type TestServer } from '../helpers/server';

/** The store states a display was told, each run of equal ones counted once: e.g. ok, unavailable, ok. */
function phases(heartbeats: HeartbeatMessage[]): string[] {
  return heartbeats.map((h) => h.store).filter((s, i, all) => i === 0 || all[i - 1] !== s);
}

const last = (d: Display) => d.heartbeats.at(-1);

describe('heartbeats', () => {
  it('say "unavailable" within seconds of Redis stopping under a live node, and "ok" with behind 0 once it is back and every event written meanwhile has arrived', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-heartbeat-'));
    const redis = await spawnRedis(dir);
    const prefix = testPrefix('heartbeat');
    const servers: TestServer[] = [];
    const displays: Display[] = [];
    try {
      // The wall's node and another node, on one Redis: one log.
      const wallNode = await startServer({ prefix, redisUrl: redis.url });
      servers.push(wallNode);
      const otherNode = await startServer({ prefix, redisUrl: redis.url });
      servers.push(otherNode);
      const wall = new Display(wallNode.url, ADMIN_TOKEN);
      displays.push(wall);
      await wall.until(() => wall.snapshots.length === 1);
      const before = await api(otherNode.url, '/api/v1/events', { body: { events: Array.from({ length: 20 }, (_, i) => ({ id: `before-${i}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: 'x', severity: 'info' })) } });
      expect(before.status).toBe(202);
      await wall.until(() => last(wall)?.store === 'ok' && last(wall)?.head === 20 && last(wall)?.behind === 0, 10_000);
      expect(last(wall)).toMatchObject({ epoch: wall.epoch, lastReadAt: expect.any(String), serverTime: expect.any(String) });

      await redis.stop();
      await wall.until(() => last(wall)?.store === 'unavailable', 10_000);
      expect(wall.socket.connected).toBe(true);
      // A display that connects during the outage hears at once that the data is not flowing, and still gets the last state.
      const late = new Display(wallNode.url, ADMIN_TOKEN);
      displays.push(late);
      await late.until(() => late.heartbeats.length >= 1 && late.snapshots.length === 1);
      expect(late.heartbeats[0]!.store).toBe('unavailable');
      expect(late.snapshots[0]!.seq).toBe(20);

      // Producers keep retrying through the other node; their writes land once Redis is back.
      const acked = new Map<string, number>();
      const statuses: number[] = [];
      const producer = produce(() => otherNode.url, 30, 5, 'during', acked, statuses, 20);
      await wall.until(() => statuses.includes(503), 10_000);
      await redis.start();
      await producer;
      const head = Math.max(...acked.values());
      expect(head).toBe(20 + 30 * 5);

      for (const d of [wall, late]) {
        await d.until(() => d.seq === head, 20_000);
        await d.until(() => last(d)?.store === 'ok' && last(d)?.head === head && last(d)?.behind === 0, 15_000);
        expect(d.gaps).toBe(0);
        expect(d.snapshots.length).toBe(1);
        expect(d.received.map((e) => e.seq)).toEqual(Array.from({ length: head - d.snapshots[0]!.seq }, (_, i) => d.snapshots[0]!.seq + 1 + i));
      }
      expect(phases(wall.heartbeats)).toEqual(['ok', 'unavailable', 'ok']);
      expect(phases(late.heartbeats)).toEqual(['unavailable', 'ok']);
    } finally {
      for (const d of displays) d.close();
      for (const s of servers) await s.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
