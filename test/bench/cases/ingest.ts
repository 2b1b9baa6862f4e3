import { figure, round, type Figure } from '../lib/figures';
import { startWorker } from '../lib/procs';
import { together } from '../lib/together';
import { testPrefix, TEST_REDIS_URL } from '../../helpers/redis';
import { ADMIN_TOKEN, startProduct, type BenchContext } from './context';

interface LoadResult {
  ok: number;
  bad: number;
  eventsPerSecond: number;
  latencyP99: number;
}

async function load(url: string, batch: number, connections: number, seconds: number, tag: string): Promise<LoadResult> {
  const worker = startWorker<LoadResult>('workers/ingest-load.ts', [url, ADMIN_TOKEN, String(batch), String(connections), String(seconds), tag]);
  const result = await worker.next();
  await worker.stop();
  return result;
}

/**
 * Runs the product and its baseline in turns, `rounds` times, and keeps each one's median:
 * on a noisy machine, measuring one then the other lets a slow spell land on one side only.
 */
async function alternate<T extends { eventsPerSecond: number }>(rounds: number, ours: () => Promise<T>, theirs: () => Promise<T>): Promise<[T, T]> {
  const a: T[] = [];
  const b: T[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await ours());
    b.push(await theirs());
  }
  const mid = (list: T[]) => [...list].sort((x, y) => x.eventsPerSecond - y.eventsPerSecond)[Math.floor(list.length / 2)]!;
  return [mid(a), mid(b)];
}

/** Single-event and batched ingest against a bare Express handler and pipelined XADD. */
export async function ingestFigures(ctx: BenchContext): Promise<Figure[]> {
  const seconds = ctx.quick ? 2 : 4;
  const rounds = ctx.quick ? 1 : 3;
  const bare = startWorker<{ port: number }>('baselines/bare-express.ts', []);
  const [product, bareUrl] = await together(
    startProduct('ingest'),
    (p) => p.cleanup(),
    bare.next().then(({ port }) => `http://127.0.0.1:${port}`),
    () => bare.stop(),
  ).catch(async (err: unknown) => {
    await bare.stop();
    throw err;
  });
  try {
    await load(product.url, 1, 10, 1, 'warm');
    let turn = 0;
    const [single, bareSingle] = await alternate(rounds, () => load(product.url, 1, 50, seconds, `single${++turn}`), () => load(bareUrl, 1, 50, seconds, `bare${turn}`));
    ctx.log(`single (median of ${rounds} alternating runs): product ${round(single.eventsPerSecond)} ev/s (${single.bad} failed), bare express ${round(bareSingle.eventsPerSecond)} ev/s`);
    const xaddRun = async () => {
      const worker = startWorker<{ eventsPerSecond: number }>('workers/redis-xadd.ts', [TEST_REDIS_URL, `${testPrefix('bench-xadd')}stream`, String(ctx.quick ? 100_000 : 300_000), '100']);
      const result = await worker.next();
      await worker.stop();
      return { ...result, ok: 0, bad: 0, latencyP99: 0 };
    };
    const [batched, xadd] = await alternate(rounds, () => load(product.url, 100, 10, seconds, `batch${++turn}`), xaddRun);
    ctx.log(`batched: product ${round(batched.eventsPerSecond)} ev/s (${batched.bad} failed), pipelined XADD ${round(xadd.eventsPerSecond)} ev/s`);
    const singleRatio = single.eventsPerSecond / bareSingle.eventsPerSecond;
    const batchRatio = batched.eventsPerSecond / xadd.eventsPerSecond;
    return [
      figure({ name: 'single-event ingest', value: round(single.eventsPerSecond), unit: 'events/s', baselineName: 'bare Express parse + 202', baseline: round(bareSingle.eventsPerSecond), target: 'ratio >= 0.6', met: singleRatio >= 0.6 && single.bad === 0, notes: `p99 ${single.latencyP99} ms at 50 connections` }),
      figure({ name: 'batched ingest (100/POST)', value: round(batched.eventsPerSecond), unit: 'events/s', baselineName: 'node-redis pipelined XADD', baseline: round(xadd.eventsPerSecond), target: 'ratio >= 0.25', met: batchRatio >= 0.25 && batched.bad === 0, notes: `p99 ${batched.latencyP99} ms per POST at 10 connections` }),
    ];
  } finally {
    await bare.stop();
    await product.cleanup();
  }
}
