import { localDay } from '@shared/time';
import { api, demoConfig, Display, issueToken } from '../../helpers/server';
import { launchBrowser, openPage } from '../../helpers/browser';
import { figure, round, type Figure } from '../lib/figures';
import { percentile, wallNow } from '../lib/stats';
import { ADMIN_TOKEN, startProduct, type BenchContext } from './context';

/** Longer than the client's NOTIFY_EVERY_MS (500 ms): each write is drawn on its own. */
const GAP_MS = 600;

/**
 * From a write to the wall repainting with the new value, in Chromium; beside arrival at a plain
 * socket client. Writes are isolated (GAP_MS apart): during a burst the wall redraws at most every
 * NOTIFY_EVERY_MS by design, so a write inside one waits up to that long.
 */
export async function pixelFigures(ctx: BenchContext): Promise<Figure[]> {
  const product = await startProduct('pixel');
  const browser = await launchBrowser();
  try {
    const viewer = (await issueToken(product.url, 'viewer')).token;
    const { page } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${product.url}/wall?pages=overview:3600&alert=0#token=${viewer}`);
    await page.waitForSelector('[data-state=ready]');
    // Records when each new value is on screen: the mutation, then the frame that paints it.
    await page.evaluate(() => {
      const w = window as unknown as { __painted: Record<string, number> };
      w.__painted = {};
      const target = document.querySelector('[data-testid=kpi-vneid_level2]')!;
      new MutationObserver(() => {
        const text = target.textContent ?? '';
        requestAnimationFrame(() => requestAnimationFrame(() => (w.__painted[text] ??= performance.timeOrigin + performance.now())));
      }).observe(target, { subtree: true, childList: true, characterData: true });
    });
    const socket = new Display(product.url, ADMIN_TOKEN);
    await socket.until(() => socket.snapshots.length === 1);
    const arrivals = new Map<number, number>();
    socket.socket.on('events', (m) => {
      for (const e of m.events) arrivals.set(e.seq, wallNow());
    });
    const pixel: number[] = [];
    const wire: number[] = [];
    const runs = ctx.quick ? 20 : 60;
    for (let i = 0; i < runs; i++) {
      const value = 2_000_000 + i;
      const sent = wallNow();
      const res = await api(product.url, '/api/v1/events', { body: { id: `px-${i}`, type: 'indicator.reported', unit: 'police', at: new Date().toISOString(), indicator: 'vneid_level2', value, period: localDay(Date.now(), demoConfig.province.timeZone) } });
      const seq = (res.body.accepted as { seq: number }[])[0]!.seq;
      const text = new Intl.NumberFormat('vi-VN').format(value);
      const painted = await page.waitForFunction((t) => (window as unknown as { __painted: Record<string, number> }).__painted[t], text, { timeout: 5_000 });
      pixel.push(((await painted.jsonValue()) as number) - sent);
      await socket.until(() => arrivals.has(seq));
      wire.push(arrivals.get(seq)! - sent);
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    socket.close();
    const p99 = percentile(pixel, 0.99);
    ctx.log(`push-to-pixel: p50 ${round(percentile(pixel, 0.5))} ms, p99 ${round(p99)} ms; write-to-socket p50 ${round(percentile(wire, 0.5))} ms, p99 ${round(percentile(wire, 0.99))} ms`);
    return [figure({ name: 'wall push-to-pixel p99', value: round(p99), unit: 'ms', baselineName: 'write to arrival at a socket.io client, p99', baseline: round(percentile(wire, 0.99)), target: '<= 40 ms', met: p99 <= 40, notes: `${runs} writes ${GAP_MS} ms apart, p50 ${round(percentile(pixel, 0.5))} ms` })];
  } finally {
    await browser.close();
    await product.cleanup();
  }
}
