import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/store/redis';
import { redisCli } from '../helpers/cluster';
import { spawnRedis, waitFor, type RedisProcess } from '../helpers/process';
import { testPrefix } from '../helpers/redis';
import { api, startServer } from '../helpers/server';

const root = mkdtempSync(join(tmpdir(), 'ioc-wait-'));
const dir = (name: string) => {
  mkdirSync(join(root, name), { recursive: true });
  return join(root, name);
};
let primary: RedisProcess;
let replica: RedisProcess;

const linkUp = () => waitFor(async () => (await redisCli(replica.port, 'INFO', 'replication')).includes('master_link_status:up'), 20_000, 'the replica to sync');

beforeAll(async () => {
  primary = await spawnRedis(dir('primary'));
}, 30_000);

afterAll(async () => {
  await replica?.stop();
  await primary?.stop();
  rmSync(root, { recursive: true, force: true });
});

function notes(tag: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: `${tag} ${i}`, severity: 'info' }));
}

describe('IOC_REDIS_WAIT_REPLICAS', () => {
  it('acknowledges only what a replica has: 503 when none answers in time (a retry is answered as duplicates); after the primary is killed and the replica promoted, every acknowledged event is there', async () => {
    replica = await spawnRedis(dir('replica'), { args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    await linkUp();
    const prefix = testPrefix('wait');
    const server = await startServer({ prefix, store: new RedisStore({ url: primary.url, prefix, waitReplicas: 1, waitTimeoutMs: 500 }) });
    let promoted: RedisStore | undefined;
    try {
      // No replica: the events are on the primary, the producer is told 503, never a silent ack.
      await replica.stop();
      const first = notes('alone', 3);
      const refused = await api(server.url, '/api/v1/events', { body: { events: first } });
      expect(refused.status).toBe(503);
      expect(refused.body.error?.code).toBe('store_unavailable');
      expect(refused.headers.get('retry-after')).toBe('1');
      await replica.start();
      await linkUp();
      // As a producer does: retry after Retry-After while the replica catches up (on a loaded machine
      // its first acknowledgement after a full resync can take longer than the 500 ms WAIT).
      let retried = await api(server.url, '/api/v1/events', { body: { events: first } });
      for (let i = 0; retried.status === 503 && i < 10; i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        retried = await api(server.url, '/api/v1/events', { body: { events: first } });
      }
      expect(retried.status).toBe(202);
      expect((retried.body.duplicates as { id: string }[]).map((d) => d.id)).toEqual(first.map((e) => e.id));

      const acked = new Map<string, number>();
      for (let b = 0; b < 40; b++) {
        const res = await api(server.url, '/api/v1/events', { body: { events: notes(`b${b}`, 10) } });
        expect(res.status).toBe(202);
        for (const r of res.body.accepted as { id: string; seq: number }[]) acked.set(r.id, r.seq);
      }
      // Right after the last acknowledgement: the primary dies with no shutdown, the replica takes over.
      await primary.kill();
      await redisCli(replica.port, 'REPLICAOF', 'NO', 'ONE');
      promoted = new RedisStore({ url: replica.url, prefix });
      await promoted.open();
      const page = await promoted.read(0, 10_000);
      const stored = new Map(page.events.map((e) => [e.id, e.seq]));
      expect(acked.size).toBe(400);
      for (const [id, seq] of acked) expect(stored.get(id)).toBe(seq);
      expect(page.seq).toBe(403);
    } finally {
      await promoted?.close();
      await server.close();
    }
  }, 90_000);
});
