import { Display } from '../../helpers/server';
import { figure, round, type Figure } from '../lib/figures';
import { median } from '../lib/stats';
import { writeMany } from '../lib/writer';
import { ADMIN_TOKEN, startProduct, type BenchContext } from './context';

/** A display that missed 10,000 events reconnects: the time until it has them all, beside a fresh snapshot. */
export async function resumeFigures(ctx: BenchContext): Promise<Figure[]> {
  const product = await startProduct('resume');
  try {
    const runs: number[] = [];
    const snapshots: number[] = [];
    for (let run = 0; run < (ctx.quick ? 2 : 5); run++) {
      const first = new Display(product.url, ADMIN_TOKEN);
      await first.until(() => first.snapshots.length === 1, 10_000);
      const { epoch, seq } = first.snapshots[0]!;
      first.close();
      await writeMany(product.url, ADMIN_TOKEN, 10_000, 500, 4, `resume-${run}`);
      const target = seq + 10_000;
      let started = performance.now();
      const back = new Display(product.url, ADMIN_TOKEN, { epoch, seq });
      await back.until(() => back.seq >= target, 10_000);
      runs.push(performance.now() - started);
      if (back.snapshots.length) throw new Error('the resume was answered with a snapshot');
      back.close();
      started = performance.now();
      const fresh = new Display(product.url, ADMIN_TOKEN);
      await fresh.until(() => fresh.snapshots.length === 1, 10_000);
      snapshots.push(performance.now() - started);
      fresh.close();
    }
    ctx.log(`resume of 10,000 events: ${runs.map((r) => round(r)).join(', ')} ms; fresh snapshot: ${snapshots.map((r) => round(r)).join(', ')} ms`);
    const value = Math.max(...runs);
    return [figure({ name: 'resume after 10,000 missed events (worst run)', value: round(value), unit: 'ms', baselineName: 'connect with a fresh snapshot (median)', baseline: round(median(snapshots)), target: '< 1,000 ms', met: value < 1_000 })];
  } finally {
    await product.cleanup();
  }
}
