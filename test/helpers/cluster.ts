import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnRedis, waitFor, type RedisProcess } from './process';

const run = promisify(execFile);

/** `redis-cli -p port args...`, its output. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout.trim();
}

export interface TestCluster {
  nodes: RedisProcess[];
  /** `redis://127.0.0.1:p1,...`: the value of IOC_REDIS_CLUSTER. */
  seeds: string[];
  /** The node that is master of the key's slot now, as a live node sees it. */
  masterOf(key: string): Promise<RedisProcess>;
  /** Until every live node says cluster_state:ok. */
  waitOk(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster on free loopback ports: three masters with one replica each, AOF fsynced
 * on every write (`aof`: the benchmarks use the production setting, `everysec`), a short node
 * timeout so a failover takes a few seconds.
 */
export async function spawnCluster(root: string, nodeTimeoutMs = 2_000, aof: 'always' | 'everysec' | 'off' = 'always'): Promise<TestCluster> {
  const nodes: RedisProcess[] = [];
  const dead = new Set<RedisProcess>();
  const live = () => nodes.filter((n) => !dead.has(n));
  const cluster: TestCluster = {
    nodes,
    seeds: [],
    async masterOf(key) {
      const slot = Number(await redisCli(live()[0]!.port, 'CLUSTER', 'KEYSLOT', key));
      for (const n of live()) {
        const info = await redisCli(n.port, 'CLUSTER', 'NODES');
        for (const line of info.split('\n')) {
          const [, address, flags, , , , , , ...ranges] = line.split(' ');
          if (!flags?.includes('master') || flags.includes('fail')) continue;
          const port = Number(address?.split('@')[0]?.split(':')[1]);
          const owns = ranges.some((r) => {
            const [from, to] = r.split('-').map(Number);
            return slot >= from! && slot <= (to ?? from)!;
          });
          const node = live().find((x) => x.port === port);
          if (owns && node) return node;
        }
      }
      throw new Error(`no live master for ${key} (slot ${slot})`);
    },
    async waitOk(ms = 30_000) {
      await waitFor(async () => {
        for (const n of live()) if (!(await redisCli(n.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
        return true;
      }, ms, 'cluster_state:ok on every node');
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  try {
    for (let i = 0; i < 6; i++) {
      const dir = join(root, `node-${i}`);
      mkdirSync(dir, { recursive: true });
      const bus = await freePort();
      const node = await spawnRedis(dir, {
        aof,
        args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(nodeTimeoutMs), '--cluster-port', String(bus)],
      });
      const kill = node.kill.bind(node);
      node.kill = async () => {
        dead.add(node);
        await kill();
      };
      nodes.push(node);
    }
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes']);
    cluster.seeds = nodes.map((n) => n.url);
    await cluster.waitOk();
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
