import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { IocEvent, StoredEvent } from '../events';
import { apply, createProjection, derive } from './index';
import { countByStatus, dailyTrend, headlineValues, lateItems, lateItemsByUnit, planProgress, ranking, recentEvents, sortedAlerts, tileGrid } from './selectors';

const config = ProvinceConfigSchema.parse({
  province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['en'],
  defaultLocale: 'en',
  alerts: { silentAfterHours: 1000, atRiskDays: 7, atRiskBelowPercent: 80 },
  units: [
    { id: 'a', kind: 'locality', name: { en: 'A' }, tile: { row: 0, col: 0 } },
    { id: 'b', kind: 'locality', name: { en: 'B' }, tile: { row: 1, col: 2 } },
    { id: 'c', kind: 'locality', name: { en: 'C' }, tile: { row: 0, col: 1 } },
    { id: 'dept', kind: 'agency', name: { en: 'Dept' } },
  ],
  indicators: [
    { id: 'online', kind: 'counter', name: { en: 'Online' } },
    { id: 'total', kind: 'counter', name: { en: 'Total' } },
    { id: 'rate', kind: 'ratio', name: { en: 'Rate' }, numerator: 'online', denominator: 'total', target: 0.8, thresholds: { warn: 0.8, bad: 0.5 }, headline: true },
    { id: 'waiting', kind: 'gauge', name: { en: 'Waiting' }, direction: 'down', aggregate: 'sum' },
    { id: 'level', kind: 'gauge', name: { en: 'Level' }, aggregate: 'latest', headline: true },
  ],
  groups: [
    { id: 'g1', name: { en: 'G1' } },
    { id: 'g2', name: { en: 'G2' } },
    { id: 'empty', name: { en: 'Empty' } },
  ],
  items: [
    // On 2024-04-02 (+07:00): t1 overdue, t2 at risk (due in 6 days, 30%), t3 done, t4 fine (due much later).
    { id: 't1', kind: 'task', group: 'g1', title: { en: 'T1' }, lead: 'a', due: '2024-04-01', initial: { status: 'in_progress', percent: 50 } },
    { id: 't2', kind: 'task', group: 'g1', title: { en: 'T2' }, lead: 'b', due: '2024-04-08', initial: { status: 'in_progress', percent: 30 } },
    { id: 't3', kind: 'task', group: 'g2', title: { en: 'T3' }, lead: 'a', due: '2024-03-01', initial: { status: 'done', percent: 100 } },
    { id: 't4', kind: 'task', group: 'g2', title: { en: 'T4' }, lead: 'b', due: '2024-12-31' },
    { id: 'm1', kind: 'model', title: { en: 'M1' }, lead: 'a', due: '2024-03-20', initial: { status: 'in_progress', percent: 10 } },
    { id: 'm2', kind: 'model', title: { en: 'M2' }, lead: 'dept', due: '2024-06-30', initial: { status: 'done', percent: 100 } },
    { id: 'm3', kind: 'model', title: { en: 'M3' }, lead: 'dept', due: '2024-04-05' },
  ],
});
const catalog = catalogOf(config);

/** The derived state after `events` (each numbered in order), at `now`. */
function stateAfter(events: (Partial<IocEvent> & Pick<IocEvent, 'type'>)[], now = '2024-04-02T08:00:00+07:00') {
  const projection = createProjection(catalog);
  events.forEach((event, i) => {
    const stored = { id: `e${i + 1}`, unit: 'a', at: '2024-04-02T07:00:00+07:00', seq: i + 1, receivedAt: '2024-04-02T00:00:00Z', by: 'tok', ...event } as StoredEvent;
    apply(catalog, projection, stored);
  });
  return derive(catalog, projection, Date.parse(now));
}
const count = (indicator: string, scope: string, value: number, period = '2024-04-02') => ({ type: 'indicator.reported' as const, indicator, scope, unit: scope, value, period });
const rates = (...byUnit: [string, number, number][]) => byUnit.flatMap(([unit, online, total]) => [count('online', unit, online), count('total', unit, total)]);

describe('headline, models and plan', () => {
  it('headlineValues() lists the headline indicators in config order, nodata where nothing was reported', () => {
    const state = stateAfter(rates(['a', 9, 10]));
    expect(headlineValues(catalog, state)).toEqual([
      { id: 'rate', value: 0.9, status: 'ok' },
      { id: 'level', value: null, status: 'nodata' },
    ]);
  });

  it('countByStatus() counts one kind of item by status, with overdue and at-risk counts', () => {
    const models = countByStatus(stateAfter([]), 'model');
    expect(models).toEqual({ total: 3, byStatus: { done: 1, in_progress: 1, not_started: 1, blocked: 0 }, overdue: 1, atRisk: 1 });
    const reported = countByStatus(stateAfter([{ type: 'progress.reported', item: 'm1', status: 'blocked', percent: 10 }]), 'model');
    expect(reported.byStatus).toEqual({ done: 1, in_progress: 0, not_started: 1, blocked: 1 });
  });

  it('planProgress() gives each group the mean percent of its tasks, in config order, including a group without tasks', () => {
    const plan = planProgress(catalog, stateAfter([]));
    expect(plan.tasks).toBe(4);
    expect(plan.done).toBe(1);
    expect(plan.groups).toEqual([
      { id: 'g1', tasks: 2, done: 0, percent: 40, overdue: 1, atRisk: 1 },
      { id: 'g2', tasks: 2, done: 1, percent: 50, overdue: 0, atRisk: 0 },
      { id: 'empty', tasks: 0, done: 0, percent: 0, overdue: 0, atRisk: 0 },
    ]);
    const after = planProgress(catalog, stateAfter([{ type: 'progress.reported', item: 't1', status: 'done', percent: 100 }]));
    expect(after.groups[0]).toEqual({ id: 'g1', tasks: 2, done: 1, percent: 65, overdue: 0, atRisk: 1 });
    expect(after.done).toBe(2);
  });
});

describe('late items', () => {
  it('lateItems() puts overdue items first, then at-risk ones, earliest due first', () => {
    expect(lateItems(stateAfter([])).map((i) => [i.id, i.overdue])).toEqual([
      ['m1', true],
      ['t1', true],
      ['m3', false],
      ['t2', false],
    ]);
  });

  it('lateItemsByUnit() groups late items under their lead unit, most overdue first', () => {
    const byUnit = lateItemsByUnit(stateAfter([]));
    expect(byUnit.map((u) => [u.unit, u.overdue, u.items.map((i) => i.id)])).toEqual([
      ['a', 2, ['m1', 't1']],
      ['b', 0, ['t2']],
      ['dept', 0, ['m3']],
    ]);
  });

  it('lateItems() adds the items forecast to miss their due day, flagged, and flags no overdue one', () => {
    // t3 is done: a stale forecast never lists it.
    const late = lateItems(stateAfter([]), new Set(['t1', 't3', 't4']));
    expect(late.map((i) => [i.id, i.overdue, i.willMiss])).toEqual([
      ['m1', true, false],
      ['t1', true, false],
      ['m3', false, false],
      ['t2', false, false],
      ['t4', false, true],
    ]);
  });

  it('drops an item from the late list once it is reported done', () => {
    const state = stateAfter([{ type: 'progress.reported', item: 'm1', status: 'done', percent: 100, unit: 'a' }]);
    expect(lateItems(state).map((i) => i.id)).toEqual(['t1', 'm3', 't2']);
  });
});

describe('rankings, tiles and trends', () => {
  it('ranking() orders units best first, with the bottom list worst first and never repeating the top', () => {
    const state = stateAfter(rates(['a', 9, 10], ['b', 3, 10], ['c', 6, 10]));
    const r = ranking(catalog, state, 'rate', 1);
    expect(r.ranked).toBe(3);
    expect(r.top.map((u) => [u.id, u.place])).toEqual([['a', 1]]);
    expect(r.bottom.map((u) => [u.id, u.place])).toEqual([['b', 3]]);
    const all = ranking(catalog, state, 'rate', 5);
    expect(all.top.map((u) => u.id)).toEqual(['a', 'c', 'b']);
    expect(all.bottom).toEqual([]);
  });

  it('ranking() puts the lowest first for an indicator where lower is better, and skips units without a value', () => {
    const state = stateAfter([
      { type: 'indicator.reported', indicator: 'waiting', scope: 'a', unit: 'a', value: 30, period: '2024-04-02' },
      { type: 'indicator.reported', indicator: 'waiting', scope: 'b', unit: 'b', value: 5, period: '2024-04-02' },
    ]);
    expect(ranking(catalog, state, 'waiting', 5).top.map((u) => u.id)).toEqual(['b', 'a']);
  });

  it('tileGrid() places the units that have a tile, sized to the largest row and column, nodata where no value', () => {
    const grid = tileGrid(catalog, stateAfter(rates(['b', 1, 4])), 'rate');
    expect(grid.rows).toBe(2);
    expect(grid.cols).toBe(3);
    expect(grid.tiles).toEqual([
      { id: 'a', row: 0, col: 0, value: null, status: 'nodata', check: false },
      { id: 'b', row: 1, col: 2, value: 0.25, status: 'bad', check: false },
      { id: 'c', row: 0, col: 1, value: null, status: 'nodata', check: false },
    ]);
  });

  it('dailyTrend() ends on the day the state was derived at in the province time zone, not in UTC', () => {
    // 2024-04-02 01:00 in Vietnam is still 2024-04-01 in UTC.
    const state = stateAfter([count('online', 'a', 1, '2024-04-02'), count('total', 'a', 3, '2024-04-02')], '2024-04-02T01:00:00+07:00');
    expect(dailyTrend(catalog, state, 'rate', 2)).toEqual([
      { day: '2024-04-01', value: null },
      { day: '2024-04-02', value: 0.3333 },
    ]);
  });
});

describe('alerts and the ticker', () => {
  it('sortedAlerts() puts unacknowledged alerts first, indicators before overdue items, and counts the open ones', () => {
    const state = stateAfter([...rates(['a', 1, 10]), { type: 'alert.acknowledged', alert: 'overdue:t1' }]);
    const { open, alerts } = sortedAlerts(state);
    expect(alerts.map((a) => [a.id, a.acknowledged])).toEqual([
      ['indicator:rate', false],
      ['overdue:m1', false],
      ['overdue:t1', true],
    ]);
    expect(open).toBe(2);
  });

  it('recentEvents() gives the latest events newest first, at most `limit`', () => {
    const state = stateAfter([count('online', 'a', 1), count('online', 'a', 2), count('online', 'a', 3)]);
    expect(recentEvents(state, 2).map((e) => e.seq)).toEqual([3, 2]);
  });
});
