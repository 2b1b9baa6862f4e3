import { figure, round, type Figure } from '../lib/figures';
import { startWorker } from '../lib/procs';
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

/** Single-event and batched ingest against a bare Express handler and pipelined XADD. */
export async function ingestFigures(ctx: BenchContext): Promise<Figure[]> {
  const seconds = ctx.quick ? 3 : 10;
  const product = await startProduct('ingest');
  const bare = startWorker<{ port: number }>('baselines/bare-express.ts', []);
  const bareUrl = `http://127.0.0.1:${(await bare.next()).port}`;
  try {
    await load(product.url, 1, 10, 1, 'warm');
    const single = await load(product.url, 1, 50, seconds, 'single');
    const bareSingle = await load(bareUrl, 1, 50, seconds, 'bare');
    ctx.log(`single: product ${round(single.eventsPerSecond)} ev/s (${single.bad} failed), bare express ${round(bareSingle.eventsPerSecond)} ev/s`);
    const batched = await load(product.url, 100, 10, seconds, 'batch');
    const xaddWorker = startWorker<{ eventsPerSecond: number }>('workers/redis-xadd.ts', [TEST_REDIS_URL, `${testPrefix('bench-xadd')}stream`, String(ctx.quick ? 100_000 : 400_000), '100']);
    const xadd = await xaddWorker.next();
    await xaddWorker.stop();
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
