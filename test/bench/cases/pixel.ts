import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { localDay } from '@shared/time';
import { api, demoConfig, Display } from '../../helpers/server';
import { launchBrowser, openPage } from '../../helpers/browser';
import { startDesigns } from '../lib/designs';
import { together } from '../lib/together';
import { figure, round, type Figure } from '../lib/figures';
import { percentile, wallNow } from '../lib/stats';
import { ADMIN_TOKEN, type BenchContext } from './context';
import { PREVIOUS_DESIGN } from './wallcost';

/** From one write's paint to the next write: longer than the client's NOTIFY_EVERY_MS (500 ms), so each write is drawn on its own. */
const GAP_MS = 520;
/** Writes drawn before measuring, on each design alike: a wall runs for days, not from a cold server and page. */
const WARM_UP = 5;

/** `runs` isolated writes through `url`, each timed to the wall's repaint and to a plain socket client's arrival. */
async function measure(browser: Browser, url: string, viewer: string, runs: number, tag: string): Promise<{ pixel: number[]; wire: number[] }> {
  const { page } = await openPage(browser, { width: 1920, height: 1080 });
  const socket = new Display(url, ADMIN_TOKEN);
  try {
    await page.goto(`${url}/wall?pages=overview:3600&alert=0#token=${viewer}`);
    await page.waitForSelector('[data-state=ready]');
    // Records when each new value is on screen: the mutation, the frame that paints it, and the
    // first task after that frame (a message posted from requestAnimationFrame runs once it is painted).
    await page.evaluate(() => {
      const w = window as unknown as { __painted: Record<string, number> };
      w.__painted = {};
      const target = document.querySelector('[data-testid=kpi-vneid_level2]')!;
      new MutationObserver(() => {
        const text = target.textContent ?? '';
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => (w.__painted[text] ??= performance.timeOrigin + performance.now());
          channel.port2.postMessage(null);
        });
      }).observe(target, { subtree: true, childList: true, characterData: true });
    });
    await socket.until(() => socket.snapshots.length === 1);
    const arrivals = new Map<number, number>();
    socket.socket.on('events', (m) => {
      for (const e of m.events) arrivals.set(e.seq, wallNow());
    });
    const pixel: number[] = [];
    const wire: number[] = [];
    for (let i = -WARM_UP; i < runs; i++) {
      const value = 2_000_000 + Math.floor(Math.random() * 7_000_000);
      const sent = wallNow();
      const res = await api(url, '/api/v1/events', { body: { id: `${tag}-${i}`, type: 'indicator.reported', unit: 'police', at: new Date().toISOString(), indicator: 'vneid_level2', value, period: localDay(Date.now(), demoConfig.province.timeZone) } });
      const seq = (res.body.accepted as { seq: number }[])[0]!.seq;
      const text = new Intl.NumberFormat('vi-VN').format(value);
      const painted = await page.waitForFunction((t) => (window as unknown as { __painted: Record<string, number> }).__painted[t], text, { timeout: 5_000 });
      const paintedAt = (await painted.jsonValue()) as number;
      await socket.until(() => arrivals.has(seq));
      if (i >= 0) {
        pixel.push(paintedAt - sent);
        wire.push(arrivals.get(seq)! - sent);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, paintedAt + GAP_MS - wallNow())));
    }
    return { pixel, wire };
  } finally {
    socket.close();
    await page.context().close();
  }
}

/**
 * From a write to the wall repainting with the new value, in Chromium; beside arrival at a plain
 * socket client, and the previous design's wall (built from git) in the same run, the two
 * alternated. Writes are isolated (GAP_MS after the last paint): during a burst the wall redraws at most every
 * NOTIFY_EVERY_MS by design, so a write inside one waits up to that long.
 */
export async function pixelFigures(ctx: BenchContext): Promise<Figure[]> {
  // The quick run leaves the previous design out (it is beside the figure, not its baseline): not even started.
  const [designs, browser] = await together(startDesigns('pixel', ctx.quick ? null : PREVIOUS_DESIGN), (d) => d.stop(), launchBrowser(), (b) => b.close());
  try {
    // At least 100 samples of this design even in the quick run (with 20, p99 is the slowest sample):
    // there in one round of 100 (one page, one warm-up), as nothing is alternated with it.
    const rounds = designs.previous ? 2 : 1;
    const runs = 100 / rounds;
    const all = { current: { pixel: [] as number[], wire: [] as number[] }, previous: { pixel: [] as number[], wire: [] as number[] } };
    for (let r = 0; r < rounds; r++) {
      for (const design of r === 0 ? (['current', 'previous'] as const) : (['previous', 'current'] as const)) {
        const served = designs[design];
        if (!served) continue;
        const got = await measure(browser, served.url, served.viewer, runs, `px-${design}-${r}`);
        all[design].pixel.push(...got.pixel);
        all[design].wire.push(...got.wire);
      }
    }
    const p = (xs: number[], q: number) => round(percentile(xs, q));
    const { current, previous: before } = all;
    const previous = before.pixel.length ? `previous design (${PREVIOUS_DESIGN}) same run: p50 ${p(before.pixel, 0.5)} ms, p99 ${p(before.pixel, 0.99)} ms` : 'previous design not measured (quick run)';
    ctx.log(`push-to-pixel: ${current.pixel.length} samples, p50 ${p(current.pixel, 0.5)} ms, p99 ${p(current.pixel, 0.99)} ms (${previous}); write-to-socket p50 ${p(current.wire, 0.5)} ms, p99 ${p(current.wire, 0.99)} ms`);
    ctx.log(`slowest pushes (pixel/wire ms): ${current.pixel.map((v, i) => [v, current.wire[i]!] as const).sort((a, b) => b[0] - a[0]).slice(0, 8).map(([a, b]) => `${round(a)}/${round(b)}`).join(', ')}`);
    const p99 = p(current.pixel, 0.99);
    return [
      figure({
        name: 'wall push-to-pixel p99',
        value: p99,
        unit: 'ms',
        baselineName: 'write to arrival at a socket.io client, p99',
        baseline: p(current.wire, 0.99),
        target: '<= 40 ms',
        met: p99 <= 40,
        notes: `${current.pixel.length} writes, each ${GAP_MS} ms after the previous one was painted, after ${WARM_UP} unmeasured, p50 ${p(current.pixel, 0.5)} ms; ${previous}; load average ${round(loadavg()[0]!, 2)}`,
      }),
    ];
  } finally {
    await Promise.all([browser.close(), designs.stop()]);
  }
}
