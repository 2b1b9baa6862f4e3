/**
 * The recommended national layout, on one machine: one deployment per province (its own server
 * process, its own prefix, so its own hash slot on the cluster) and a roll-up deployment whose
 * units are the 34 provinces, fed by each province's own upstream reporter (IOC_UPSTREAM_*).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvinceConfigInput } from '../../../server/config/national';
import { spawnServer, type ServerProcess } from '../../helpers/process';
import { ADMIN_TOKEN } from '../../helpers/server';

export interface Deployment {
  id: string;
  prefix: string;
  server: ServerProcess;
}

/** A product process on the cluster for one config, rate limit off; `env` adds to its environment (e.g. IOC_UPSTREAM_*). */
export async function startDeployment(dir: string, id: string, config: ProvinceConfigInput, seeds: string[], runTag: string, env: Record<string, string> = {}): Promise<Deployment> {
  const path = join(dir, `${id}.json`);
  writeFileSync(path, JSON.stringify(config));
  const prefix = `ioc:${runTag}:${id}:`;
  const server = await spawnServer({
    IOC_REDIS_CLUSTER: seeds.join(','),
    IOC_REDIS_PREFIX: prefix,
    IOC_CONFIG: path,
    IOC_ADMIN_TOKEN: ADMIN_TOKEN,
    IOC_RATE_LIMIT: '0',
    IOC_LOG_LEVEL: 'error',
    ...env,
  });
  return { id, prefix, server };
}

/** Runs `task` over `items`, `concurrency` at a time, keeping the order of the results. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!);
      }
    }),
  );
  return results;
}

/** A unit token for each unit, issued by the admin through the API as an operator would. */
export async function issueUnitTokens(url: string, units: string[]): Promise<Record<string, string>> {
  const tokens = await inParallel(units, 8, async (unit) => {
    const res = await fetch(`${url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ role: 'unit', unit, label: `${unit} reporting system` }),
    });
    if (res.status !== 201) throw new Error(`token for ${unit}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  });
  return Object.fromEntries(units.map((u, i) => [u, tokens[i]!]));
}

interface StateBody {
  state: { indicators: Record<string, { value: number | null; byScope: Record<string, { value: number | null } | undefined> } | undefined> };
}

const ROLLED_UP = ['dossiers_online', 'dossiers_total', 'vneid_level2'] as const;

async function indicators(url: string) {
  const res = await fetch(`${url}/api/v1/state`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await res.json()) as StateBody).state.indicators;
}

/** One figure from a node's `/metrics` (NaN when the node does not export it). */
export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

/** A metric summed over deployments. */
export async function metricSum(deployments: Deployment[], name: string): Promise<number> {
  return (await inParallel(deployments, 8, (d) => metric(d.server.url, name))).reduce((n, v) => n + v, 0);
}

/**
 * Whether the roll-up deployment shows, for every province, the province's own totals (both
 * counters and the gauge), with every province's upstream queue empty: the product's reporters
 * have delivered the day.
 */
export async function rolledUp(provinces: Deployment[], nationalUrl: string): Promise<boolean> {
  if ((await metricSum(provinces, 'ioc_upstream_queue_events')) !== 0) return false;
  const vn = await indicators(nationalUrl);
  const own = await inParallel(provinces, 8, (p) => indicators(p.server.url));
  return provinces.every((p, i) => ROLLED_UP.every((id) => vn[id]?.byScope[p.id]?.value === own[i]![id]?.value));
}
