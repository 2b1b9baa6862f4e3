import type { Page } from 'playwright-core';
import { launchBrowser, openPage } from '../../helpers/browser';
import { api, issueToken } from '../../helpers/server';
import { figure, round, type Figure } from '../lib/figures';
import { writeMixed } from '../lib/mixed-log';
import { together } from '../lib/together';
import { median, percentile } from '../lib/stats';
import { ADMIN_TOKEN, startProduct, type BenchContext } from './context';

/** One time-travel step as the briefing takes it: the state at a seq, fetched and parsed. */
async function stepMs(url: string, seq: number): Promise<number> {
  const t = performance.now();
  const res = await api(url, `/api/v1/state?seq=${seq}`);
  if (res.status !== 200 || res.body.seq !== seq) throw new Error(`state?seq=${seq} answered ${res.status} seq ${String(res.body.seq)}`);
  return performance.now() - t;
}

/** In Chromium: from the step key (`]` or `[`) to the frame that shows the new seq, ms per step. */
async function browserSteps(page: Page, from: number, steps: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __drawn: Record<string, number> };
    w.__drawn = {};
    const root = document.querySelector('[data-testid=briefing]')!;
    new MutationObserver(() => {
      const seq = root.getAttribute('data-seq') ?? '';
      requestAnimationFrame(() => requestAnimationFrame(() => (w.__drawn[seq] ??= performance.now())));
    }).observe(root, { attributes: true, attributeFilter: ['data-seq'] });
  });
  const times: number[] = [];
  for (let i = 1; i <= steps; i++) {
    const forward = i <= steps / 2;
    const target = forward ? from + i : from + steps - i;
    const started = await page.evaluate(() => performance.now());
    await page.keyboard.press(forward ? ']' : '[');
    const drawn = await page.waitForFunction((seq) => (window as unknown as { __drawn: Record<string, number> }).__drawn[seq], String(target), { timeout: 10_000 });
    times.push(((await drawn.jsonValue()) as number) - started);
    await page.evaluate(() => ((window as unknown as { __drawn: Record<string, number> }).__drawn = {}));
  }
  return times;
}

/**
 * Time travel over a log of 1,000,000 mixed events (20,000 with --quick), as the briefing does it:
 * a jump to a moment (a drag on the timeline), then steps of one event forward and back from
 * there, each a GET /api/v1/state?seq=; and the same steps in Chromium, from key to frame.
 */
export async function timetravelFigures(ctx: BenchContext): Promise<Figure[]> {
  const total = ctx.quick ? 20_000 : 1_000_000;
  // The browser starts with the server (idle, without a page, until the HTTP steps are done).
  const [product, browser] = await together(startProduct('timetravel'), (p) => p.cleanup(), launchBrowser(), (b) => b.close());
  try {
    const filling = performance.now();
    await writeMixed(product.url, ADMIN_TOKEN, total, 'tt');
    ctx.log(`timetravel: wrote ${total} mixed events in ${round((performance.now() - filling) / 1000)} s`);
    const steps: number[] = [];
    const jumps: number[] = [];
    const current: number[] = [];
    for (let round = 0; round < 8; round++) {
      const from = 20 + Math.floor(Math.random() * (total - 40));
      jumps.push(await stepMs(product.url, from));
      for (let i = 1; i <= 8; i++) steps.push(await stepMs(product.url, from + i));
      for (let i = 1; i <= 8; i++) steps.push(await stepMs(product.url, from - i));
      const t = performance.now();
      await api(product.url, '/api/v1/state');
      current.push(performance.now() - t);
    }
    const viewer = (await issueToken(product.url, 'viewer')).token;
    const { page } = await openPage(browser, { width: 1920, height: 1080 });
    const from = Math.floor(total / 2) + 17;
    await page.goto(`${product.url}/briefing?seq=${from}&slide=late#token=${viewer}`);
    await page.waitForSelector('[data-testid=briefing][data-state=ready]', { timeout: 60_000 });
    await browserSteps(page, from, 4);
    const drawn = await browserSteps(page, from, 40);
    ctx.log(`timetravel in Chromium, key to frame: p50 ${round(median(drawn))} ms, p95 ${round(percentile(drawn, 0.95))} ms, max ${round(Math.max(...drawn))} ms`);
    ctx.log(`timetravel over HTTP: steps p50 ${round(median(steps))} ms, p99 ${round(percentile(steps, 0.99))} ms, max ${round(Math.max(...steps))} ms; jumps p50 ${round(median(jumps))} ms, max ${round(Math.max(...jumps))} ms; state now p50 ${round(median(current))} ms`);
    const n = total.toLocaleString('en');
    const stepP99 = percentile(steps, 0.99);
    const drawnP95 = percentile(drawn, 0.95);
    return [
      figure({ name: `time travel step of one event, ?seq= over ${n} events (p99 of ${steps.length})`, value: round(stepP99), unit: 'ms', baselineName: 'GET /api/v1/state now (median)', baseline: round(median(current)), target: '< 100 ms', met: stepP99 < 100, notes: `forward and back from ${jumps.length} random moments; p50 ${round(median(steps))} ms, max ${round(Math.max(...steps))} ms` }),
      figure({ name: `time travel jump to a random moment, ?seq= over ${n} events (worst of ${jumps.length})`, value: round(Math.max(...jumps)), unit: 'ms', baselineName: 'GET /api/v1/state now (median)', baseline: round(median(current)), target: '< 500 ms', met: Math.max(...jumps) < 500, notes: `the nearest snapshot and up to 5,000 events; p50 ${round(median(jumps))} ms` }),
      figure({ name: `time travel step drawn in Chromium over ${n} events (p95 of ${drawn.length})`, value: round(drawnP95), unit: 'ms', baselineName: 'one ?seq= step over HTTP (median)', baseline: round(median(steps)), target: '< 100 ms', met: drawnP95 < 100, notes: `key press to the second frame after /briefing shows the new seq; p50 ${round(median(drawn))} ms, max ${round(Math.max(...drawn))} ms` }),
    ];
  } finally {
    await Promise.all([browser.close(), product.cleanup()]);
  }
}
