import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from 'redis';
import { describeStoreContract } from '../../server/store/store.contract';
import { redisKeys } from '../../server/store/keys';
import { keySlot } from '../../server/store/redis-connection';
import { RedisStore } from '../../server/store/redis';
import { redisCli, spawnCluster, type TestCluster } from '../helpers/cluster';
import { waitFor, type RedisProcess } from '../helpers/process';
import { testPrefix } from '../helpers/redis';
import { api, Display, issueToken, startServer } from '../helpers/server';

const root = mkdtempSync(join(tmpdir(), 'ioc-cluster-'));
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await spawnCluster(root);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Deletes keys of one deployment through a cluster client (they share one slot, so one DEL does). */
async function deleteKeys(keys: string[]): Promise<void> {
  const client = createCluster({ rootNodes: cluster.seeds.map((url) => ({ url })) });
  await client.connect();
  try {
    await client.del(keys);
  } finally {
    client.destroy();
  }
}

const allKeys = (prefix: string) => Object.values(redisKeys(prefix)).filter((k): k is string => typeof k === 'string' && !k.endsWith('revoked'));

describeStoreContract('redis cluster', () => {
  const prefix = testPrefix('cluster-store');
  const keys = redisKeys(prefix);
  const archiveDir = join(root, `archive-${prefix.replace(/\W/g, '-')}`);
  const make = async () => {
    const store = new RedisStore({ cluster: cluster.seeds, prefix, archiveDir });
    await store.open();
    return store;
  };
  return {
    create: make,
    reopen: make,
    cleanup: async () => {
      rmSync(archiveDir, { recursive: true, force: true });
      await deleteKeys(allKeys(prefix));
    },
    loseMeta: () => deleteKeys([keys.meta]),
    emptyLog: () => deleteKeys([keys.meta, keys.events, keys.ids]),
    archiveDir,
  };
});

describe('IOC Wall on a Redis Cluster', () => {
  it('puts two deployments on different slots, each deployment on one', async () => {
    const a = redisKeys('ioc:hanoi:');
    const b = redisKeys('ioc:hue:');
    const slot = (key: string) => redisCli(cluster.nodes[0]!.port, 'CLUSTER', 'KEYSLOT', key).then(Number);
    expect(await slot(a.meta)).not.toBe(await slot(b.meta));
    expect(new Set(await Promise.all([a.meta, a.events, a.tokens, a.snapshots].map(slot))).size).toBe(1);
    expect(keySlot(a.events)).toBe(await slot(a.events));
  });

  it('answers 503 with Retry-After while the master of its slot fails over, then takes writes by itself; no acknowledged event lost, no gap on a display', async () => {
    const prefix = testPrefix('cluster-failover');
    const server = await startServer({ prefix, store: new RedisStore({ cluster: cluster.seeds, prefix }) });
    const display = new Display(server.url, (await issueToken(server.url, 'viewer')).token);
    let killed: RedisProcess | undefined;
    try {
      await display.connected();
      const acked = new Map<string, number>();
      const refusals: (string | null)[] = [];
      let batch = 0;
      const send = async () => {
        const events = Array.from({ length: 5 }, (_, i) => ({ id: `f-${batch}-${i}`, type: 'note.posted', unit: 'dic', at: new Date().toISOString(), text: `batch ${batch}`, severity: 'info' }));
        for (;;) {
          const res = await api(server.url, '/api/v1/events', { body: { events } });
          if (res.status === 202) {
            for (const r of [...(res.body.accepted as { id: string; seq: number }[]), ...(res.body.duplicates as { id: string; seq: number }[])]) acked.set(r.id, r.seq);
            batch += 1;
            return;
          }
          expect(res.status).toBe(503);
          refusals.push(res.headers.get('retry-after'));
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      for (let i = 0; i < 20; i++) await send();
      killed = await cluster.masterOf(redisKeys(prefix).meta);
      await killed.kill();
      const killedAt = Date.now();
      // Writes go on as a producer would send them: each retried until acknowledged.
      while (Date.now() - killedAt < 15_000 && (refusals.length === 0 || batch < 40)) await send();
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.every((r) => r !== null && Number(r) >= 1)).toBe(true);
      for (let i = 0; i < 10; i++) await send();
      await cluster.waitOk();

      const page = await server.store.read(0, 10_000);
      const stored = new Map(page.events.map((e) => [e.id, e.seq]));
      for (const [id, seq] of acked) expect(stored.get(id)).toBe(seq);
      expect(page.events.map((e) => e.seq)).toEqual(page.events.map((_, i) => i + 1));
      await display.until(() => display.seq === page.seq, 20_000);
      expect(display.gaps).toBe(0);
    } finally {
      display.close();
      await server.close();
      // The killed node comes back as a replica of the promoted one, for the tests after this one.
      await killed?.start();
      if (killed) await waitFor(async () => (await redisCli(cluster.nodes[0]!.port, 'CLUSTER', 'INFO')).includes('cluster_known_nodes:6'), 20_000, 'the node to rejoin');
    }
  }, 90_000);
});
