import { api } from '../../helpers/server';
import { spawnServer } from '../../helpers/process';
import { TEST_REDIS_URL } from '../../helpers/redis';
import { figure, round, type Figure } from '../lib/figures';
import { median, percentile } from '../lib/stats';
import { together } from '../lib/together';
import { writeMany } from '../lib/writer';
import { ADMIN_TOKEN, startProduct, type BenchContext } from './context';

async function startupMs(prefix: string): Promise<number> {
  const started = performance.now();
  const server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0', IOC_LOG_LEVEL: 'error' });
  const ms = performance.now() - started;
  await server.stop();
  return ms;
}

/** Cold start and time travel with a long log (1,000,000 events; 30,000 with --quick, one cold start instead of 3). */
export async function historyFigures(ctx: BenchContext): Promise<Figure[]> {
  const total = ctx.quick ? 30_000 : 1_000_000;
  const cleanup = (p: { cleanup(): Promise<void> }) => p.cleanup();
  const [product, empty] = await together(startProduct('history'), cleanup, startProduct('history-empty'), cleanup);
  await empty.stop();
  try {
    const filling = performance.now();
    await writeMany(product.url, ADMIN_TOKEN, total, 500, 8, 'hist');
    ctx.log(`history: wrote ${total} events in ${round((performance.now() - filling) / 1000)} s`);

    const first = (await api(product.url, '/api/v1/events?after=0&limit=1')).body.events as { receivedAt: string }[];
    const last = (await api(product.url, `/api/v1/events?after=${total - 1}&limit=1`)).body.events as { receivedAt: string }[];
    const from = Date.parse(first[0]!.receivedAt);
    const to = Date.parse(last[0]!.receivedAt);
    const travel: number[] = [];
    const current: number[] = [];
    for (let i = 0; i < 20; i++) {
      const at = new Date(from + Math.random() * (to - from)).toISOString();
      let t = performance.now();
      const res = await api(product.url, `/api/v1/state?at=${encodeURIComponent(at)}`);
      travel.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`time travel answered ${res.status}`);
      t = performance.now();
      await api(product.url, '/api/v1/state');
      current.push(performance.now() - t);
    }
    ctx.log(`time travel over ${total} events: p50 ${round(median(travel))} ms, max ${round(Math.max(...travel))} ms; current state p50 ${round(median(current))} ms`);
    await product.stop();

    const cold: number[] = [];
    const baseline: number[] = [];
    const rounds = ctx.quick ? 1 : 3;
    for (let i = 0; i < rounds; i++) {
      cold.push(await startupMs(product.prefix));
      baseline.push(await startupMs(empty.prefix));
    }
    ctx.log(`cold start with ${total} events: ${cold.map((c) => round(c)).join(', ')} ms; empty log: ${baseline.map((c) => round(c)).join(', ')} ms`);
    const worstTravel = Math.max(...travel);
    return [
      figure({ name: `cold start with ${total.toLocaleString('en')} events (median of ${cold.length})`, value: round(median(cold)), unit: 'ms', baselineName: 'cold start with an empty log', baseline: round(median(baseline)), target: '< 5,000 ms', met: median(cold) < 5_000, notes: 'process start to /readyz 200, including TypeScript loading' }),
      figure({ name: `time travel ?at= over ${total.toLocaleString('en')} events (worst of 20)`, value: round(worstTravel), unit: 'ms', baselineName: 'GET /api/v1/state now (p99)', baseline: round(percentile(current, 0.99)), target: '< 500 ms', met: worstTravel < 500, notes: `p50 ${round(median(travel))} ms` }),
    ];
  } finally {
    await product.cleanup();
    await empty.cleanup();
  }
}
