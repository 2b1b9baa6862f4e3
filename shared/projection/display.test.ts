import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastQuarter } from '../briefing/items';
import { scorecard } from '../briefing/scorecard';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { StoredEvent } from '../events';
import { addDays } from '../time';
import { apply, createProjection, dailyTrend, derive, DISPLAY_DAYS, DISPLAY_SCOPE_DAYS, displayProjection, displayScopeDays, restoreDisplay, type Projection } from './index';

// Issue 21 point 2: a display's projection, once it has applied later events, shows what the full one shows.

const config = ProvinceConfigSchema.parse({
  province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['en'],
  defaultLocale: 'en',
  keepDays: 60,
  units: [
    { id: 'a', kind: 'locality', name: { en: 'A' } },
    { id: 'b', kind: 'locality', name: { en: 'B' } },
    { id: 'a1', kind: 'locality', name: { en: 'A1' }, parent: 'a' },
  ],
  indicators: [
    { id: 'online', kind: 'counter', name: { en: 'Online' }, parts: ['full', 'partial'] },
    { id: 'full', kind: 'counter', name: { en: 'Full' } },
    { id: 'partial', kind: 'counter', name: { en: 'Partial' } },
    { id: 'total', kind: 'counter', name: { en: 'Total' } },
    { id: 'rate', kind: 'ratio', name: { en: 'Rate' }, numerator: 'online', denominator: 'total', thresholds: { warn: 0.8, bad: 0.5 } },
    { id: 'full_rate', kind: 'ratio', name: { en: 'Full rate' }, numerator: 'full', denominator: 'total', denominatorScopes: 'numerator' },
    { id: 'level', kind: 'gauge', name: { en: 'Level' }, min: 0, max: 100 },
  ],
  groups: [{ id: 'g', name: { en: 'G' } }],
  items: [
    { id: 't1', kind: 'task', group: 'g', title: { en: 'T1' }, lead: 'a', due: '2024-03-20' },
    { id: 't2', kind: 'task', group: 'g', title: { en: 'T2' }, lead: 'b', due: '2024-06-30' },
    { id: 't3', kind: 'task', group: 'g', title: { en: 'T3' }, lead: 'a1', due: '2024-05-01', initial: { status: 'in_progress', percent: 10, at: '2024-01-10T00:00:00Z' } },
  ],
});
const catalog = catalogOf(config);
const TODAY = '2024-04-02';
/** Every event arrives on 2 April (province time), from 07:00. */
const START = Date.parse('2024-04-02T00:00:00Z');
const UNITS = ['a', 'b', 'a1'];

/**
 * What a display's screens show of a projection at `now`: the wall's values, trend and quarter and
 * the briefing's scorecard (a unit's console, which reads a scope's days, gets the full projection).
 */
function screens(p: Projection, now: number, wall: boolean) {
  const view = derive(catalog, p, now);
  return {
    indicators: view.indicators,
    items: view.items,
    units: view.units,
    alerts: view.alerts,
    recent: view.recent,
    trends: ['rate', 'full_rate'].map((id) => dailyTrend(catalog, view, id, 30)),
    quarter: lastQuarter(catalog, view),
    ...(wall ? {} : { scorecard: scorecard(catalog, view) }),
  };
}

/** A display's projection as it arrives: through JSON, made whole from the config; holding the fewest per-scope days (as the nation's do), so the trend's sums are exercised. */
const received = (full: Projection, now: number, wall: boolean, scopeDays = DISPLAY_SCOPE_DAYS): Projection => restoreDisplay(catalog, JSON.parse(JSON.stringify(displayProjection(catalog, full, now, wall ? 'wall' : 'any', scopeDays))) as Projection);

type Step =
  | { kind: 'counter'; indicator: string; scope: string; daysBack: number; value: number; atBack: number }
  | { kind: 'gauge'; scope: string; value: number }
  | { kind: 'progress'; item: string; percent: number; blocked: boolean; note: string | null };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('counter' as const), indicator: fc.constantFrom('online', 'full', 'partial', 'total'), scope: fc.constantFrom(...UNITS), daysBack: fc.constantFrom(0, 0, 1, 1, DISPLAY_SCOPE_DAYS, 9, DISPLAY_DAYS - 1, DISPLAY_DAYS, 40), value: fc.integer({ min: 0, max: 60 }), atBack: fc.constantFrom(0, 0, 0, 600_000, 86_400_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gauge' as const), scope: fc.constantFrom(...UNITS), value: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(12.5)) }) },
  // Notes with the characters a packed item uses as separators; percents with fractions.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('progress' as const),
      item: fc.constantFrom('t1', 't2', 't3'),
      percent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(33.3)),
      blocked: fc.boolean(),
      note: fc.option(fc.constantFrom('', 'on track', 'a|b, c')),
    }),
  },
);

/** The steps as stored events, a minute apart; `atBack` puts a report's `at` that far before its arrival. */
function events(steps: Step[]): StoredEvent[] {
  return steps.map((s, i) => {
    const ms = START + (i + 1) * 60_000;
    const receivedAt = new Date(ms).toISOString();
    const base = { id: `e${i + 1}`, seq: i + 1, receivedAt, by: 'k' };
    if (s.kind === 'progress') {
      const status = s.percent === 100 ? 'done' : s.blocked ? 'blocked' : 'in_progress';
      return { ...base, type: 'progress.reported', unit: 'a', item: s.item, status, percent: s.percent, at: receivedAt, ...(s.note !== null ? { note: s.note } : {}) };
    }
    if (s.kind === 'gauge') return { ...base, type: 'indicator.reported', unit: s.scope, indicator: 'level', value: s.value, period: TODAY, at: receivedAt };
    return { ...base, type: 'indicator.reported', unit: s.scope, indicator: s.indicator, value: s.value, period: addDays(TODAY, -s.daysBack), at: new Date(ms - s.atBack).toISOString() };
  });
}

/** Applies `log` to the full projection, takes a display's copy after `split` events, then applies the rest to both, resyncing the copy when it asks. */
function follow(log: StoredEvent[], split: number, wall: boolean, scopeDays = DISPLAY_SCOPE_DAYS): { full: Projection; shown: Projection; resyncs: number } {
  const full = createProjection(catalog);
  for (const e of log.slice(0, split)) apply(catalog, full, e);
  let shown = received(full, START + split * 60_000, wall, scopeDays);
  let resyncs = 0;
  for (const e of log.slice(split)) {
    apply(catalog, full, e);
    apply(catalog, shown, e);
    if (shown.display?.stale) {
      resyncs += 1;
      shown = received(full, Date.parse(e.receivedAt), wall, scopeDays);
    }
  }
  return { full, shown, resyncs };
}

describe("a display's projection", () => {
  it('after any later events (and the resyncs it asks for) shows the same values as the full projection', () => {
    fc.assert(
      // Holding the fewest per-scope days (as the nation's displays do: the trend's sums at work) or as many as this small province's do (all 31).
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), fc.nat(), fc.boolean(), fc.constantFrom(DISPLAY_SCOPE_DAYS, displayScopeDays(catalog)), (steps, cut, wall, scopeDays) => {
        const log = events(steps);
        const { full, shown } = follow(log, cut % (log.length + 1), wall, scopeDays);
        const now = START + (log.length + 1) * 60_000;
        expect(screens(shown, now, wall)).toEqual(screens(full, now, wall));
        // Days later, with no event since: the trend's window has moved over the days the copy holds per scope and as sums.
        const later = now + 3 * 86_400_000;
        expect(screens(shown, later, wall)).toEqual(screens(full, later, wall));
      }),
      { numRuns: 300 },
    );
  });

  it('carries items, units, gauges, per-scope days and totals packed, and restores them exactly', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const log = events(steps);
        const full = createProjection(catalog);
        for (const e of log) apply(catalog, full, e);
        // Every day kept, so the per-scope days compare whole.
        const sent = displayProjection(catalog, full, START + (log.length + 1) * 60_000, 'wall', 1_000);
        expect([sent.items, sent.units, sent.gauges, sent.counters, sent.reportedOwn, sent.totals]).toEqual([{}, {}, {}, {}, {}, {}]);
        const shown = restoreDisplay(catalog, JSON.parse(JSON.stringify(sent)) as Projection);
        expect(shown.display?.packed).toBeUndefined();
        const parts = (p: Projection) => ({ items: p.items, units: p.units, gauges: p.gauges, counters: p.counters, reportedOwn: p.reportedOwn, totals: p.totals });
        expect(parts(shown)).toEqual(parts(full));
      }),
      { numRuns: 200 },
    );
  });

  it('holds a scope\'s last DISPLAY_SCOPE_DAYS days, older trend days as sums, no reportedAt, and neither items at their planned start nor units that never reported', () => {
    const log = events([
      { kind: 'counter', indicator: 'total', scope: 'a', daysBack: 40, value: 5, atBack: 0 },
      { kind: 'counter', indicator: 'total', scope: 'a', daysBack: 0, value: 7, atBack: 0 },
      { kind: 'progress', item: 't2', percent: 30, blocked: false, note: null },
      { kind: 'counter', indicator: 'total', scope: 'a', daysBack: DISPLAY_SCOPE_DAYS, value: 4, atBack: 0 },
      { kind: 'counter', indicator: 'full', scope: 'a1', daysBack: DISPLAY_SCOPE_DAYS, value: 1, atBack: 0 },
      { kind: 'counter', indicator: 'total', scope: 'b', daysBack: DISPLAY_SCOPE_DAYS, value: 3, atBack: 0 },
      { kind: 'counter', indicator: 'total', scope: 'a1', daysBack: DISPLAY_SCOPE_DAYS, value: 2, atBack: 0 },
    ]);
    const full = createProjection(catalog);
    for (const e of log) apply(catalog, full, e);
    const shown = displayProjection(catalog, full, START + 8 * 60_000, 'any', DISPLAY_SCOPE_DAYS);
    const older = addDays(TODAY, -DISPLAY_SCOPE_DAYS);
    // `total` summed over every scope; `full_rate`'s denominator only where `full` was reported (a1).
    const sums = { total: { [older]: 9 }, online: {}, full: { [older]: 1 }, full_rate: { [older]: 2 } };
    // A briefing screen's arrivals, packed: a character per day of the scorecard's 14 (and today), per unit in the config's order.
    const arrived = { from: addDays(TODAY, -14), units: ['............l.t', '............l', '............l'] };
    const { packed, ...hold } = shown.display!;
    expect(hold).toEqual({ from: addDays(TODAY, -(DISPLAY_SCOPE_DAYS - 1)), atMost: Date.parse(log[1]!.at), sums, arrived });
    const restored = restoreDisplay(catalog, structuredClone(shown));
    expect(restored.scoring.arrivals).toEqual({ a: { [older]: false, [TODAY]: true }, b: { [older]: false }, a1: { [older]: false } });
    // Packed: per unit in the config's order (a, b, a1), items in theirs (t2 reported: 30% at 07:03, the third event).
    expect(packed?.counters.total).toEqual({ [TODAY]: { units: [7] } });
    expect(packed?.items).toEqual([0, `i30,${(Date.parse(log[6]!.receivedAt) - Date.parse(log[2]!.at)).toString(36)}`, 0]);
    expect([shown.counters, shown.reportedAt, shown.items, shown.units, shown.totals, shown.gauges]).toEqual([{}, {}, {}, {}, {}, {}]);
    expect(restored.counters.total).toEqual({ a: { [TODAY]: 7 } });
    expect([Object.keys(restored.items), restored.units]).toEqual([['t2', 't1', 't3'], full.units]);
    // The older day still counts in the totals the screens read.
    expect(restored.totals.total!['2024']!.a).toBe(18);
  });

  it('holds as many per-scope days as fit its budget: all 31 for a province, the fewest for the nation', () => {
    expect(displayScopeDays(catalog)).toBe(DISPLAY_DAYS);
    const units = Array.from({ length: 3_355 }, (_, i) => ({ id: `u${i}`, kind: 'locality' as const, name: { en: `U${i}` } }));
    const nation = catalogOf(ProvinceConfigSchema.parse({ ...config, units, items: [], groups: [] }));
    expect(displayScopeDays(nation)).toBe(DISPLAY_SCOPE_DAYS);
    // A correction to last week is applied in place by a province's display, with no snapshot.
    const log = events([{ kind: 'counter', indicator: 'total', scope: 'b', daysBack: 7, value: 5, atBack: 0 }]);
    const full = createProjection(catalog);
    apply(catalog, full, log[0]!);
    const shown = received(full, START + 2 * 60_000, true, displayScopeDays(catalog));
    const correction: StoredEvent = { ...log[0]!, id: 'c', seq: 2, value: 8, at: new Date(START + 2 * 60_000).toISOString(), receivedAt: new Date(START + 3 * 60_000).toISOString() } as StoredEvent;
    apply(catalog, full, correction);
    apply(catalog, shown, correction);
    expect(shown.display?.stale).toBeUndefined();
    expect(shown.totals.total!['2024']!.b).toBe(full.totals.total!['2024']!.b);
  });

  it('asks for a fresh snapshot for a correction to a day it does not hold, or a report it cannot order; applies a newer report alone', () => {
    const log = events([
      { kind: 'counter', indicator: 'total', scope: 'b', daysBack: 40, value: 5, atBack: 0 },
      { kind: 'counter', indicator: 'total', scope: 'b', daysBack: 1, value: 9, atBack: 0 },
    ]);
    const full = createProjection(catalog);
    for (const e of log) apply(catalog, full, e);
    const fresh = () => received(full, START + 3 * 60_000, true);
    const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();
    const report = (seq: number, period: string, value: number, atMinutes: number): StoredEvent => ({ id: `r${seq}`, seq, type: 'indicator.reported', unit: 'b', indicator: 'total', value, period, at: at(atMinutes), receivedAt: at(seq + 2), by: 'k' });
    // A newer report for a held day: applied alone, the same totals as the server's.
    const newer = fresh();
    apply(catalog, newer, report(3, addDays(TODAY, -1), 11, 3));
    expect([newer.display?.stale, newer.counters.total!.b![addDays(TODAY, -1)], newer.totals.total!['2024']!.b]).toEqual([undefined, 11, 16]);
    // A correction to the 40-day-old day: not held, so stale.
    const old = fresh();
    apply(catalog, old, report(3, addDays(TODAY, -40), 6, 3));
    expect(old.display?.stale).toBe(true);
    // A report whose `at` is before the latest held: the copy cannot tell whether it takes over.
    const late = fresh();
    apply(catalog, late, report(3, addDays(TODAY, -1), 1, 1));
    expect(late.display?.stale).toBe(true);
  });
});
