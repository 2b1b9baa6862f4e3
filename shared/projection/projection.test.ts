import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { IocEvent, StoredEvent } from '../events';
import { apply, createProjection, derive } from './index';

const config = ProvinceConfigSchema.parse({
  province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['en'],
  defaultLocale: 'en',
  alerts: { silentAfterHours: 24, atRiskDays: 7, atRiskBelowPercent: 80 },
  units: [
    { id: 'a', kind: 'locality', name: { en: 'A' } },
    { id: 'b', kind: 'locality', name: { en: 'B' } },
    { id: 'a1', kind: 'locality', name: { en: 'A1' }, parent: 'a' },
  ],
  indicators: [
    { id: 'online', kind: 'counter', name: { en: 'Online' } },
    { id: 'total', kind: 'counter', name: { en: 'Total' } },
    { id: 'rate', kind: 'ratio', name: { en: 'Rate' }, numerator: 'online', denominator: 'total', target: 0.8, thresholds: { warn: 0.8, bad: 0.5 } },
    { id: 'level', kind: 'gauge', name: { en: 'Level' }, aggregate: 'latest' },
    { id: 'waiting', kind: 'gauge', name: { en: 'Waiting' }, direction: 'down', thresholds: { warn: 10, bad: 20 } },
  ],
  groups: [{ id: 'g', name: { en: 'G' } }],
  items: [
    { id: 't1', kind: 'task', group: 'g', title: { en: 'T1' }, lead: 'a', due: '2024-04-02' },
    { id: 't2', kind: 'task', group: 'g', title: { en: 'T2' }, lead: 'b', due: '2024-04-08', initial: { status: 'in_progress', percent: 30 } },
  ],
});
const catalog = catalogOf(config);

/** An event as stored, before it has its place in a log (see `inLog`). */
function stored(event: Partial<IocEvent> & Pick<IocEvent, 'type'>, receivedAt = '2024-04-02T07:00:00Z'): StoredEvent {
  return { id: 'e', unit: 'a', at: receivedAt, seq: 0, receivedAt, by: 'tok', ...event } as StoredEvent;
}
const report = (indicator: string, value: number, period: string, scope: string, receivedAt?: string) =>
  stored({ type: 'indicator.reported', indicator, value, period, scope, unit: scope }, receivedAt);

/** The events as a log holds them: seq 1, 2, 3, ... (copies, so one list can be replayed in several tests). */
const inLog = (events: StoredEvent[]): StoredEvent[] => events.map((e, i) => ({ ...e, id: `e${i + 1}`, seq: i + 1 }));

function run(events: StoredEvent[], now = '2024-04-02T08:00:00Z') {
  const state = createProjection(catalog);
  for (const e of inLog(events)) apply(catalog, state, e);
  return derive(catalog, state, Date.parse(now));
}

describe('counters and ratios', () => {
  it('apply() replaces a counter value reported twice for one day', () => {
    const view = run([report('online', 5, '2024-04-01', 'a'), report('online', 7, '2024-04-01', 'a'), report('online', 2, '2024-04-02', 'a')]);
    expect(view.indicators.online?.value).toBe(9);
    expect(view.counters.online?.a?.['2024-04-01']).toBe(7);
  });

  it('computes the province ratio as the sum of numerators over the sum of denominators, not a mean of rates', () => {
    const view = run([
      report('online', 1, '2024-04-01', 'a'),
      report('total', 1, '2024-04-01', 'a'),
      report('online', 10, '2024-04-01', 'b'),
      report('total', 100, '2024-04-01', 'b'),
    ]);
    expect(view.indicators.rate?.value).toBeCloseTo(11 / 101, 10);
    expect(view.indicators.rate?.byScope.a?.value).toBe(1);
    expect(view.indicators.rate?.byScope.b?.value).toBeCloseTo(0.1, 10);
    expect(view.indicators.rate?.status).toBe('bad');
  });

  it('gives a ratio with a zero denominator no value and status nodata, never 0', () => {
    const view = run([report('online', 0, '2024-04-01', 'a'), report('total', 0, '2024-04-01', 'a')]);
    expect(view.indicators.rate?.value).toBeNull();
    expect(view.indicators.rate?.status).toBe('nodata');
    expect(view.indicators.rate?.byScope.a).toEqual({ value: null, status: 'nodata' });
  });

  it('shows nodata for an indicator nobody reported', () => {
    const view = run([]);
    expect(view.indicators.online).toMatchObject({ value: null, status: 'nodata' });
    expect(view.indicators.level).toMatchObject({ value: null, status: 'nodata' });
  });

  it('totals a counter over the calendar year of now only', () => {
    const events = [report('online', 4, '2023-12-31', 'a'), report('online', 6, '2024-01-01', 'a')];
    expect(run(events, '2024-04-02T08:00:00Z').indicators.online?.value).toBe(6);
    expect(run(events, '2023-12-31T08:00:00Z').indicators.online?.value).toBe(4);
  });

  it('rolls a child scope up into its parent while the province counts it once', () => {
    const view = run([report('online', 3, '2024-04-01', 'a1'), report('online', 2, '2024-04-01', 'a')]);
    expect(view.indicators.online?.byScope.a1?.value).toBe(3);
    expect(view.indicators.online?.byScope.a?.value).toBe(5);
    expect(view.indicators.online?.value).toBe(5);
  });

  it('keeps the latest gauge value by event time, whatever the arrival order', () => {
    const view = run([
      stored({ type: 'indicator.reported', indicator: 'level', value: 9, period: '2024-04-02', at: '2024-04-02T06:00:00Z' }),
      stored({ type: 'indicator.reported', indicator: 'level', value: 5, period: '2024-04-02', at: '2024-04-02T05:00:00Z' }),
    ]);
    expect(view.indicators.level?.value).toBe(9);
  });

  it('judges a lower-is-better indicator against its thresholds', () => {
    const level = (value: number) => run([stored({ type: 'indicator.reported', indicator: 'waiting', value, period: '2024-04-02' })]).indicators.waiting?.status;
    expect([level(5), level(10), level(15), level(25)]).toEqual(['ok', 'ok', 'warn', 'bad']);
  });
});

describe('items and alerts', () => {
  it('makes a task overdue only after its due day ends in the province time zone', () => {
    // t1 is due 2024-04-02; Hanoi is UTC+7, so the day ends at 2024-04-02T17:00Z.
    expect(run([], '2024-04-02T16:59:59Z').items.t1?.overdue).toBe(false);
    const late = run([], '2024-04-02T17:00:00Z');
    expect(late.items.t1?.overdue).toBe(true);
    expect(late.alerts.find((a) => a.id === 'overdue:t1')).toMatchObject({ kind: 'overdue', subject: 't1', since: '2024-04-02T17:00:00.000Z', acknowledged: false });
  });

  it('clears overdue when the task is reported done, with percent 100', () => {
    const view = run([stored({ type: 'progress.reported', item: 't1', status: 'done' })], '2024-04-05T00:00:00Z');
    expect(view.items.t1).toMatchObject({ status: 'done', percent: 100, overdue: false });
    expect(view.alerts.some((a) => a.id === 'overdue:t1')).toBe(false);
  });

  it('flags an item due within the at-risk days that is far from done', () => {
    expect(run([], '2024-04-02T08:00:00Z').items.t2?.atRisk).toBe(true);
    expect(run([stored({ type: 'progress.reported', item: 't2', status: 'in_progress', percent: 90, unit: 'b' })]).items.t2?.atRisk).toBe(false);
  });

  it('flags a unit silent once its cadence passes without a report', () => {
    const events = [report('online', 1, '2024-04-02', 'a', '2024-04-02T00:00:00Z')];
    const before = run(events, '2024-04-02T23:59:00Z');
    expect(before.units.a?.silent).toBe(false);
    const after = run(events, '2024-04-03T00:00:01Z');
    expect(after.units.a?.silent).toBe(true);
    // b never reported: its clock starts at the first event in the log.
    expect(after.alerts.find((a) => a.id === 'silent:b')?.since).toBe('2024-04-03T00:00:00.000Z');
  });

  it('marks an alert acknowledged, and raises it again when it recurs after the acknowledgement', () => {
    const bad = [report('online', 1, '2024-04-02', 'a', '2024-04-02T01:00:00Z'), report('total', 10, '2024-04-02', 'a', '2024-04-02T01:00:00Z')];
    const ack = stored({ type: 'alert.acknowledged', alert: 'indicator:rate' }, '2024-04-02T02:00:00Z');
    expect(run([...bad, ack]).alerts.find((a) => a.id === 'indicator:rate')?.acknowledged).toBe(true);
    const recovered = report('online', 9, '2024-04-02', 'a', '2024-04-02T03:00:00Z');
    const badAgain = report('total', 100, '2024-04-02', 'a', '2024-04-02T04:00:00Z');
    const alert = run([...bad, ack, recovered, badAgain]).alerts.find((a) => a.id === 'indicator:rate');
    expect(alert).toMatchObject({ since: '2024-04-02T04:00:00.000Z', acknowledged: false });
  });

  it('keeps the latest progress reports of each item, oldest first, capped for the forecast', async () => {
    const { MAX_PROGRESS_HISTORY } = await import('./state');
    const reports = Array.from({ length: MAX_PROGRESS_HISTORY + 3 }, (_, i) =>
      stored({ type: 'progress.reported', item: 't2', status: 'in_progress', percent: 30 + i, unit: 'b', at: `2024-04-0${1 + (i % 9)}T01:00:00Z` }, `2024-04-02T0${i % 10}:00:00Z`),
    );
    reports.push(stored({ type: 'progress.reported', item: 't2', status: 'blocked', unit: 'b', at: '2024-04-02T09:30:00+07:00' }));
    const history = run(reports).items.t2!.history;
    expect(history).toHaveLength(MAX_PROGRESS_HISTORY);
    // A report without a percent keeps the item's percent; times are the events' own, in UTC.
    expect(history.at(-1)).toEqual({ at: '2024-04-02T02:30:00.000Z', percent: 30 + MAX_PROGRESS_HISTORY + 2 });
    expect(history[0]!.percent).toBe(30 + 4);
    expect(run([]).items.t2!.history).toEqual([]);
  });

  it('keeps who acknowledged an alert, when and with what note, on the alert while it is acknowledged', () => {
    const ack = stored({ type: 'alert.acknowledged', alert: 'overdue:t1', note: 'calling the lead', by: 'desk-token' } as Partial<IocEvent> & Pick<IocEvent, 'type'>, '2024-04-03T02:00:00Z');
    const alert = run([ack], '2024-04-03T03:00:00Z').alerts.find((a) => a.id === 'overdue:t1');
    expect(alert).toMatchObject({ acknowledged: true, ack: { at: '2024-04-03T02:00:00.000Z', unit: 'a', by: 'desk-token', note: 'calling the lead' } });
  });

  it('raises an acknowledged overdue item again when it is reported done, then open again', () => {
    const ack = stored({ type: 'alert.acknowledged', alert: 'overdue:t1' }, '2024-04-03T02:00:00Z');
    const done = stored({ type: 'progress.reported', item: 't1', status: 'done' }, '2024-04-03T03:00:00Z');
    expect(run([ack, done], '2024-04-03T04:00:00Z').alerts.some((a) => a.id === 'overdue:t1')).toBe(false);
    const reopened = stored({ type: 'progress.reported', item: 't1', status: 'in_progress', percent: 90 }, '2024-04-03T05:00:00Z');
    const alert = run([ack, done, reopened], '2024-04-03T06:00:00Z').alerts.find((a) => a.id === 'overdue:t1');
    expect(alert).toMatchObject({ since: '2024-04-03T05:00:00.000Z', acknowledged: false });
    expect(alert?.ack).toBeUndefined();
  });

  it('raises an acknowledged silent unit again when it reports, then goes quiet again', () => {
    const first = report('online', 1, '2024-04-02', 'b', '2024-04-02T00:00:00Z');
    const ack = stored({ type: 'alert.acknowledged', alert: 'silent:b' }, '2024-04-03T01:00:00Z');
    expect(run([first, ack], '2024-04-03T02:00:00Z').alerts.find((a) => a.id === 'silent:b')?.acknowledged).toBe(true);
    const again = report('online', 2, '2024-04-03', 'b', '2024-04-03T03:00:00Z');
    expect(run([first, ack, again], '2024-04-03T04:00:00Z').alerts.some((a) => a.id === 'silent:b')).toBe(false);
    const alert = run([first, ack, again], '2024-04-04T03:00:01Z').alerts.find((a) => a.id === 'silent:b');
    expect(alert).toMatchObject({ since: '2024-04-04T03:00:00.000Z', acknowledged: false });
  });

  it('keeps commands to the walls and server bookkeeping out of the ticker and out of units\' reports', () => {
    const command = stored({ type: 'display.command', unit: 'b', target: 'all', action: 'pause' }, '2024-04-02T07:30:00Z');
    const view = run([command], '2024-04-02T07:40:00Z');
    expect(view.recent).toEqual([]);
    expect(view.units.b?.lastReportAt).toBeNull();
    expect(view.steering.all?.pause).toMatchObject({ paused: true, seq: 1 });
  });

  it('counts events that name ids the config no longer has, without changing state', () => {
    const known = [report('online', 2, '2024-04-02', 'a'), report('total', 4, '2024-04-02', 'a'), stored({ type: 'progress.reported', item: 't2', status: 'in_progress', percent: 50 })];
    const unknown = [
      stored({ type: 'progress.reported', item: 'gone', status: 'done' }),
      report('nope', 1, '2024-04-02', 'a'),
      report('online', 7, '2024-04-02', 'atlantis'),
      stored({ type: 'indicator.reported', indicator: 'level', value: 3, period: '2024-04-02', scope: 'atlantis' }),
    ];
    const before = run(known);
    const after = run([...known, ...unknown]);
    expect(after.seq).toBe(known.length + unknown.length);
    for (const part of ['indicators', 'items', 'counters', 'totals', 'gauges', 'alerts', 'statusSince'] as const) expect([part, after[part]]).toEqual([part, before[part]]);
    expect(Object.keys(after.units).sort()).toEqual(Object.keys(before.units).sort());
  });
});

describe('daily series', () => {
  it('gives one point per day, sum over sum across scopes, null where nothing was reported', async () => {
    const { dailyRatio } = await import('./series');
    const state = createProjection(catalog);
    for (const e of inLog([report('online', 1, '2024-04-01', 'a'), report('total', 2, '2024-04-01', 'a'), report('online', 3, '2024-04-01', 'b'), report('total', 8, '2024-04-01', 'b')])) apply(catalog, state, e);
    expect(dailyRatio(catalog, state, 'rate', '2024-04-02', 3)).toEqual([
      { day: '2024-03-31', value: null },
      { day: '2024-04-01', value: 0.4 },
      { day: '2024-04-02', value: null },
    ]);
  });
});

describe('snapshots', () => {
  it('round-trips a projection, and refuses one written by another version', async () => {
    const { serializeProjection, parseProjection } = await import('./state');
    const state = createProjection(catalog);
    for (const e of inLog([report('online', 3, '2024-04-01', 'a')])) apply(catalog, state, e);
    expect(parseProjection(serializeProjection(state))).toEqual(state);
    expect(parseProjection(JSON.stringify({ version: 0, projection: state }))).toBeNull();
    expect(parseProjection(JSON.stringify(state))).toBeNull();
  });
});
