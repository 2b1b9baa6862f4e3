import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { apply, createProjection, derive } from '../projection';
import { buildBriefing, forecastAll, willMissIds } from './index';
import { catalog, dossiers, logOf, stateAt } from './briefing.fixture';

// Baseline: the mark at seq 12 (1 April, 13:00 local). Shown: the mark at seq 23 (8 April, 10:00 local).
const log = logOf([
  ...dossiers('a', '2024-04-01', 50, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('b', '2024-04-01', 60, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('c', '2024-04-01', 30, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('x', '2024-04-01', 90, 100, '2024-04-01T03:00:00.000Z'),
  { type: 'indicator.reported', unit: 'x', indicator: 'services', value: 10, period: '2024-04-01', receivedAt: '2024-04-01T03:00:00.000Z' },
  { type: 'progress.reported', unit: 'a', item: 't1', status: 'in_progress', percent: 45, note: 'waiting for funds', receivedAt: '2024-04-01T04:00:00.000Z' },
  { type: 'note.posted', unit: 'b', text: 'before', severity: 'info', receivedAt: '2024-04-01T05:00:00.000Z' },
  { type: 'briefing.marked', unit: 'y', title: 'Weekly 1', receivedAt: '2024-04-01T06:00:00.000Z' },
  ...dossiers('a', '2024-04-02', 100, 100, '2024-04-02T03:00:00.000Z'),
  { type: 'indicator.reported', unit: 'x', indicator: 'services', value: 8, period: '2024-04-02', receivedAt: '2024-04-02T03:00:00.000Z' },
  { type: 'progress.reported', unit: 'x', item: 'm1', status: 'done', receivedAt: '2024-04-02T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'b', item: 'm2', status: 'blocked', receivedAt: '2024-04-02T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'y', item: 'm3', status: 'in_progress', percent: 15, receivedAt: '2024-04-02T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'a', item: 't2', status: 'in_progress', percent: 60, receivedAt: '2024-04-02T05:00:00.000Z' },
  { type: 'note.posted', unit: 'x', text: 'after', severity: 'warning', receivedAt: '2024-04-02T06:00:00.000Z' },
  { type: 'alert.acknowledged', unit: 'x', alert: 'overdue:t1', receivedAt: '2024-04-02T07:00:00.000Z' },
  { type: 'progress.reported', unit: 'a', item: 't2', status: 'in_progress', percent: 62, receivedAt: '2024-04-03T05:00:00.000Z' },
  { type: 'briefing.marked', unit: 'y', title: 'Weekly 2', receivedAt: '2024-04-08T03:00:00.000Z' },
]);
const before = stateAt(log, 12);
const after = stateAt(log, log.length);
const briefing = buildBriefing(catalog, before, after);

describe('buildBriefing(): changes since the baseline', () => {
  it('gives each headline indicator its signed change, in percentage points for a rate', () => {
    const [rate, services] = briefing.headline;
    // 230/400 = 57.5% then 330/500 = 66%: +8.5 points.
    expect(rate).toMatchObject({ id: 'rate', format: 'percent', before: 0.575, value: 0.66, trend: 'up', better: true });
    expect(rate!.change).toBeCloseTo(8.5, 10);
    expect(services).toMatchObject({ id: 'services', before: 10, value: 8, change: -2, trend: 'down', better: false, target: 20 });
  });

  it('gives no change at all without a baseline', () => {
    const alone = buildBriefing(catalog, null, after);
    expect(alone.headline[0]).toMatchObject({ before: null, change: null, trend: null, better: null });
    expect(alone.models.countsBefore).toBeNull();
    expect(alone.models.movedToDone).toEqual([]);
    expect(alone.rankings.locality.every((r) => r.move === null)).toBe(true);
  });

  it('lists the models that moved to done, the new blockers and the unblocked, and calls out those to accelerate', () => {
    const { models } = briefing;
    expect(models.byStatus).toEqual({ done: ['m1'], in_progress: ['m3'], not_started: [], blocked: ['m2'] });
    expect(models.countsBefore).toEqual({ done: 0, in_progress: 2, not_started: 0, blocked: 1 });
    expect([models.movedToDone, models.newBlockers, models.unblocked]).toEqual([['m1'], ['m2'], ['m3']]);
    expect(models.accelerate.map((m) => [m.id, m.statusBefore, m.status, m.change])).toEqual([
      ['m1', 'in_progress', 'done', 20],
      ['m3', 'blocked', 'in_progress', 5],
    ]);
  });

  it("gives each group's tasks done, mean percent, overdue and at-risk, now and at the baseline", () => {
    const [g1, g2] = briefing.plan.groups;
    expect(g1).toMatchObject({ id: 'g1', tasks: 2, done: 0, doneBefore: 0, percent: (45 + 62) / 2, percentBefore: (45 + 50) / 2, overdue: 1, atRisk: 1 });
    expect(g1!.items.find((i) => i.id === 't2')).toMatchObject({ percentBefore: 50, percent: 62, change: 12 });
    expect(g2).toMatchObject({ tasks: 2, done: 1, doneBefore: 1, percent: 85, overdue: 1, atRisk: 0 });
    expect(briefing.plan).toMatchObject({ tasks: 4, done: 1, doneBefore: 1 });
  });

  it('groups late items by lead unit and official, with days late, last report, note and forecast', () => {
    const [a, x] = briefing.late;
    expect(a).toMatchObject({ unit: 'a', overdue: 1, items: 2 });
    expect(a!.officials.map((o) => [o.official?.en, o.items.map((i) => i.id)])).toEqual([
      ['Chair, A', ['t1']],
      ['Deputy, A', ['t2']],
    ]);
    expect(a!.officials[0]!.items[0]).toMatchObject({ overdue: true, daysLate: 3, lastReportAt: '2024-04-01T04:00:00.000Z', note: 'waiting for funds', isNew: false, forecast: { kind: 'unknown', reason: 'few_reports' } });
    // t2: 60% then 62% a day later: 2 points a day, 38 left -> 22 April, after its due day (12 April).
    expect(a!.officials[1]!.items[0]).toMatchObject({ atRisk: true, willMiss: true, isNew: true, forecast: { kind: 'projected', day: '2024-04-22' } });
    expect(x).toMatchObject({ unit: 'x', overdue: 1, items: 1 });
    expect(x!.officials[0]).toMatchObject({ official: null, items: [{ id: 't4', daysLate: 2 }] });
  });

  it('names the items forecast to miss their due day, for the wall', () => {
    expect([...willMissIds(catalog, after)]).toEqual(['t2']);
    // On 1 April t2 had one report at most: no forecast, no flag.
    expect([...willMissIds(catalog, before)]).toEqual([]);
  });

  it('ranks localities and agencies by rate with their movement in rank', () => {
    expect(briefing.rankings.locality.map((r) => [r.unit, r.rank, r.rankBefore, r.move])).toEqual([
      ['a', 1, 2, 1],
      ['b', 2, 1, -1],
      ['c', 3, 3, 0],
    ]);
    expect(briefing.rankings.locality[0]!.change).toBeCloseTo(25, 10);
    // An enterprise ranks with the agencies; one without data comes last, unranked.
    expect(briefing.rankings.agency.map((r) => [r.unit, r.rank, r.value])).toEqual([
      ['x', 1, 0.9],
      ['y', null, null],
    ]);
  });

  it('lists silent units, longest first, and those that went silent since the baseline', () => {
    expect(briefing.silent.map((s) => s.unit)).toEqual(['a1', 'c', 'b', 'x', 'a']);
    expect(briefing.silent[0]).toMatchObject({ lastReportAt: null, silentForHours: 7 * 24, isNew: true });
    expect(briefing.silent.find((s) => s.unit === 'a')?.silentForHours).toBe(5 * 24 - 2);
  });

  it('lists notes and acknowledgements since the baseline only', () => {
    expect(briefing.since.notes.map((n) => n.text)).toEqual(['after']);
    expect(briefing.since.acks).toEqual([{ alert: 'overdue:t1', at: '2024-04-02T07:00:00.000Z', unit: 'x', note: null }]);
    expect(briefing.since.notesTruncated).toBe(false);
    expect(buildBriefing(catalog, null, after).since.notes.map((n) => n.text)).toEqual(['after', 'before']);
  });
});


describe('a dated starting state (initial.at)', () => {
  const dated = catalogOf({
    ...catalog.config,
    items: catalog.config.items.map((i) =>
      i.id === 't2' ? { ...i, initial: { ...i.initial, at: '2024-03-29T09:00:00.000Z' } } : i.id === 't3' ? { ...i, initial: { ...i.initial, at: '2024-03-20T02:00:00.000Z' } } : i,
    ),
  });

  it('is the first point of the forecast, so one later report a day apart gives a pace; flat since then, due soon, is stalled', () => {
    const start = createProjection(dated);
    expect(start.items.t2).toEqual({ status: 'in_progress', percent: 50, updatedAt: '2024-03-29T09:00:00.000Z', history: [{ at: '2024-03-29T09:00:00.000Z', percent: 50 }] });
    const moving = createProjection(dated);
    apply(dated, moving, logOf([{ type: 'progress.reported', unit: 'a', item: 't2', status: 'in_progress', percent: 60, receivedAt: '2024-04-03T09:00:00.000Z' }])[0]!);
    expect(forecastAll(dated, derive(dated, moving, Date.parse('2024-04-03T10:00:00Z'))).t2).toMatchObject({ kind: 'projected', perDay: 2, reports: 2 });
    const flat = createProjection(dated);
    apply(dated, flat, logOf([{ type: 'progress.reported', unit: 'a', item: 't2', status: 'in_progress', percent: 50, receivedAt: '2024-04-03T09:00:00.000Z' }])[0]!);
    const view = derive(dated, flat, Date.parse('2024-04-06T10:00:00Z'));
    expect(forecastAll(dated, view).t2).toEqual({ kind: 'stalled', perDay: 0, reports: 2 });
    expect(willMissIds(dated, view).has('t2')).toBe(true);
  });

  it('dates an item that starts done', () => {
    const view = derive(dated, createProjection(dated), Date.parse('2024-04-06T10:00:00Z'));
    expect(view.items.t3?.updatedAt).toBe('2024-03-20T02:00:00.000Z');
    expect(forecastAll(dated, view).t3).toEqual({ kind: 'done', at: '2024-03-20T02:00:00.000Z' });
  });
});
