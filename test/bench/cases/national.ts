/**
 * The national roll-up (issue 10, part 6): a working day of 3,321 communes replayed on a
 * compressed clock through the real API into 34 province deployments and a roll-up deployment,
 * each a server process of its own on one Redis Cluster (3 masters, 3 replicas), with
 * thousands of displays connected. Beside it, in the same run: the same number of events
 * pipelined straight into the cluster (XADD), and the nation as ONE deployment (one slot).
 * Figures and the reasoning around them: test/bench/scale.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { communeIds, nationalConfig, PROVINCES_2025, provinceDeploymentConfig, rollupConfig } from '../../../server/config/national';
import { redisKeys } from '../../../server/store/keys';
import { spawnCluster } from '../../helpers/cluster';
import { TEST_REDIS_URL } from '../../helpers/redis';
import { figure, round, type Figure } from '../lib/figures';
import { dayVolume, DAY_SECONDS, nationalDay, PEAK_FROM, WIDE_BUCKET_MS, WIDE_BUCKETS, type DayRequest } from '../lib/national-day';
import { inParallel, issueUnitTokens, metric, metricSum, rolledUp, startDeployment, type Deployment } from '../lib/national-deploy';
import { cpuMs, masters, redisReadings, rssBytes, snapshotProbe, stateProbe } from '../lib/probes';
import { startWorker, type Worker } from '../lib/procs';
import { emptyHistogram, median, merge, summarize } from '../lib/stats';
import type { DisplaysOut } from '../workers/national-displays';
import type { WriterJob, WriterReport } from '../workers/national-writer';
import { ADMIN_TOKEN, startProduct, type BenchContext } from './context';

const KB = 1_024;

export async function nationalFigures(ctx: BenchContext): Promise<Figure[]> {
  const compression = ctx.quick ? 360 : 180;
  const displayCount = ctx.quick ? 1_000 : 2_000;
  const displayProcesses = ctx.quick ? 2 : 4;
  const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const runTag = `nat-${randomBytes(3).toString('hex')}`;
  const single = await oneNode(ctx);
  const root = mkdtempSync(join(tmpdir(), 'ioc-national-'));
  const cluster = await spawnCluster(root, 2_000, 'everysec');
  const provinces: Deployment[] = [];
  const others: Deployment[] = [];
  const workers: Worker<unknown>[] = [];
  const seeds = cluster.seeds;
  try {
    ctx.log(`cluster up (3 masters, 3 replicas, appendfsync everysec); starting the roll-up and 34 province deployments reporting to it`);
    const t0 = performance.now();
    const rollup = await startDeployment(root, 'vn', rollupConfig(), seeds, runTag);
    others.push(rollup);
    // Each province reports with the product's reporter, every 15 simulated minutes, with the unit token it holds at the nation.
    const upstreamTokens = await issueUnitTokens(rollup.server.url, PROVINCES_2025.map((p) => p.id));
    const upstreamEvery = Math.max(1, Math.round(900 / compression));
    const upstream = (id: string) => ({ IOC_UPSTREAM_URL: rollup.server.url, IOC_UPSTREAM_TOKEN: upstreamTokens[id]!, IOC_UPSTREAM_EVERY: String(upstreamEvery) });
    provinces.push(...(await inParallel(PROVINCES_2025, 4, (p) => startDeployment(root, p.id, provinceDeploymentConfig(p), seeds, runTag, upstream(p.id)))));
    ctx.log(`35 server processes ready in ${round((performance.now() - t0) / 1000)} s; issuing 3,321 commune tokens`);
    const targets: WriterJob['targets'] = {};
    await inParallel(provinces, 4, async (d) => {
      const p = PROVINCES_2025.find((x) => x.id === d.id)!;
      targets[d.id] = { url: d.server.url, tokens: await issueUnitTokens(d.server.url, communeIds(p)) };
    });

    const displayTargets = [...provinces, rollup].map((d) => ({ url: d.server.url, token: ADMIN_TOKEN }));
    const t1 = performance.now();
    const fleet = Array.from({ length: displayProcesses }, () => startWorker<DisplaysOut>('workers/national-displays.ts', []));
    workers.push(...fleet);
    const perProcess = displayCount / displayProcesses;
    // Each process starts at another deployment, so the displays cover all 35 evenly.
    fleet.forEach((w, i) => w.send({ type: 'start', targets: [...displayTargets.slice(i * 9), ...displayTargets.slice(0, i * 9)], count: perProcess }));
    const ready = await Promise.all(fleet.map((w) => w.next()));
    const connected = ready.reduce((n, r) => n + (r.type === 'ready' ? r.connected : 0), 0);
    ctx.log(`${connected} displays connected over 35 deployments in ${round((performance.now() - t1) / 1000)} s`);
    for (const w of fleet) w.send({ type: 'clear' });
    await Promise.all(fleet.map((w) => w.next()));

    const all = nationalDay(PROVINCES_2025, period);
    const volume = dayVolume(all);
    const realPeakPerMinute = Math.max(...eventsBy(all, (r) => Math.floor(r.at / 60)));
    const offeredPerSecond = eventsBy(all, (r) => Math.floor(r.at / compression));
    const sustainedSeconds = PEAK_FROM / compression;
    const offeredSustained = (volume.events - volume.peakEvents) / sustainedSeconds;
    ctx.log(
      `the day: ${volume.requests} requests, ${volume.events} events (${volume.peakEvents} after 16:30); real time: ${round((volume.events - volume.peakEvents) / PEAK_FROM, 2)} events/s before 16:30, ${round(realPeakPerMinute / 60, 1)} events/s in the busiest minute; replayed ${compression}x (${round(DAY_SECONDS / compression)} s)`,
    );

    const serverPids = [...provinces, rollup].map((d) => d.server.proc.pid!);
    // What 35 nodes with their displays cost doing nothing (heartbeats, blocking reads), to take out of the per-event figure.
    const idleBefore = serverPids.map(cpuMs);
    await new Promise((r) => setTimeout(r, 10_000));
    const idleMsPerSecond = serverPids.reduce((n, pid, i) => n + cpuMs(pid) - idleBefore[i]!, 0) / 10;
    ctx.log(`35 idle nodes with their displays: ${round(idleMsPerSecond / 10, 1)}% of a core`);
    const masterNodes = await masters(cluster.nodes);
    const redisBefore = await redisReadings(masterNodes);
    const cpuBefore = serverPids.map(cpuMs);

    // Two writers, the provinces dealt alternately by size so each carries half the communes.
    const bySize = [...PROVINCES_2025].sort((a, b) => b.communes - a.communes).map((p) => p.id);
    const startAt = performance.timeOrigin + performance.now() + 1_500;
    const writers = [0, 1].map(() => startWorker<WriterReport | { ready: true }>('workers/national-writer.ts', []));
    workers.push(...writers);
    await Promise.all(writers.map((w) => w.next()));
    writers.forEach((w, i) => w.send({ provinces: bySize.filter((_, j) => j % 2 === i), period, startAt, compression, maxInFlight: 128, targets } satisfies WriterJob));
    const done = Promise.all(writers.map((w) => w.next() as Promise<WriterReport>));
    let finished = false;
    void done.then(() => (finished = true));
    // The provinces' reporters run by themselves; every round's worth of time, the worst upstream lag among them.
    let maxUpstreamLag = 0;
    let maxLoad = loadavg()[0]!;
    while (!finished) {
      maxLoad = Math.max(maxLoad, loadavg()[0]!);
      await Promise.race([new Promise((r) => setTimeout(r, upstreamEvery * 1_000)), done]);
      maxUpstreamLag = Math.max(maxUpstreamLag, ...(await inParallel(provinces, 8, (d) => metric(d.server.url, 'ioc_upstream_lag_seconds'))));
    }
    const reports = await done;
    // The day is over when the nation shows every province's own totals, delivered by the reporters.
    const lastWrite = Math.max(...reports.map((r) => r.endedAt));
    let settled = false;
    const settleBy = performance.now() + Math.max(120_000, 20 * upstreamEvery * 1_000);
    while (!settled && performance.now() < settleBy) {
      settled = await rolledUp(provinces, rollup.server.url);
      if (!settled) await new Promise((r) => setTimeout(r, 500));
    }
    const settleSeconds = (performance.timeOrigin + performance.now() - lastWrite) / 1_000;
    const upstreamDelivered = await metricSum(provinces, 'ioc_upstream_delivered_total');
    const upstreamFailures = await metricSum(provinces, 'ioc_upstream_failures_total');
    const upstreamDropped = await metricSum(provinces, 'ioc_upstream_dropped_total');

    const cpuAfter = serverPids.map(cpuMs);
    const redisAfter = await redisReadings(masterNodes);
    for (const w of fleet) w.send({ type: 'report' });
    const shown = (await Promise.all(fleet.map((w) => w.next()))).flatMap((r) => (r.type === 'report' ? [r] : []));

    const accepted = reports.reduce((n, r) => n + r.accepted, 0);
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    const refused = reports.reduce((n, r) => n + r.transportRefused, 0);
    const retries = reports.reduce((n, r) => n + r.retries, 0);
    const perSecond = sumSeries(reports.map((r) => r.acceptedPerSecond));
    const sustained = median(perSecond.slice(1, Math.floor(sustainedSeconds) - 1));
    const peak = Math.max(...perSecond);
    const hours = emptyHistogram(WIDE_BUCKETS);
    const atPeak = emptyHistogram(WIDE_BUCKETS);
    for (const r of reports) {
      merge(hours, r.histograms.hours);
      merge(atPeak, r.histograms.peak);
    }
    const writeHours = summarize(hours, WIDE_BUCKET_MS);
    const writePeak = summarize(atPeak, WIDE_BUCKET_MS);
    const push = emptyHistogram(WIDE_BUCKETS);
    for (const s of shown) merge(push, s.histogram);
    const pushed = summarize(push, WIDE_BUCKET_MS);
    const held = shown.reduce((n, s) => n + s.connected, 0);
    const gaps = shown.reduce((n, s) => n + s.gaps, 0);
    const replaySeconds = (Math.max(...reports.map((r) => r.endedAt)) - startAt) / 1_000;
    const nodeCpu = cpuAfter.reduce((n, c, i) => n + c - cpuBefore[i]!, 0);
    const replayWallSeconds = (performance.timeOrigin + performance.now() - startAt) / 1_000;
    const nodeCpuNet = nodeCpu - idleMsPerSecond * replayWallSeconds;
    const redisCpu = redisAfter.reduce((n, r, i) => n + r.cpuMs - redisBefore[i]!.cpuMs, 0);
    const redisMemory = redisAfter.reduce((n, r, i) => n + r.memory - redisBefore[i]!.memory, 0);
    const perMaster = redisAfter.map((r, i) => `${r.port}: ${round((r.cpuMs - redisBefore[i]!.cpuMs) / 1_000, 1)} s CPU, ${r.commands - redisBefore[i]!.commands} commands`).join('; ');
    ctx.log(`replayed in ${round(replaySeconds)} s: ${accepted} events accepted, ${failed} failed; answers ${JSON.stringify(reports.map((r) => r.statuses))}, ${reports.reduce((n, r) => n + r.retries, 0)} retries, errors ${JSON.stringify(reports.map((r) => r.errors))}; max lag ${round(Math.max(...reports.map((r) => r.maxLagMs)))} ms`);
    ctx.log(`accepted events/s: sustained ${sustained} (offered ${round(offeredSustained)}), peak ${peak} (offered ${Math.max(...offeredPerSecond)})`);
    ctx.log(`write p50/p99: hours ${writeHours.p50}/${writeHours.p99} ms, end-of-day ${writePeak.p50}/${writePeak.p99} ms; push p50/p99/max ${pushed.p50}/${pushed.p99}/${pushed.max} ms over ${pushed.count} deliveries; ${held} displays held, ${gaps} gaps`);
    ctx.log(`CPU: 35 nodes ${round(nodeCpu / 1_000, 1)} s (${round(nodeCpuNet / 1_000, 1)} s above idle), Redis masters ${round(redisCpu / 1_000, 1)} s (${perMaster})`);
    ctx.log(`roll-up by the reporters (every ${upstreamEvery} s): ${settled ? `the nation equal to the provinces ${round(settleSeconds, 1)} s after the last write` : 'NOT equal to the provinces'}; ${upstreamDelivered} events delivered, ${upstreamFailures} failed attempts, ${upstreamDropped} dropped; worst lag during the day ${maxUpstreamLag} s`);
    ctx.log(`transport refusals (no HTTP answer): ${refused} (${JSON.stringify(reports.map((r) => r.errors))}); load average ${loadavg().map((l) => round(l, 2)).join(' ')}`);

    const breakdown = await memoryBreakdown(seeds, provinces.find((d) => d.id === 'thanh-hoa')!.prefix);
    ctx.log(`Thanh Hóa's keys: stream ${breakdown.streamPerEvent} B/event (${breakdown.events} events), dedupe hash ${breakdown.dedupePerEvent} B/event, snapshots ${round(breakdown.snapshots / KB)} KB`);

    const xadd = startWorker<{ eventsPerSecond: number; bytesPerEvent: number }>('workers/cluster-xadd.ts', [seeds.join(','), provinces.map((d) => `{${d.prefix}}`).join(','), String(accepted)]);
    workers.push(xadd);
    const bare = await xadd.next();
    ctx.log(`pipelined XADD on the cluster, 34 streams: ${round(bare.eventsPerSecond)} events/s, ${round(bare.bytesPerEvent)} B/event`);

    const one = await nationAsOneDeployment(root, seeds, runTag, period, ctx);
    others.push(one.deployment);
    const thanhHoa = provinces.find((d) => d.id === 'thanh-hoa')!;
    const provinceSnapshot = await snapshotProbe(thanhHoa.server.url, ADMIN_TOKEN);
    const provinceState = await stateProbe(thanhHoa.server.url, ADMIN_TOKEN);
    const rollupSnapshot = await snapshotProbe(rollup.server.url, ADMIN_TOKEN);
    const provinceRss = rssBytes(thanhHoa.server.proc.pid!);
    ctx.log(
      `snapshot to an admin screen (full projection): nation as one deployment ${round(one.snapshot.bytes / KB)} KB in ${round(one.snapshot.ms)} ms; Thanh Hóa ${round(provinceSnapshot.bytes / KB)} KB in ${round(provinceSnapshot.ms)} ms; roll-up ${round(rollupSnapshot.bytes / KB)} KB in ${round(rollupSnapshot.ms)} ms`,
    );
    ctx.log(`GET /api/v1/state: nation as one ${round(one.state.ms)} ms (${round(one.state.bytes / KB)} KB); Thanh Hóa ${round(provinceState.ms)} ms (${round(provinceState.bytes / KB)} KB); RSS nation-as-one ${round(one.rss / KB / KB)} MB, Thanh Hóa ${round(provinceRss / KB / KB)} MB`);

    const realPeak = realPeakPerMinute / 60;
    return [
      figure({ name: 'national day: events/s accepted before 16:30 (median second)', value: round(sustained), unit: 'events/s', baselineName: `offered by the replay at ${compression}x`, baseline: round(offeredSustained), target: 'ratio >= 0.9', met: sustained >= 0.9 * offeredSustained && failed === 0, notes: `${accepted} events, ${failed} failed` }),
      figure({ name: 'national day: requests refused by the transport (reset or closed before an answer)', value: refused, unit: 'requests', baselineName: 'retries of any cause', baseline: retries, target: '0', met: refused === 0, notes: `1-min load average up to ${round(maxLoad, 1)} during the day` }),
      figure({ name: 'national day: seconds from the last write to the nation equal to the provinces (their reporters)', value: settled ? round(settleSeconds, 1) : Number.NaN, unit: 's', baselineName: 'IOC_UPSTREAM_EVERY', baseline: upstreamEvery, target: 'equal, nothing dropped', met: settled && upstreamDropped === 0, notes: `${upstreamDelivered} events delivered, ${upstreamFailures} failed attempts, ${upstreamDropped} dropped; worst lag during the day ${maxUpstreamLag} s` }),
      figure({ name: 'national day: events/s accepted at the end-of-day peak (best second)', value: peak, unit: 'events/s', baselineName: 'pipelined XADD into the same 34 slots', baseline: round(bare.eventsPerSecond), target: `>= 100x the real busiest minute (${round(realPeak, 1)}/s)`, met: peak >= 100 * realPeak }),
      figure({ name: 'national day: write p50 at the peak', value: round(writePeak.p50), unit: 'ms', baselineName: 'write p50 before 16:30', baseline: round(writeHours.p50), target: 'information', met: true }),
      figure({ name: 'national day: write p99 at the peak', value: round(writePeak.p99), unit: 'ms', baselineName: 'write p99 before 16:30', baseline: round(writeHours.p99), target: '<= 1,000 ms', met: writePeak.p99 <= 1_000 }),
      figure({ name: 'national day: push p50 (stored to display)', value: round(pushed.p50), unit: 'ms', baselineName: 'write p50 before 16:30', baseline: round(writeHours.p50), target: 'information', met: true }),
      figure({ name: 'national day: push p99 (stored to display)', value: round(pushed.p99), unit: 'ms', baselineName: 'write p99 before 16:30', baseline: round(writeHours.p99), target: '<= 1,000 ms', met: pushed.p99 <= 1_000, notes: `${pushed.count} deliveries` }),
      figure({ name: 'national day: displays held, no gap', value: gaps === 0 ? held : 0, unit: 'displays', baselineName: 'displays connected', baseline: connected, target: 'all, no gap', met: held === connected && gaps === 0 }),
      figure({ name: 'national day: Redis memory per event (masters)', value: round(redisMemory / accepted), unit: 'B', baselineName: 'pipelined XADD, stream only', baseline: round(bare.bytesPerEvent), target: 'information', met: true, notes: `stream ${breakdown.streamPerEvent} B + dedupe ${breakdown.dedupePerEvent} B per event in one province's keys` }),
      figure({ name: 'national day: node CPU per 1,000 events, above idle', value: round((nodeCpuNet / accepted) * 1_000), unit: 'ms', baselineName: 'Redis masters CPU per 1,000 events', baseline: round((redisCpu / accepted) * 1_000), target: 'information', met: true, notes: `${round((nodeCpu / accepted) * 1_000)} ms with idle; includes fan-out to the displays and the roll-up's state reads` }),
      figure({
        name: 'one node, one Redis: node CPU per request (Thanh Hóa day, 60 displays)',
        value: round(single.watched.nodeMs / single.watched.requests, 2),
        unit: 'ms',
        baselineName: 'the same without displays',
        baseline: round(single.bare.nodeMs / single.bare.requests, 2),
        target: 'information',
        met: true,
        notes: `Redis ${round((single.watched.redisMs / single.watched.requests) * 1_000)} µs CPU/request; ${round(single.watched.events / single.watched.seconds)} events/s with 8 concurrent senders`,
      }),
      figure({ name: 'snapshot an admin screen receives (the full projection), nation as one deployment', value: round(one.snapshot.bytes / KB), unit: 'KB', baselineName: 'one province (Thanh Hóa, 166 communes)', baseline: round(provinceSnapshot.bytes / KB), target: 'information', met: true, notes: `${round(one.snapshot.ms)} ms against ${round(provinceSnapshot.ms)} ms; walls and briefing screens receive the display projection instead (the reconnect case: 2,000 walls of this deployment)` }),
      figure({ name: 'ingest into one slot (nation as one deployment, 500/POST)', value: round(one.eventsPerSecond), unit: 'events/s', baselineName: 'pipelined XADD into 34 slots', baseline: round(bare.eventsPerSecond), target: 'information', met: true }),
    ];
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all([...provinces, ...others].map((d) => d.server.stop()));
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * One province's day (Thanh Hóa, the most communes) into one node on the run's single Redis,
 * as fast as 8 concurrent commune systems send it, without displays and then with 60: the
 * CPU one request costs the node and Redis when nothing else shares the machine's attention.
 */
async function oneNode(ctx: BenchContext) {
  const p = PROVINCES_2025.find((x) => x.id === 'thanh-hoa')!;
  const dir = mkdtempSync(join(tmpdir(), 'ioc-national-node-'));
  const config = join(dir, `${p.id}.json`);
  writeFileSync(config, JSON.stringify(provinceDeploymentConfig(p)));
  const product = await startProduct('national-one-node', { IOC_CONFIG: config });
  const displays: Socket[] = [];
  try {
    const tokens = await issueUnitTokens(product.url, communeIds(p));
    const pid = product.proc.pid!;
    const redisCpu = async () => (await redisReadings([{ port: Number(new URL(TEST_REDIS_URL).port) }]))[0]!.cpuMs;
    const day = async (period: string) => {
      const requests = nationalDay([p], period);
      const [node, store, started] = [cpuMs(pid), await redisCpu(), performance.now()];
      await inParallel(requests, 8, async (r) => {
        const res = await fetch(`${product.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[r.commune]!}` },
          body: JSON.stringify({ events: r.events.map((e) => ({ ...e, at: new Date().toISOString() })) }),
        });
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`one node: ${res.status}`);
      });
      const events = requests.reduce((n, r) => n + r.events.length, 0);
      return { requests: requests.length, events, seconds: (performance.now() - started) / 1_000, nodeMs: cpuMs(pid) - node, redisMs: (await redisCpu()) - store };
    };
    // Three past days within the deployment's keepDays window (an older period is refused).
    const daysAgo = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() - n * 86_400_000));
    await day(daysAgo(3));
    const bare = await day(daysAgo(2));
    for (let i = 0; i < 60; i++) displays.push(io(product.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: ADMIN_TOKEN, protocol: 1 } }));
    await Promise.all(displays.map((d) => new Promise((r) => d.once('snapshot', r))));
    const watched = await day(daysAgo(1));
    const line = (r: typeof bare) => `${r.requests} requests (${r.events} events) in ${round(r.seconds, 1)} s, node ${round(r.nodeMs / r.requests, 2)} ms CPU/request, Redis ${round((r.redisMs / r.requests) * 1_000)} µs CPU/request`;
    ctx.log(`one node, one Redis, Thanh Hóa's day: no displays: ${line(bare)}; 60 displays: ${line(watched)}`);
    return { bare, watched };
  } finally {
    for (const d of displays) d.close();
    await product.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The day's end-of-day reports (every commune's final counts, gauge and both tasks: the state a
 * wall shows at 17:00) into ONE deployment for the whole nation; its ingest, snapshot, state, memory.
 */
async function nationAsOneDeployment(root: string, seeds: string[], runTag: string, period: string, ctx: BenchContext) {
  const deployment = await startDeployment(root, 'vn-one', nationalConfig(), seeds, runTag);
  const events = nationalDay(PROVINCES_2025, period)
    .filter((r) => r.at >= PEAK_FROM)
    .flatMap((r) => r.events);
  const batches = Array.from({ length: Math.ceil(events.length / 500) }, (_, i) => events.slice(i * 500, i * 500 + 500));
  const started = performance.now();
  await inParallel(batches, 4, async (batch) => {
    const at = new Date().toISOString();
    const res = await fetch(`${deployment.server.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ events: batch.map((e) => ({ ...e, at })) }),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`nation as one deployment: ${res.status}`);
  });
  const eventsPerSecond = events.length / ((performance.now() - started) / 1_000);
  ctx.log(`nation as one deployment: the day's final reports, ${events.length} events in ${batches.length} POSTs, ${round(eventsPerSecond)} events/s`);
  return { deployment, eventsPerSecond, snapshot: await snapshotProbe(deployment.server.url, ADMIN_TOKEN), state: await stateProbe(deployment.server.url, ADMIN_TOKEN), rss: rssBytes(deployment.server.proc.pid!) };
}

/** Bytes per event of one deployment's stream and dedupe hash, and its snapshots' bytes. */
async function memoryBreakdown(seeds: string[], prefix: string) {
  const keys = redisKeys(prefix);
  const client = createCluster({ rootNodes: seeds.map((url) => ({ url })) });
  await client.connect();
  try {
    const usage = async (key: string) => Number((await client.sendCommand(key, true, ['MEMORY', 'USAGE', key, 'SAMPLES', '0'])) ?? 0);
    const events = await client.xLen(keys.events);
    const ids = await client.hLen(keys.ids);
    const snapshots = (await usage(keys.snapshots)) + (await usage(keys.snapshotsBySeq)) + (await usage(keys.snapshotsByTime));
    return { events, streamPerEvent: round((await usage(keys.events)) / events), dedupePerEvent: round((await usage(keys.ids)) / Math.max(ids, 1)), snapshots };
  } finally {
    client.destroy();
  }
}

/** Events of the day per bucket (e.g. per minute of the real day, per second of the replay). */
function eventsBy(requests: DayRequest[], bucket: (r: DayRequest) => number): number[] {
  const counts: number[] = [];
  for (const r of requests) {
    const k = bucket(r);
    counts[k] = (counts[k] ?? 0) + r.events.length;
  }
  return Array.from(counts, (n) => n ?? 0);
}

function sumSeries(series: number[][]): number[] {
  const length = Math.max(...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((n, s) => n + (s[i] ?? 0), 0));
}
