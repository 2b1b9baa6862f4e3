import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nationalConfig, PROVINCES_2025 } from '../../../server/config/national';
import { spawnServer, type ServerProcess } from '../../helpers/process';
import { dropPrefix, testPrefix } from '../../helpers/redis';
import { figure, round, type Figure } from '../lib/figures';
import { nationalDay, PEAK_FROM } from '../lib/national-day';
import { inParallel } from '../lib/national-deploy';
import { cpuMs } from '../lib/probes';
import { startWorker, type Worker } from '../lib/procs';
import { percentile, wallNow } from '../lib/stats';
import type { ReconnectIn, ReconnectOut } from '../workers/reconnect';
import { ADMIN_TOKEN, productEnv, type BenchContext } from './context';

/** Client processes the displays are spread over (they may share the node's cores: their CPU is reported apart). */
const CLIENT_PROCESSES = 4;
/** All displays must hold a snapshot within this long of the restarted node answering /readyz. */
const WITHIN_MS = 10_000;

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify(body) });
}

/** The state a national wall shows at 17:00: every commune's end-of-day reports, in batches of 500. */
async function seedNationalDay(url: string): Promise<number> {
  const period = new Date().toISOString().slice(0, 10);
  const events = nationalDay(PROVINCES_2025, period)
    .filter((r) => r.at >= PEAK_FROM)
    .flatMap((r) => r.events);
  const batches = Array.from({ length: Math.ceil(events.length / 500) }, (_, i) => events.slice(i * 500, i * 500 + 500));
  await inParallel(batches, 4, async (batch) => {
    const at = new Date().toISOString();
    const res = await post(url, '/api/v1/events', { events: batch.map((e) => ({ ...e, at })) });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`seeding the national day: ${res.status}`);
  });
  return events.length;
}

/** `count` viewer tokens issued through the API, as an operator issues one per wall. */
async function viewerTokens(url: string, count: number): Promise<string[]> {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const res = await post(url, '/api/v1/tokens', { role: 'viewer', label: `wall ${i}` });
      if (res.status !== 201) throw new Error(`viewer token: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
  );
}

async function counter(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

interface Storm {
  displays: number;
  held: number;
  errors: string[];
  /** From the restarted node's /readyz to each display's snapshot: p50 and the last one. */
  p50Ms: number;
  allMs: number;
  snapshotBytes: number;
  nodeCpuMs: number;
  clientCpuMs: number;
  builds: number;
  load: number;
}

/**
 * `tokens.length` displays holding a snapshot of the node, the node restarted (SIGTERM, then a new
 * process on the same port and store), and every display connecting again at once once it is ready.
 */
async function restartStorm(server: ServerProcess, env: Record<string, string>, tokens: string[]): Promise<{ server: ServerProcess; storm: Storm }> {
  const per = Math.ceil(tokens.length / CLIENT_PROCESSES);
  const workers: Worker<ReconnectOut>[] = [];
  for (let i = 0; i < tokens.length; i += per) workers.push(startWorker<ReconnectOut>('workers/reconnect.ts', tokens.slice(i, i + per)));
  const tell = (m: ReconnectIn) => Promise.all(workers.map((w) => (w.send(m), w.next())));
  try {
    // The displays hold the running node's snapshot first (how many manage is not the figure).
    await tell({ type: 'connect', url: server.url });
    await server.stop();
    const restarted = await spawnServer(env, Number(new URL(server.url).port));
    const pid = restarted.proc.pid!;
    const [node, clients, started] = [cpuMs(pid), workers.reduce((n, w) => n + cpuMs(w.proc.pid!), 0), wallNow()];
    const reports = await tell({ type: 'connect', url: restarted.url });
    const nodeCpuMs = cpuMs(pid) - node;
    const clientCpuMs = workers.reduce((n, w) => n + cpuMs(w.proc.pid!), 0) - clients;
    const at = reports.flatMap((r) => (r.type === 'held' ? r.at : [])).map((t) => t - started);
    const errors = reports.flatMap((r) => (r.type === 'held' ? r.errors : []));
    const snapshotBytes = Math.max(...reports.map((r) => (r.type === 'held' ? r.bytes : 0)));
    const storm = { displays: tokens.length, held: at.length, errors, p50Ms: percentile(at, 0.5), allMs: at.length ? Math.max(...at) : Number.NaN, snapshotBytes, nodeCpuMs, clientCpuMs, builds: await counter(restarted.url, 'ioc_snapshot_builds_total'), load: loadavg()[0]! };
    return { server: restarted, storm };
  } finally {
    await Promise.all(workers.map((w) => (w.send({ type: 'close' } satisfies ReconnectIn), w.stop())));
  }
}

const describe = (s: Storm) =>
  `${s.held} of ${s.displays} displays held a ${round(s.snapshotBytes / 1_024)} KB snapshot, p50 ${round(s.p50Ms)} ms, all ${round(s.allMs)} ms after /readyz (${s.errors.length} refused${s.errors.length ? `: ${[...new Set(s.errors)].join('; ')}` : ''}); ` +
  `node CPU ${round(s.nodeCpuMs)} ms (${round(s.nodeCpuMs / s.displays, 2)} ms per snapshot), display clients' CPU ${round(s.clientCpuMs)} ms; ${s.builds} snapshot builds; load average ${round(s.load, 2)}`;

/**
 * A node of the national deployment (nationalConfig(), 3,355 units, holding the day's end-of-day
 * reports) restarted while 2,000 walls, each with its own viewer token, hold its snapshot; they
 * all connect again at once. Beside the same with 200 walls in the same run.
 */
export async function reconnectFigures(ctx: BenchContext): Promise<Figure[]> {
  const displays = ctx.quick ? 500 : 2_000;
  const baseline = ctx.quick ? 50 : 200;
  const dir = mkdtempSync(join(tmpdir(), 'ioc-reconnect-'));
  const config = join(dir, 'national.json');
  writeFileSync(config, JSON.stringify(nationalConfig()));
  const prefix = testPrefix('bench-reconnect');
  const env = productEnv(prefix, { IOC_CONFIG: config });
  let server = await spawnServer(env);
  try {
    const [seeded, tokens] = await Promise.all([seedNationalDay(server.url), viewerTokens(server.url, displays)]);
    ctx.log(`reconnect: national deployment holding ${seeded} end-of-day events; ${displays} viewer tokens issued`);
    const small = await restartStorm(server, env, tokens.slice(0, baseline));
    server = small.server;
    ctx.log(`reconnect, ${baseline} displays: ${describe(small.storm)}`);
    const large = await restartStorm(server, env, tokens);
    server = large.server;
    ctx.log(`reconnect, ${displays} displays: ${describe(large.storm)}`);
    const s = large.storm;
    const b = small.storm;
    const notes = `national deployment (3,355 units) with the day's end-of-day reports, restarted (SIGTERM, same port and store) while the displays held its snapshot; each display its own viewer token, unknown-token limit on; ${CLIENT_PROCESSES} client processes; load average ${round(s.load, 2)}`;
    return [
      figure({
        name: `reconnect storm: ${displays} displays hold a snapshot after a node restart`,
        value: round(s.allMs),
        unit: 'ms',
        baselineName: `the same with ${baseline} displays`,
        baseline: round(b.allMs),
        target: `all ${displays.toLocaleString('en')} within ${WITHIN_MS.toLocaleString('en')} ms${ctx.quick ? ' (quick run; the target is for 2,000)' : ''}`,
        met: s.held === displays && s.allMs <= WITHIN_MS,
        notes: `${s.held} of ${displays} held a ${round(s.snapshotBytes / 1_024)} KB snapshot (p50 ${round(s.p50Ms)} ms), ${s.errors.length} refused; ${notes}`,
      }),
      figure({
        name: 'reconnect storm: node CPU per snapshot',
        value: round(s.nodeCpuMs / displays, 2),
        unit: 'ms',
        baselineName: `the same with ${baseline} displays`,
        baseline: round(b.nodeCpuMs / baseline, 2),
        target: 'information',
        met: true,
        notes: `node CPU ${round(s.nodeCpuMs)} ms for ${displays} handshakes, token lookups and snapshots (${s.builds} states built and encoded); display clients' CPU apart: ${round(s.clientCpuMs)} ms (${round(s.clientCpuMs / displays, 2)} ms per display)`,
      }),
    ];
  } finally {
    await server.stop();
    await dropPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}
