import { figure, round, type Figure } from '../lib/figures';
import { memoryAfterGc, type MemoryReading } from '../lib/inspector';
import { ADMIN_TOKEN, startWithBare, type BenchContext } from './context';
import { DisplayFleet } from './displays';

async function perDisplay(url: string, inspectPort: number, count: number): Promise<{ heap: number; rss: number; before: MemoryReading; after: MemoryReading }> {
  const before = await memoryAfterGc(inspectPort);
  const fleet = new DisplayFleet(url, ADMIN_TOKEN);
  await fleet.grow(count);
  await new Promise((r) => setTimeout(r, 2_000));
  const after = await memoryAfterGc(inspectPort);
  await fleet.close();
  return { heap: (after.heapUsed - before.heapUsed) / count, rss: (after.rss - before.rss) / count, before, after };
}

/** Server heap and RSS per idle display, beside a bare Socket.IO server holding the same sockets. */
export async function memoryFigures(ctx: BenchContext): Promise<Figure[]> {
  const count = ctx.quick ? 1_000 : 5_000;
  const [product, bare] = await startWithBare('memory');
  try {
    // Heap and RSS, not time: each server's displays connect and are weighed at once, each in its own process.
    const [ours, theirs] = await Promise.all([perDisplay(product.url, product.inspectPort, count), perDisplay(bare.url, bare.inspectPort, count)]);
    ctx.log(`memory: ${count} idle displays: product heap ${round(ours.heap / 1024, 2)} KB, RSS ${round(ours.rss / 1024, 2)} KB per display; bare heap ${round(theirs.heap / 1024, 2)} KB, RSS ${round(theirs.rss / 1024, 2)} KB`);
    return [
      figure({ name: 'heap per idle display', value: round(ours.heap / 1024, 2), unit: 'KB', baselineName: 'bare Socket.IO server', baseline: round(theirs.heap / 1024, 2), target: '< 10 KB', met: ours.heap < 10 * 1024, notes: `${count} displays, after forced GC` }),
      figure({ name: 'RSS per idle display', value: round(ours.rss / 1024, 2), unit: 'KB', baselineName: 'bare Socket.IO server', baseline: round(theirs.rss / 1024, 2), target: '< 10 KB', met: ours.rss < 10 * 1024, notes: `${count} displays` }),
    ];
  } finally {
    await Promise.all([bare.stop(), product.stop()]);
  }
}
