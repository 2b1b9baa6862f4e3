import type { Browser } from 'playwright-core';
import { localDay } from '@shared/time';
import { api, demoConfig } from '../../helpers/server';
import { launchBrowser } from '../../helpers/browser';
import { startDesigns } from '../lib/designs';
import { together } from '../lib/together';
import { figure, round, type Figure } from '../lib/figures';
import type { BenchContext } from './context';

/** The wall before it was reorganised (the whole wall redrawn every second, the view derived up to 20 times a second). */
export const PREVIOUS_DESIGN = '6ab0f4b';
const RATE = 20;

interface Cost {
  /** Seconds of main-thread work (CPU time of its tasks), and of it in scripts, style and layout. */
  task: number;
  script: number;
  style: number;
  layout: number;
  /** Seconds measured. */
  seconds: number;
}

/** A unit's report, a model's progress or a note, in the proportions of a busy province. */
function eventAt(n: number, tag: string): Record<string, unknown> {
  const localities = demoConfig.units.filter((u) => u.kind === 'locality');
  const models = demoConfig.items.filter((i) => i.kind === 'model');
  const at = new Date().toISOString();
  const id = `${tag}-${n}`;
  const unit = localities[n % localities.length]!.id;
  if (n % 10 === 0) return { id, type: 'note.posted', unit, at, text: `Cập nhật số ${n}`, severity: 'info' };
  if (n % 10 === 1) {
    const model = models[n % models.length]!;
    return { id, type: 'progress.reported', unit: model.lead, at, item: model.id, status: 'in_progress', percent: n % 100 };
  }
  const day = localDay(Date.now(), demoConfig.province.timeZone);
  return n % 2
    ? { id, type: 'indicator.reported', unit, at, indicator: 'dossiers_online', value: 50 + (n % 300), period: day }
    : { id, type: 'indicator.reported', unit, at, indicator: 'dossiers_total', value: 400 + (n % 300), period: day };
}

/** Writes RATE events a second until stopped. */
function startWriter(url: string, tag: string): { stop(): Promise<void> } {
  let n = 0;
  const inFlight = new Set<Promise<unknown>>();
  const timer = setInterval(() => {
    if (inFlight.size > 20) return;
    const p = api(url, '/api/v1/events', { body: eventAt(n++, tag) }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / RATE);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

async function metrics(send: (method: string) => Promise<unknown>): Promise<Record<string, number>> {
  const { metrics: list } = (await send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** The wall served by `url`, its main thread measured over `seconds` (after `warmUp` unmeasured) while events are written to it at RATE a second. */
async function measure(browser: Browser, url: string, viewer: string, warmUp: number, seconds: number, tag: string): Promise<Cost> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // Thread ticks: CPU time of the renderer's main thread, not stretched by the other processes on the machine.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(`${url}/wall?pages=overview:3600&alert=0#token=${viewer}`);
    await page.waitForSelector('[data-state=ready]', { timeout: 30_000 });
    const writer = startWriter(url, tag);
    try {
      await page.waitForTimeout(warmUp * 1000);
      const before = await metrics((m) => cdp.send(m as 'Performance.getMetrics'));
      const started = performance.now();
      await page.waitForTimeout(seconds * 1000);
      const after = await metrics((m) => cdp.send(m as 'Performance.getMetrics'));
      const elapsed = (performance.now() - started) / 1000;
      const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
      return { task: delta('TaskDuration'), script: delta('ScriptDuration'), style: delta('RecalcStyleDuration'), layout: delta('LayoutDuration'), seconds: elapsed };
    } finally {
      await writer.stop();
    }
  } finally {
    await context.close();
  }
}

const add = (a: Cost, b: Cost): Cost => ({ task: a.task + b.task, script: a.script + b.script, style: a.style + b.style, layout: a.layout + b.layout, seconds: a.seconds + b.seconds });
const percent = (part: number, whole: number) => round((100 * part) / whole, 2);

/**
 * The wall's own cost in the browser: main-thread busy time at 20 events a second (Chromium's
 * Performance metrics), beside the previous design built from git and measured in the same run,
 * alternating the two so that both see the same machine.
 */
export async function wallCostFigures(ctx: BenchContext): Promise<Figure[]> {
  // Each design runs as its own server (a client only understands its own server's snapshots).
  const [designs, browser] = await together(startDesigns('wallcost', PREVIOUS_DESIGN), (d) => d.stop(), launchBrowser(), (b) => b.close());
  try {
    // The quick run: one round each (previous design first), 1 s of warm-up and 4 s measured (80 events).
    const rounds = ctx.quick ? 1 : 2;
    const warmUp = ctx.quick ? 1 : 5;
    const seconds = ctx.quick ? 4 : 30;
    const zero: Cost = { task: 0, script: 0, style: 0, layout: 0, seconds: 0 };
    const total = { current: zero, previous: zero };
    for (let r = 0; r < rounds; r++) {
      for (const design of r % 2 === 0 ? (['previous', 'current'] as const) : (['current', 'previous'] as const)) {
        const cost = await measure(browser, designs[design].url, designs[design].viewer, warmUp, seconds, `cost-${design}-${r}`);
        ctx.log(`wall cost (${design}, round ${r + 1}): main thread ${percent(cost.task, cost.seconds)}% of a core (scripts ${percent(cost.script, cost.seconds)}%, style ${percent(cost.style, cost.seconds)}%, layout ${percent(cost.layout, cost.seconds)}%)`);
        total[design] = add(total[design], cost);
      }
    }
    const busy = percent(total.current.task, total.current.seconds);
    const before = percent(total.previous.task, total.previous.seconds);
    return [
      figure({
        name: `wall main-thread busy at ${RATE} events/s`,
        value: busy,
        unit: '% of a core',
        baselineName: `previous design (${PREVIOUS_DESIGN})`,
        baseline: before,
        target: '<= 5% of one core',
        met: busy <= 5,
        notes: `${round(total.current.seconds)} s each, overview page at 1920x1080; scripts ${percent(total.current.script, total.current.seconds)}% (before ${percent(total.previous.script, total.previous.seconds)}%)`,
      }),
    ];
  } finally {
    await Promise.all([browser.close(), designs.stop()]);
  }
}
