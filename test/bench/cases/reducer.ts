/**
 * The reducer alone, in this process (issue 21 points 1 and 2): the cost of applying one event for
 * the nation as one deployment (3,355 units) beside the 36-unit province in the same run, the
 * snapshot a display receives (after a day, and after a month of reports), and a province after
 * a simulated year of daily reports.
 * Run it alone: `npx tsx test/bench/cases/reducer.ts` (no Redis, a few seconds).
 */
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { catalogOf, type Catalog } from '@shared/catalog';
import { ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import type { StoredEvent } from '@shared/events';
import { apply, createProjection, derive, DISPLAY_DAYS, displayProjection, parseProjection, restoreDisplay, serializeProjection, type Projection } from '@shared/projection';
import { addDays } from '@shared/time';
import { communeTaskIds, nationalConfig } from '../../../server/config/national';
import { loadProvinceConfig } from '../../../server/config/load';
import { figure, round, type Figure } from '../lib/figures';
import type { BenchContext } from './context';

const DAY_MS = 86_400_000;
// A full collection before and after building a state, so its heap is measured, not the garbage around it.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const demoConfig = loadProvinceConfig();

/** Builds events one after another, with seq and receivedAt moving on as a log's would. */
class Log {
  seq = 0;
  constructor(private ms: number) {}
  report(unit: string, indicator: string, period: string, value: number, stepMs = 1_000): StoredEvent {
    this.ms += stepMs;
    const at = new Date(this.ms).toISOString();
    this.seq++;
    return { id: `e${this.seq}`, type: 'indicator.reported', unit, indicator, value, period, at, seq: this.seq, receivedAt: at, by: 'bench' };
  }
  progress(unit: string, item: string, percent: number, stepMs = 1_000): StoredEvent {
    this.ms += stepMs;
    const at = new Date(this.ms).toISOString();
    this.seq++;
    return { id: `e${this.seq}`, type: 'progress.reported', unit, item, status: 'in_progress', percent, at, seq: this.seq, receivedAt: at, by: 'bench' };
  }
  /** Moves the clock on to `ms` (never back). */
  skipTo(ms: number): void {
    this.ms = Math.max(this.ms, ms);
  }
  get now(): number {
    return this.ms;
  }
}

/** Deterministic pseudo-random numbers (the same run, the same figures' inputs). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

/** The two tasks a commune of the national config leads (none for a unit that leads none). */
function communeTasks(catalog: Catalog, unit: string): [string, string] | null {
  const [t1, t2] = communeTaskIds(unit);
  return t1 && t2 && catalog.items.has(t1) && catalog.items.has(t2) ? [t1, t2] : null;
}

/**
 * A day's end of task reports as the national day sends them (test/bench/lib/national-day.ts): each
 * commune's task 1 again (it reported it once during the day, `noon`) and its task 2.
 */
function endOfDayProgress(catalog: Catalog, state: Projection, log: Log, noon: Map<string, number>, random: () => number, stepMs: number): void {
  for (const unit of catalog.config.units) {
    const tasks = communeTasks(catalog, unit.id);
    if (!tasks) continue;
    apply(catalog, state, log.progress(unit.id, tasks[0], Math.min(100, (noon.get(unit.id) ?? 0) + 5), stepMs));
    apply(catalog, state, log.progress(unit.id, tasks[1], 5 + Math.floor(random() * 90), stepMs));
  }
}

const p99 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.99)]!;

/** Applies a day of reports (every unit, every counter and the first gauge; a commune's tasks as the national day does), then times `count` more, one by one. */
function applyCost(config: ProvinceConfig, count: number): { p99: number; mean: number; state: Projection; catalog: Catalog; now: number } {
  const catalog = catalogOf(config);
  const state = createProjection(catalog);
  const log = new Log(Date.parse('2025-11-03T01:00:00Z'));
  const day = '2025-11-03';
  const counters = config.indicators.filter((i) => i.kind === 'counter' && !i.parts).map((i) => i.id);
  const gauge = config.indicators.find((i) => i.kind === 'gauge')?.id;
  const units = config.units.map((u) => u.id);
  const random = lcg(21);
  // The day's task reports as the national day's (nothing for a unit that leads no commune task).
  const noon = new Map<string, number>();
  for (const unit of units) {
    for (const c of counters) apply(catalog, state, log.report(unit, c, day, c === 'dossiers_total' ? 1_000 : 100, 10));
    if (gauge) apply(catalog, state, log.report(unit, gauge, day, 1_000, 10));
    const tasks = communeTasks(catalog, unit);
    if (tasks) noon.set(unit, 10 + Math.floor(random() * 60));
    if (tasks) apply(catalog, state, log.progress(unit, tasks[0], noon.get(unit)!, 10));
  }
  endOfDayProgress(catalog, state, log, noon, random, 10);
  const events = Array.from({ length: count }, () => {
    const unit = units[Math.floor(random() * units.length)]!;
    const indicator = random() < 0.9 ? counters[Math.floor(random() * counters.length)]! : (gauge ?? counters[0]!);
    // Totals above online figures, as real ones are (a day flagged for online above total is not the case timed here).
    const value = indicator === 'dossiers_total' ? 500 + Math.floor(random() * 500) : Math.floor(random() * 500);
    return log.report(unit, indicator, addDays(day, -Math.floor(random() * 3)), value, 50);
  });
  // Warm the code paths before timing, on a copy of the same kind of work.
  const samples: number[] = [];
  for (const e of events) {
    const t = performance.now();
    apply(catalog, state, e);
    samples.push((performance.now() - t) * 1000);
  }
  const timed = samples.slice(Math.floor(samples.length / 5));
  return { p99: p99(timed), mean: timed.reduce((a, b) => a + b, 0) / timed.length, state, catalog, now: log.now };
}

interface Sizes {
  bytes: number;
  gzip: number;
}
const sizeOf = (text: string): Sizes => ({ bytes: Buffer.byteLength(text), gzip: gzipSync(text).length });
const kb = (s: Sizes) => `${round(s.bytes / 1024)} KB (gzip ${round(s.gzip / 1024)} KB)`;

/**
 * The snapshot a wall receives (`snapshot.encoded`: the display's projection, see
 * shared/projection/display.ts), the one a briefing screen receives (a viewer token's, with
 * the scorecard's arrivals) and, as the baseline, the derived state every display received
 * before (still the `snapshot` object for protocol 1 clients that do not ask for `encoded`).
 */
function displaySize(catalog: Catalog, state: Projection, now: number): { display: Sizes; other: Sizes; derived: Sizes; parts: string } {
  const display = displayProjection(catalog, state, now, 'wall');
  const other = sizeOf(JSON.stringify(displayProjection(catalog, state, now)));
  return { display: sizeOf(JSON.stringify(display)), other, derived: sizeOf(JSON.stringify(derive(catalog, state, now))), parts: partSizes(display) };
}

/** The largest parts of a projection, in KB, to see where a snapshot's bytes go (a display's packed parts each on its own). */
function partSizes(state: Projection): string {
  const { packed, ...display } = state.display ?? {};
  const parts = [...Object.entries({ ...state, display }), ...Object.entries(packed ?? {}).map(([k, v]) => [`packed ${k}`, v] as const)];
  return parts
    .map(([k, v]) => [k, Buffer.byteLength(JSON.stringify(v) ?? '')] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, n]) => `${k} ${round(n / 1024)}`)
    .join(', ');
}

/** A province after `days` days of daily reports from every unit of four indicators: sizes, cold start, heap. */
function simulatedYear(days: number) {
  const config = ProvinceConfigSchema.parse({ ...demoConfig, keepDays: 400 });
  const catalog = catalogOf(config);
  const indicators = ['dossiers_total', 'dossiers_online_full', 'dossiers_online_partial', 'vneid_level2'];
  const first = '2024-01-01';
  const log = new Log(Date.parse(`${first}T10:00:00Z`));
  const random = lcg(365);
  const events: StoredEvent[] = [];
  for (let d = 0; d < days; d++) {
    const period = addDays(first, d);
    for (const unit of config.units) {
      const total = 200 + Math.floor(random() * 300);
      const full = Math.floor(total * random() * 0.5);
      const values = [total, full, Math.floor((total - full) * random()), 10_000 + d * 10];
      indicators.forEach((indicator, i) => events.push(log.report(unit.id, indicator, period, values[i]!, Math.floor(DAY_MS / (config.units.length * indicators.length) - 1))));
    }
  }
  collect();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const state = createProjection(catalog);
  for (const e of events) apply(catalog, state, e);
  const replayMs = performance.now() - started;
  collect();
  const heap = process.memoryUsage().heapUsed - before;
  const snapshot = serializeProjection(state);
  // A cold start reads the latest snapshot and derives the state once.
  const loadStarted = performance.now();
  const loaded = parseProjection(snapshot)!;
  derive(catalog, loaded, log.now);
  const loadMs = performance.now() - loadStarted;
  // A wall's cold start: parse the snapshot it receives, rebuild what the config gives, derive once.
  const wallBytes = JSON.stringify(displayProjection(catalog, loaded, log.now, 'wall'));
  const wallStarted = performance.now();
  derive(catalog, restoreDisplay(catalog, JSON.parse(wallBytes) as Projection), log.now);
  const wallLoadMs = performance.now() - wallStarted;
  return { events: events.length, replayMs, loadMs, wallLoadMs, snapshot: Buffer.byteLength(snapshot), display: displaySize(catalog, loaded, log.now), heap };
}

/**
 * The nation as one deployment after `days` days of every unit reporting every counter and the
 * gauge, and every commune its tasks as the national day does (steady state: the trend's whole window filled): the snapshot a wall receives, and as the
 * baseline the same snapshot holding every scope's value for every one of those days (the copy
 * before DISPLAY_SCOPE_DAYS).
 */
function nationMonth(days: number): { display: Sizes; perScope: Sizes; briefing: Sizes; parts: string; buildMs: number; restoreMs: number } {
  const config = ProvinceConfigSchema.parse(nationalConfig());
  const catalog = catalogOf(config);
  const state = createProjection(catalog);
  const counters = config.indicators.filter((i) => i.kind === 'counter' && !i.parts).map((i) => i.id);
  const gauge = config.indicators.find((i) => i.kind === 'gauge')?.id;
  const first = '2025-10-04';
  const log = new Log(Date.parse(`${first}T01:00:00Z`));
  const random = lcg(31);
  // Each day's reports from 08:00 to 17:00 (province time), so at the end today and yesterday are both complete;
  // a commune's task 1 once during the day, then at the day's end (from 17:00) task 1 again and task 2, as the national day's.
  const step = Math.floor((9 * 3_600_000) / (config.units.length * (counters.length + 2)));
  for (let d = 0; d < days; d++) {
    const period = addDays(first, d);
    log.skipTo(Date.parse(`${period}T01:00:00Z`));
    const noon = new Map<string, number>();
    for (const unit of config.units) {
      const total = 100 + Math.floor(random() * 900);
      for (const c of counters) apply(catalog, state, log.report(unit.id, c, period, c === 'dossiers_total' ? total : Math.floor(total * random()), step));
      if (gauge) apply(catalog, state, log.report(unit.id, gauge, period, 1_000 + d * 10 + Math.floor(random() * 100), step));
      const tasks = communeTasks(catalog, unit.id);
      if (tasks) noon.set(unit.id, Math.min(95, d * 3 + Math.floor(random() * 10)));
      if (tasks) apply(catalog, state, log.progress(unit.id, tasks[0], noon.get(unit.id)!, step));
    }
    log.skipTo(Date.parse(`${period}T10:00:00Z`));
    endOfDayProgress(catalog, state, log, noon, random, 250);
  }
  // What the snapshot cache does once per seq, and a wall once per snapshot (parse and unpack).
  const built = performance.now();
  const display = displayProjection(catalog, state, log.now, 'wall');
  const bytes = JSON.stringify(display);
  const buildMs = performance.now() - built;
  const restored = performance.now();
  restoreDisplay(catalog, JSON.parse(bytes) as Projection);
  const restoreMs = performance.now() - restored;
  const held = display.display!;
  const perScope = { ...display, counters: state.counters, reportedOwn: state.reportedOwn, display: { ...held, sums: {}, packed: held.packed ? { ...held.packed, counters: {}, reportedOwn: {} } : undefined } };
  const briefing = sizeOf(JSON.stringify(displayProjection(catalog, state, log.now)));
  return { display: sizeOf(bytes), perScope: sizeOf(JSON.stringify(perScope)), briefing, parts: partSizes(display), buildMs, restoreMs };
}

export async function reducerFigures(ctx: BenchContext): Promise<Figure[]> {
  const count = ctx.quick ? 20_000 : 60_000;
  const province = applyCost(ProvinceConfigSchema.parse(demoConfig), count);
  const nation = applyCost(ProvinceConfigSchema.parse(nationalConfig()), count);
  ctx.log(`apply p99: province ${round(province.p99, 2)} µs (mean ${round(province.mean, 2)}), nation ${round(nation.p99, 2)} µs (mean ${round(nation.mean, 2)})`);
  const nationSize = displaySize(nation.catalog, nation.state, nation.now);
  ctx.log(`nation snapshot a wall receives after a day of reports: ${kb(nationSize.display)} (a briefing screen: ${kb(nationSize.other)}), against the derived state sent before ${kb(nationSize.derived)}; the wall's parts (KB): ${nationSize.parts}`);
  const month = nationMonth(DISPLAY_DAYS);
  ctx.log(`nation snapshot a wall receives after ${DISPLAY_DAYS} days of reports: ${kb(month.display)} (a briefing screen: ${kb(month.briefing)}), against every scope's ${DISPLAY_DAYS} days ${kb(month.perScope)}; the wall's parts (KB): ${month.parts}; built and encoded in ${round(month.buildMs)} ms, parsed and unpacked by the wall in ${round(month.restoreMs)} ms`);
  const year = simulatedYear(365);
  ctx.log(`province year: ${year.events} events replayed in ${round(year.replayMs)} ms; snapshot ${round(year.snapshot / 1024)} KB stored; a wall receives ${kb(year.display.display)} (a briefing screen: ${kb(year.display.other)}), against the derived state ${kb(year.display.derived)}; cold start (parse and derive) ${round(year.loadMs)} ms; heap about ${round(year.heap / 1_048_576)} MB; parts of the wall's (KB): ${year.display.parts}`);
  return [
    figure({ name: 'reducer: apply one event, nation (3,355 units), p99', value: round(nation.p99, 2), unit: 'µs', baselineName: 'the 36-unit province, same run', baseline: round(province.p99, 2), target: '≤ 20 µs and ≤ 2x the province', met: nation.p99 <= 20 && nation.p99 <= 2 * province.p99 }),
    figure({ name: 'reducer: snapshot a wall receives, nation after a day', value: round(nationSize.display.bytes / 1024), unit: 'KB', baselineName: 'the derived state sent before', baseline: round(nationSize.derived.bytes / 1024), target: '≤ 1,024 KB', met: nationSize.display.bytes <= 1_048_576, notes: `gzip ${round(nationSize.display.gzip / 1024)} KB (before: ${round(nationSize.derived.gzip / 1024)} KB)` }),
    figure({ name: `reducer: snapshot a wall receives, nation after ${DISPLAY_DAYS} days`, value: round(month.display.bytes / 1024), unit: 'KB', baselineName: `every scope's ${DISPLAY_DAYS} days, same run`, baseline: round(month.perScope.bytes / 1024), target: '≤ 1,024 KB', met: month.display.bytes <= 1_048_576, notes: `gzip ${round(month.display.gzip / 1024)} KB (every scope's days: ${round(month.perScope.gzip / 1024)} KB)` }),
    figure({ name: 'reducer: snapshot a wall receives, province after a year', value: round(year.display.display.bytes / 1024), unit: 'KB', baselineName: 'the derived state sent before', baseline: round(year.display.derived.bytes / 1024), target: '≤ 150 KB', met: year.display.display.bytes <= 150 * 1024, notes: `gzip ${round(year.display.display.gzip / 1024)} KB (before: ${round(year.display.derived.gzip / 1024)} KB); stored snapshot ${round(year.snapshot / 1024)} KB` }),
    figure({ name: 'reducer: cold start, province after a year (snapshot parse and derive)', value: round(year.loadMs), unit: 'ms', baselineName: 'full replay of the year', baseline: round(year.replayMs), target: '≤ 1,000 ms', met: year.loadMs <= 1_000, notes: `heap of the state about ${round(year.heap / 1_048_576)} MB; a wall's cold start (parse, restore, derive) ${round(year.wallLoadMs, 1)} ms` }),
  ];
}

// Run alone: `npx tsx test/bench/cases/reducer.ts [--quick]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await reducerFigures({ quick: process.argv.includes('--quick'), log: (line) => console.log(`  ${line}`) });
  for (const f of figures) console.log(`${f.met ? 'met' : 'NOT met'}: ${f.name}: ${f.value} ${f.unit} (${f.baselineName}: ${f.baseline}); target ${f.target}${f.notes ? `; ${f.notes}` : ''}`);
}
