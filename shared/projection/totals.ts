import type { Catalog } from '../catalog';
import type { CounterIndicator, GaugeIndicator } from '../config';
import { PROVINCE, qualityId, type Projection } from './state';

/**
 * Running totals: every change of a (counter, scope, day) value adds its delta to the totals of
 * the scope, its ancestors and the province, so applying one report costs the same for 36 units
 * or 3,355 (STYLE.md habit 12). Values are whole numbers within bounds, so the sums are exact.
 */

type Cells = Record<string, Record<string, Record<string, number>>>;

const cell = (map: Cells, id: string, scope: string, day: string): number | undefined => map[id]?.[scope]?.[day];

function setIn(map: Cells, id: string, scope: string, day: string, value: number | undefined): void {
  if (value === undefined) {
    const days = map[id]?.[scope];
    if (days) delete days[day];
  } else ((map[id] ??= {})[scope] ??= {})[day] = value;
}

/** Keeps `oldestDay` a lower bound of the days held, so folding knows when there is nothing to fold. */
function noteDay(state: Projection, day: string): void {
  if (state.oldestDay === null || day < state.oldestDay) state.oldestDay = day;
}

/** The windows a day counts in for a counter: its year, and `all` for an all-time counter. */
function windowsOf(counter: CounterIndicator, day: string): string[] {
  const year = day.slice(0, 4);
  return counter.window === 'all' ? [year, 'all'] : [year];
}

/** Adds `delta` to the running totals of `key` for `scope`, its ancestors and the province (creating them: 0 is a value). */
function addTotal(catalog: Catalog, state: Projection, key: string, window: string, scope: string, delta: number): void {
  const sums = ((state.totals[key] ??= {})[window] ??= {});
  sums[scope] = (sums[scope] ?? 0) + delta;
  for (const parent of catalog.ancestors.get(scope) ?? []) sums[parent] = (sums[parent] ?? 0) + delta;
  sums[PROVINCE] = (sums[PROVINCE] ?? 0) + delta;
}

/**
 * True when `at` may replace the report in force for the cell (the latest `at` wins; ties go to
 * the later event). A display's copy (display.ts) has no `reportedAt` for what its snapshot
 * brought: there a report later than every one it holds takes over, and one it cannot judge (or
 * for a day it does not hold) marks the copy stale instead, so the display takes a fresh snapshot.
 */
export function takesOver(state: Projection, id: string, scope: string, day: string, at: number): boolean {
  const held = cell(state.reportedAt, id, scope, day);
  if (held !== undefined) return at >= held;
  const display = state.display;
  if (display && (day < display.from || (at <= display.atMost && cell(state.counters, id, scope, day) !== undefined))) {
    display.stale = true;
    return false;
  }
  return true;
}

/** Records a counter report that takes over its cell: its own value and `at`, then the value in force. */
export function reportCounter(catalog: Catalog, state: Projection, counter: CounterIndicator, scope: string, day: string, value: number, at: number, receivedAt: string): void {
  setIn(state.reportedAt, counter.id, scope, day, at);
  noteDay(state, day);
  if (counter.parts) {
    setIn(state.reportedOwn, counter.id, scope, day, value);
    settle(catalog, state, counter, scope, day, receivedAt);
  } else setValue(catalog, state, counter, scope, day, value, receivedAt);
}

/** Recomputes a whole's value in force from its own report and its parts, and flags a disagreement. */
function settle(catalog: Catalog, state: Projection, whole: CounterIndicator, scope: string, day: string, receivedAt: string): void {
  const parts = (whole.parts ?? []).map((p) => cell(state.counters, p, scope, day));
  const own = cell(state.reportedOwn, whole.id, scope, day);
  const complete = parts.every((v) => v !== undefined);
  const sum = complete ? parts.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
  flag(state, qualityId(scope, `${whole.id}:${day}`), sum !== undefined && own !== undefined && own !== sum, () => ({ reason: 'parts', unit: scope, since: receivedAt, indicator: whole.id, day }));
  setValue(catalog, state, whole, scope, day, sum ?? own, receivedAt);
}

/** Sets the value in force of a cell and carries the change to totals, wholes, restricted denominators and flags. */
function setValue(catalog: Catalog, state: Projection, counter: CounterIndicator, scope: string, day: string, value: number | undefined, receivedAt: string): void {
  const old = cell(state.counters, counter.id, scope, day);
  if (old === value) return;
  setIn(state.counters, counter.id, scope, day, value);
  for (const window of windowsOf(counter, day)) addTotal(catalog, state, counter.id, window, scope, (value ?? 0) - (old ?? 0));
  for (const ratioId of catalog.ratiosOf.get(counter.id) ?? []) {
    const ratio = catalog.indicators.get(ratioId);
    if (ratio?.kind !== 'ratio') continue;
    const num = cell(state.counters, ratio.numerator, scope, day);
    const den = cell(state.counters, ratio.denominator, scope, day);
    flag(state, qualityId(scope, `${ratio.id}:${day}`), num !== undefined && den !== undefined && num > den, () => ({ reason: 'above_total', unit: scope, since: receivedAt, indicator: ratio.id, day }));
    const denCounter = catalog.indicators.get(ratio.denominator);
    if (ratio.denominatorScopes !== 'numerator' || denCounter?.kind !== 'counter') continue;
    // The denominator counts only where a numerator is in force: the contribution of this cell before and after.
    const wasNum = counter.id === ratio.numerator ? old !== undefined : num !== undefined;
    const wasDen = counter.id === ratio.denominator ? old : den;
    const before = wasNum ? (wasDen ?? 0) : 0;
    const after = num !== undefined ? (den ?? 0) : 0;
    if (before !== after || (num !== undefined && !wasNum)) for (const window of windowsOf(denCounter, day)) addTotal(catalog, state, ratio.id, window, scope, after - before);
  }
  for (const wholeId of catalog.wholesOf.get(counter.id) ?? []) {
    const whole = catalog.indicators.get(wholeId);
    if (whole?.kind === 'counter') settle(catalog, state, whole, scope, day, receivedAt);
  }
}

/** Raises or clears a flag; the entry is built only when raised (this runs on every report). */
function flag(state: Projection, id: string, on: boolean, entry: () => Projection['quality'][string]): void {
  if (on) {
    if (!(id in state.quality)) state.quality[id] = entry();
  } else if (id in state.quality) delete state.quality[id];
}

/** Gauge values in the running sum are ten-thousandths, so adding and taking away stays exact. */
const SCALE = 10_000;

/** Records a gauge's latest value for a scope and keeps the province's sum, count and latest value. */
export function reportGauge(state: Projection, gauge: GaugeIndicator, scope: string, value: number, at: string): void {
  const scopes = (state.gauges[gauge.id] ??= {});
  const held = scopes[scope];
  if (held && held.at > at) return;
  scopes[scope] = { value, at };
  const total = (state.gaugeTotals[gauge.id] ??= { sum: 0, count: 0, latest: { value, at } });
  total.sum += Math.round(value * SCALE) - (held ? Math.round(held.value * SCALE) : 0);
  if (!held) total.count++;
  if (at >= total.latest.at) total.latest = { value, at };
}

/** The province value of a gauge from its running figures; null before any report. */
export function gaugeValue(state: Projection, gauge: GaugeIndicator): number | null {
  const total = state.gaugeTotals[gauge.id];
  if (!total || total.count === 0) return null;
  if (gauge.aggregate === 'latest') return total.latest.value;
  return gauge.aggregate === 'mean' ? total.sum / SCALE / total.count : total.sum / SCALE;
}

/**
 * Drops per-day values older than `from` (their sums stay in the totals): run when the day moves
 * on, so its cost is once a day, not once an event.
 */
export function foldBefore(state: Projection, from: string): void {
  if (state.keptFrom !== null && state.keptFrom >= from) return;
  state.keptFrom = from;
  if (state.oldestDay === null || state.oldestDay >= from) return;
  let oldest: string | null = null;
  for (const map of [state.counters, state.reportedAt, state.reportedOwn]) {
    for (const scopes of Object.values(map)) {
      for (const days of Object.values(scopes)) {
        for (const day in days) {
          if (day < from) delete days[day];
          else if (oldest === null || day < oldest) oldest = day;
        }
      }
    }
  }
  state.oldestDay = oldest;
  for (const [id, entry] of Object.entries(state.quality)) if (entry.day !== undefined && entry.day < from) delete state.quality[id];
}
