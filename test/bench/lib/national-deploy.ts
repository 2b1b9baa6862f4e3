/**
 * The recommended national layout, on one machine: one deployment per province (its own server
 * process, its own prefix, so its own hash slot on the cluster) and a roll-up deployment whose
 * units are the 34 provinces, fed by a job that reads each province's state.
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

/** A product process on the cluster for one config, rate limit off. */
export async function startDeployment(dir: string, id: string, config: ProvinceConfigInput, seeds: string[], runTag: string): Promise<Deployment> {
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
  state: { indicators: Record<string, { value: number | null } | undefined> };
}

/**
 * One round of the roll-up job: each province's day counts, read from its own deployment, are
 * reported to the national one as that province's. The counters' year totals stand for the day
 * here because the bench's log holds one day; a real job reports (total now - total at 00:00).
 */
export async function rollupRound(provinces: Deployment[], national: { url: string; tokens: Record<string, string> }, period: string, round: number): Promise<number> {
  let failed = 0;
  await inParallel(provinces, 8, async (p) => {
    const res = await fetch(`${p.server.url}/api/v1/state`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { state } = (await res.json()) as StateBody;
    const at = new Date().toISOString();
    const events = (['dossiers_online', 'dossiers_total'] as const).map((indicator) => ({
      id: `${p.id}-${period}-r${round}-${indicator}`,
      type: 'indicator.reported',
      unit: p.id,
      at,
      indicator,
      value: state.indicators[indicator]?.value ?? 0,
      period,
    }));
    const post = await fetch(`${national.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${national.tokens[p.id]!}` },
      body: JSON.stringify({ events }),
    });
    await post.arrayBuffer();
    if (post.status !== 202) failed += 1;
  });
  return failed;
}
