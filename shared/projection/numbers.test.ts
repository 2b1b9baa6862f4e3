import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { IocEvent, StoredEvent } from '../events';
import { checkEvent, checkEvents } from '../validate';
import { apply, createProjection, derive, parseProjection, serializeProjection } from './index';

// Issue 19 points 1, 3, 4 and 5 (the reducer's half), each reproduction as a test.

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
  groups: [],
  items: [],
});
const catalog = catalogOf(config);
const NOW = Date.parse('2024-04-02T08:00:00Z');

type Report = { indicator: string; value: number; period: string; scope?: string; unit?: string; at?: string; receivedAt?: string };

function event({ indicator, value, period, scope = 'a', unit = scope, at = '2024-04-02T07:00:00Z' }: Report, id = 'x'): IocEvent {
  return { id, type: 'indicator.reported', unit, at, indicator, value, period, scope };
}

/** The events as a log holds them, in order, seq 1, 2, 3, ... */
function log(reports: Report[]): StoredEvent[] {
  return reports.map((r, i) => ({ ...event(r, `e${i + 1}`), seq: i + 1, receivedAt: r.receivedAt ?? `2024-04-02T07:00:${String(i % 60).padStart(2, '0')}.000Z`, by: 'tok' }));
}

function run(reports: Report[]) {
  const state = createProjection(catalog);
  for (const e of log(reports)) apply(catalog, state, e);
  return { state, view: derive(catalog, state, NOW) };
}

describe('exact totals', () => {
  it('reads 5 after 5, 1e17 (refused, or skipped when already in a log), 5 for one unit and day', () => {
    expect(checkEvent(catalog, event({ indicator: 'total', value: 1e17, period: '2024-04-01' }), NOW)).toEqual([{ path: 'value', message: 'must be at most 10000000', code: 'too_big', params: { maximum: 10000000, value: 1e17 } }]);
    const { state, view } = run([
      { indicator: 'total', value: 5, period: '2024-04-01' },
      { indicator: 'total', value: 1e17, period: '2024-04-01' },
      { indicator: 'total', value: 5, period: '2024-04-01' },
    ]);
    expect(view.indicators.total?.value).toBe(5);
    expect(view.indicators.total?.byScope.a?.value).toBe(5);
    // The skipped event is named in a data-quality alert.
    expect(view.alerts.filter((a) => a.kind === 'data_quality').map((a) => [a.id, a.subject])).toEqual([['quality:a:seq2', 'a']]);
    expect(state.quality['quality:a:seq2']).toMatchObject({ reason: 'invalid', seq: 2 });
  });

  it('reads 0, not "no data", after 1e308 for two days is corrected to 0, and the rate stays a number', () => {
    const { view, state } = run([
      { indicator: 'total', value: 10, period: '2024-03-31' },
      { indicator: 'total', value: 10, period: '2024-04-01' },
      { indicator: 'online', value: 1e308, period: '2024-03-31' },
      { indicator: 'online', value: 1e308, period: '2024-04-01' },
      { indicator: 'online', value: 0, period: '2024-03-31' },
      { indicator: 'online', value: 0, period: '2024-04-01' },
    ]);
    expect(view.indicators.online?.value).toBe(0);
    expect(view.indicators.online?.byScope.a?.value).toBe(0);
    expect(view.indicators.rate?.value).toBe(0);
    // A snapshot round trip keeps every figure (no NaN or Infinity turned into null by JSON).
    const restored = parseProjection(serializeProjection(state))!;
    expect(derive(catalog, restored, NOW).indicators).toEqual(view.indicators);
  });

  it('refuses fractions, out-of-bounds gauges and a period older than keepDays, naming the field', () => {
    expect(checkEvent(catalog, event({ indicator: 'total', value: 2.5, period: '2024-04-01' }), NOW)).toEqual([{ path: 'value', message: 'must be a whole number', code: 'must_be_whole', params: { value: 2.5 } }]);
    expect(checkEvent(catalog, event({ indicator: 'level', value: 101, period: '2024-04-01' }), NOW)).toEqual([{ path: 'value', message: 'must be at most 100', code: 'too_big', params: { maximum: 100, value: 101 } }]);
    expect(checkEvent(catalog, event({ indicator: 'total', value: 1, period: '2024-02-01' }), NOW)).toEqual([{ path: 'period', message: 'is older than the 60-day window (from 2024-02-03)', code: 'period_too_old', params: { keepDays: 60, from: '2024-02-03', day: '2024-02-01' } }]);
    expect(checkEvent(catalog, event({ indicator: 'total', value: 1, period: '2024-02-03' }), NOW)).toEqual([]);
  });
});

describe('the latest report wins, not the last to arrive', () => {
  it('keeps the evening figure when a morning figure from another device arrives after it', () => {
    const { view, state } = run([
      { indicator: 'total', value: 40, period: '2024-04-01', at: '2024-04-01T17:00:00+07:00' },
      { indicator: 'total', value: 12, period: '2024-04-01', at: '2024-04-01T09:00:00+07:00' },
    ]);
    expect(view.indicators.total?.value).toBe(40);
    expect(state.counters.total?.a?.['2024-04-01']).toBe(40);
  });

  it('takes the latest at whichever unit sent it, and the later event on a tie', () => {
    const { view } = run([
      { indicator: 'total', value: 40, period: '2024-04-01', scope: 'a1', unit: 'a1', at: '2024-04-01T17:00:00+07:00' },
      { indicator: 'total', value: 45, period: '2024-04-01', scope: 'a1', unit: 'a', at: '2024-04-01T18:00:00+07:00' },
      { indicator: 'total', value: 46, period: '2024-04-01', scope: 'a1', unit: 'a1', at: '2024-04-01T18:00:00+07:00' },
      { indicator: 'total', value: 30, period: '2024-04-01', scope: 'a1', unit: 'a1', at: '2024-04-01T17:30:00+07:00' },
    ]);
    expect(view.indicators.total?.byScope.a1?.value).toBe(46);
    // The parent's total is its subtree's.
    expect(view.indicators.total?.byScope.a?.value).toBe(46);
  });
});

describe('online above total', () => {
  it("refuses a batch whose online figure is above the same day's total, naming the event and field", () => {
    const batch = [event({ indicator: 'total', value: 10, period: '2024-04-01' }, 'e1'), event({ indicator: 'online', value: 11, period: '2024-04-01' }, 'e2')];
    expect(checkEvents(catalog, batch, NOW)).toEqual([{ index: 1, detail: { path: 'value', message: 'online (11) is above total (10) for a on 2024-04-01', code: 'online_above_total', params: { numerator: 'online', value: 11, denominator: 'total', total: 10, scope: 'a', period: '2024-04-01' } } }]);
    // Parts count as the whole when they are all given.
    const parts = [event({ indicator: 'total', value: 10, period: '2024-04-01' }, 'e1'), event({ indicator: 'full', value: 6, period: '2024-04-01' }, 'e2'), event({ indicator: 'partial', value: 5, period: '2024-04-01' }, 'e3')];
    expect(checkEvents(catalog, parts, NOW).map((p) => p.index)).toEqual([2]);
  });

  it('flags the day when the figures arrive apart, and clears it when corrected', () => {
    const flagged = run([
      { indicator: 'total', value: 10, period: '2024-04-01' },
      { indicator: 'online', value: 11, period: '2024-04-01' },
    ]);
    expect(flagged.view.alerts.filter((a) => a.kind === 'data_quality').map((a) => a.id)).toEqual(['quality:a:rate:2024-04-01']);
    const cleared = run([
      { indicator: 'total', value: 10, period: '2024-04-01' },
      { indicator: 'online', value: 11, period: '2024-04-01' },
      { indicator: 'total', value: 12, period: '2024-04-01' },
    ]);
    expect(cleared.view.alerts.filter((a) => a.kind === 'data_quality')).toEqual([]);
  });
});

describe('full-process and partial online dossiers', () => {
  it('sums the parts where both are in force, keeps a single figure otherwise, and flags a whole that disagrees', () => {
    const { view } = run([
      { indicator: 'full', value: 3, period: '2024-04-01', scope: 'a' },
      { indicator: 'partial', value: 4, period: '2024-04-01', scope: 'a' },
      { indicator: 'online', value: 9, period: '2024-04-01', scope: 'b' },
      { indicator: 'online', value: 8, period: '2024-04-01', scope: 'a' },
    ]);
    expect(view.indicators.online?.byScope.a?.value).toBe(7);
    expect(view.indicators.online?.byScope.b?.value).toBe(9);
    expect(view.indicators.online?.value).toBe(16);
    expect(view.alerts.filter((a) => a.kind === 'data_quality').map((a) => a.id)).toEqual(['quality:a:online:2024-04-01']);
  });

  it('refuses a batch of all three that disagree', () => {
    const batch = [event({ indicator: 'online', value: 8, period: '2024-04-01' }, 'e1'), event({ indicator: 'full', value: 3, period: '2024-04-01' }, 'e2'), event({ indicator: 'partial', value: 4, period: '2024-04-01' }, 'e3')];
    expect(checkEvents(catalog, batch, NOW)).toEqual([{ index: 0, detail: { path: 'value', message: 'online is 8 but its parts (full, partial) add up to 7 for a on 2024-04-01', code: 'parts_sum_differs', params: { indicator: 'online', value: 8, parts: 'full, partial', sum: 7, scope: 'a', period: '2024-04-01' } } }]);
  });

  it('divides the full-process rate by the totals of the units that report full-process figures only', () => {
    const { view } = run([
      { indicator: 'full', value: 3, period: '2024-04-01', scope: 'a' },
      { indicator: 'partial', value: 1, period: '2024-04-01', scope: 'a' },
      { indicator: 'total', value: 10, period: '2024-04-01', scope: 'a' },
      { indicator: 'online', value: 30, period: '2024-04-01', scope: 'b' },
      { indicator: 'total', value: 40, period: '2024-04-01', scope: 'b' },
    ]);
    expect(view.indicators.rate?.value).toBe(34 / 50);
    expect(view.indicators.full_rate?.value).toBe(3 / 10);
    expect(view.indicators.full_rate?.byScope.b).toBeUndefined();
  });
});

describe('keepDays', () => {
  it('folds days older than the window into the totals and skips a report for a folded day', () => {
    const { view, state } = run([
      { indicator: 'total', value: 7, period: '2024-01-10', receivedAt: '2024-01-10T05:00:00.000Z' },
      { indicator: 'total', value: 3, period: '2024-04-01' },
      { indicator: 'total', value: 100, period: '2024-01-10' },
    ]);
    expect(state.counters.total?.a?.['2024-01-10']).toBeUndefined();
    expect(view.indicators.total?.value).toBe(10);
    expect(view.alerts.filter((a) => a.kind === 'data_quality').map((a) => a.id)).toEqual(['quality:a:seq3']);
  });
});
