import { loadavg } from 'node:os';
import { figure, round, type Figure } from '../lib/figures';
import { memoryAfterGc } from '../lib/inspector';
import { cpuMs } from '../lib/probes';
import { writeAtRate } from '../lib/writer';
import { ADMIN_TOKEN, startWithBare, type BenchContext } from './context';
import { DisplayFleet } from './displays';

/** Three seconds at the same rate first (one in the quick run), unmeasured, so that both servers are warm (JIT, buffers). */
async function pushLatency(url: string, fleet: DisplayFleet, seconds: number, warmUp: number, tag: string) {
  await writeAtRate(url, ADMIN_TOKEN, { eventsPerSecond: 1_000, batch: 10, seconds: warmUp, tag: `${tag}-warm` });
  await fleet.clear();
  const run = await writeAtRate(url, ADMIN_TOKEN, { eventsPerSecond: 1_000, batch: 10, seconds, tag });
  const summary = await fleet.settled(run.acks, 1_000);
  return { ...summary, failed: run.failed, written: run.acks.length };
}

/** 200 displays on each server, 50 to a client process, connected together (setup); closed after `measure`. */
async function withFleets<T>(urls: [string, string], measure: (fleets: [DisplayFleet, DisplayFleet]) => Promise<T>): Promise<T> {
  const fleets: [DisplayFleet, DisplayFleet] = [new DisplayFleet(urls[0], ADMIN_TOKEN, 50), new DisplayFleet(urls[1], ADMIN_TOKEN, 50)];
  try {
    await Promise.all(fleets.map((f) => f.grow(200)));
    return await measure(fleets);
  } finally {
    await Promise.all(fleets.map((f) => f.close()));
  }
}

interface Capacity {
  /** The largest step whose p99 stayed within 100 ms with nothing missing (0 if none). */
  best: number;
  /** Heap per display at the last step reached, after forced GC (bytes), and that step. */
  heapPerDisplay: number;
  heapAt: number;
  /** Load average (1 min) at the last step. */
  load: number;
}

/**
 * One server's fan-out ramp: idle displays added step by step, each step timed while writing
 * 10 events/s. A step over 100 ms does not end the ramp (on a shared machine one noisy step would
 * hide the rest); a display missing an event does. At the end, the server's heap per display.
 */
class Ramp {
  readonly result: Capacity = { best: 0, heapPerDisplay: Number.NaN, heapAt: 0, load: 0 };
  private readonly fleet: DisplayFleet;
  private empty = 0;
  private stopped = false;

  constructor(
    private readonly server: { url: string; pid: number; inspectPort: number },
    private readonly label: string,
    private readonly ctx: BenchContext,
  ) {
    this.fleet = new DisplayFleet(server.url, ADMIN_TOKEN);
  }

  async start(): Promise<void> {
    this.empty = (await memoryAfterGc(this.server.inspectPort)).heapUsed;
  }

  /** Up to `step` displays (setup: the two ramps grow together, then are measured in turn). */
  async grow(step: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.fleet.grow(step);
    } catch (err) {
      this.ctx.log(`fan-out ${this.label}: stopped at ${this.fleet.count} displays: ${String(err)}`);
      this.stopped = true;
    }
  }

  async step(step: number, seconds: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.fleet.clear();
      const [node, clients, started] = [cpuMs(this.server.pid), this.fleet.cpuMs(), performance.now()];
      // Timed from each write's send: a node too busy to take a write at once must show it.
      const run = await writeAtRate(this.server.url, ADMIN_TOKEN, { eventsPerSecond: 10, batch: 1, seconds, tag: `cap-${this.label}-${step}`, from: 'send' });
      const elapsed = performance.now() - started;
      const cpu = (ms: number) => `${round((ms / elapsed) * 100)}%`;
      const busy = `node ${cpu(cpuMs(this.server.pid) - node)} of a core, display clients ${cpu(this.fleet.cpuMs() - clients)}`;
      const s = await this.fleet.settled(run.acks, 500);
      this.result.load = loadavg()[0]!;
      this.ctx.log(`fan-out ${this.label}: ${step} displays, p99 ${s.p99} ms, max ${s.max} ms, missing ${s.missing}; ${busy}; load average ${round(this.result.load, 2)}`);
      if (s.missing > 0) this.stopped = true;
      else if (s.p99 <= 100) this.result.best = step;
    } catch (err) {
      this.ctx.log(`fan-out ${this.label}: stopped at ${this.fleet.count} displays: ${String(err)}`);
      this.stopped = true;
    }
  }

  async finish(): Promise<Capacity> {
    if (this.fleet.count > 0) {
      const full = await memoryAfterGc(this.server.inspectPort);
      this.result.heapPerDisplay = (full.heapUsed - this.empty) / this.fleet.count;
      this.result.heapAt = this.fleet.count;
      this.ctx.log(`fan-out ${this.label}: heap ${round(this.result.heapPerDisplay / 1_024, 2)} KB per display with ${this.fleet.count} connected`);
    }
    await this.fleet.close();
    return this.result;
  }
}

/** Both ramps step by step, alternating which goes first, so that both see the same machine. */
async function capacities(ramps: [Ramp, Ramp], steps: number[], seconds: number): Promise<[Capacity, Capacity]> {
  try {
    await Promise.all(ramps.map((ramp) => ramp.start()));
    for (const [i, step] of steps.entries()) {
      await Promise.all(ramps.map((ramp) => ramp.grow(step)));
      for (const ramp of i % 2 ? [...ramps].reverse() : ramps) await ramp.step(step, seconds);
    }
  } finally {
    for (const ramp of ramps) await ramp.finish();
  }
  return [ramps[0].result, ramps[1].result];
}

/** Heap per display, target: under 10 KB (bytes). */
const HEAP_PER_DISPLAY = 10 * 1_024;

/** Push latency with 200 displays at 1,000 events/s, and fan-out capacity, each beside a bare Socket.IO relay. */
export async function pushFigures(ctx: BenchContext): Promise<Figure[]> {
  const seconds = ctx.quick ? 2 : 6;
  const warmUp = ctx.quick ? 1 : 3;
  const [product, bare] = await startWithBare('push');
  const bareUrl = bare.url;
  try {
    // Alternating rounds, keeping each side's median p99: a noisy spell then lands on one side only.
    const oursRuns: Awaited<ReturnType<typeof pushLatency>>[] = [];
    const theirsRuns: Awaited<ReturnType<typeof pushLatency>>[] = [];
    for (let round = 0; round < (ctx.quick ? 1 : 5); round++) {
      await withFleets([product.url, bareUrl], async ([ourFleet, theirFleet]) => {
        oursRuns.push(await pushLatency(product.url, ourFleet, seconds, warmUp, `push${round}`));
        theirsRuns.push(await pushLatency(bareUrl, theirFleet, seconds, warmUp, `push-bare${round}`));
      });
    }
    const mid = <T extends { p99: number }>(runs: T[]) => [...runs].sort((a, b) => a.p99 - b.p99)[Math.floor(runs.length / 2)]!;
    const ours = mid(oursRuns);
    const theirs = mid(theirsRuns);
    ctx.log(`push p99 by round: product ${oursRuns.map((r) => r.p99).join(', ')} ms; bare ${theirsRuns.map((r) => r.p99).join(', ')} ms`);
    ctx.log(`push: product p50 ${ours.p50} p99 ${ours.p99} max ${ours.max} ms (${ours.written} events, ${ours.missing} missing); bare p50 ${theirs.p50} p99 ${theirs.p99} max ${theirs.max} ms`);
    // Past 5,000: idle displays on one node, 1,000 per client process (10 processes at 10,000).
    const steps = ctx.quick ? [2_000] : [1_000, 2_000, 3_000, 4_000, 5_000, 7_500, 10_000];
    const wanted = ctx.quick ? 2_000 : 10_000;
    const capSeconds = ctx.quick ? 2 : 4;
    const [ourCap, theirCap] = await capacities([new Ramp(product, 'product', ctx), new Ramp(bare, 'bare', ctx)], steps, capSeconds);
    const limit = steps.at(-1)!;
    const kb = (bytes: number) => round(bytes / 1_024, 2);
    return [
      figure({ name: 'push latency p50', value: round(ours.p50), unit: 'ms', baselineName: 'bare Socket.IO relay p50', baseline: round(theirs.p50), target: 'information', met: true }),
      figure({
        name: 'push latency p99',
        value: round(ours.p99),
        unit: 'ms',
        baselineName: 'bare Socket.IO relay p99',
        baseline: round(theirs.p99),
        target: '<= 25 ms and <= 1.5x baseline',
        met: ours.p99 <= 25 && ours.p99 <= 1.5 * Math.max(theirs.p99, 1) && ours.missing === 0,
        notes: `200 displays in 4 client processes, 1,000 events/s, ${ours.written} events; the baseline is floored at 1 ms for the ratio test`,
      }),
      figure({ name: 'push latency max', value: round(ours.max), unit: 'ms', baselineName: 'bare Socket.IO relay max', baseline: round(theirs.max), target: 'information', met: true }),
      figure({
        name: 'fan-out capacity (idle displays on one node)',
        value: ourCap.best,
        unit: 'displays',
        baselineName: 'bare Socket.IO relay capacity',
        baseline: theirCap.best,
        target: `>= ${wanted.toLocaleString('en')} displays${ctx.quick ? ' (quick run: the ramp ends there)' : ''}`,
        met: ourCap.best >= wanted,
        notes: `largest step of ${steps.join('/')} with push p99 <= 100 ms (from each write's send to its arrival at every display) and nothing missing at 10 events/s, ${capSeconds} s a step, 1,000 displays per client process, the two servers' ramps alternated step by step${ourCap.best === limit ? ' (the ramp stopped there, not the server)' : ''}; load average ${round(ourCap.load, 2)} at the last step`,
      }),
      figure({
        name: 'heap per display at the fan-out ramp\'s end',
        value: kb(ourCap.heapPerDisplay),
        unit: 'KB',
        baselineName: 'bare Socket.IO relay',
        baseline: kb(theirCap.heapPerDisplay),
        target: '< 10 KB',
        met: ourCap.heapPerDisplay < HEAP_PER_DISPLAY,
        notes: `server heap after forced GC with ${ourCap.heapAt} displays connected (bare relay: ${theirCap.heapAt}), less the heap before the ramp`,
      }),
    ];
  } finally {
    await Promise.all([bare.stop(), product.stop()]);
  }
}
