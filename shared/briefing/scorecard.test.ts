import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import { apply, createProjection, derive } from '../projection';
import { scorecard } from './scorecard';
import { config, dossiers, logOf } from './briefing.fixture';

// Judged on 8 April 10:00 local: the reporting window is the 14 days 25 March to 7 April.
const log = logOf([
  ...dossiers('a', '2024-04-01', 50, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('b', '2024-04-01', 60, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('c', '2024-04-01', 30, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('x', '2024-04-01', 90, 100, '2024-04-01T03:00:00.000Z'),
  ...dossiers('a', '2024-04-02', 100, 100, '2024-04-02T03:00:00.000Z'),
  // Today's own report does not count yet (the day is not over); one older than the window neither.
  ...dossiers('c', '2024-04-08', 1, 1, '2024-04-08T02:00:00.000Z'),
  ...dossiers('c', '2024-03-24', 1, 1, '2024-04-08T02:00:00.000Z'),
  { type: 'progress.reported', unit: 'a', item: 't1', status: 'in_progress', percent: 45, receivedAt: '2024-04-01T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'x', item: 'm1', status: 'done', receivedAt: '2024-04-02T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'b', item: 'm2', status: 'blocked', receivedAt: '2024-04-02T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'y', item: 'm3', status: 'in_progress', percent: 15, receivedAt: '2024-04-02T04:00:00.000Z' },
  { type: 'progress.reported', unit: 'a', item: 't2', status: 'in_progress', percent: 60, receivedAt: '2024-04-02T05:00:00.000Z' },
  { type: 'progress.reported', unit: 'a', item: 't2', status: 'in_progress', percent: 62, receivedAt: '2024-04-03T05:00:00.000Z' },
]);

function scores(cfg = config) {
  const catalog = catalogOf(cfg);
  const projection = createProjection(catalog);
  for (const e of log) apply(catalog, projection, e);
  return scorecard(catalog, derive(catalog, projection, Date.parse('2024-04-08T03:00:00.000Z')));
}

describe('scorecard()', () => {
  it('weighs on-time delivery, online rate against target and timely reporting, as configured (0.5, 0.3, 0.2)', () => {
    const rows = Object.fromEntries(scores().map((r) => [r.unit, r]));
    // Window: 25 March to 7 April, 10 working days. Each daily figure above arrived at 10:00 on its day: timely.
    // x: t3 done as planned and m1 first done before its due day, t4 overdue: 2 of 3; rate 90% caps at the 80% target; 1 April reported.
    expect(rows.x).toMatchObject({ onTime: { done: 2, due: 3 }, online: { rate: 0.9, target: 0.8, share: 1 }, reporting: { days: 1, late: 0, of: 10 } });
    expect(rows.x!.score).toBeCloseTo(100 * (0.5 * (2 / 3) + 0.3 * 1 + 0.2 * (1 / 10)), 10);
    // a: t1 overdue and not done (t2 is not due yet): 0 of 1; 150/200 = 75% of 80%; 1 and 2 April (progress reports are not daily figures).
    expect(rows.a).toMatchObject({ onTime: { done: 0, due: 1, share: 0 }, reporting: { days: 2, of: 10 } });
    expect(rows.a!.score).toBeCloseTo(100 * (0.3 * (0.75 / 0.8) + 0.2 * (2 / 10)), 10);
    // b has nothing due: its score is over the online and reporting weights only.
    expect(rows.b!.onTime.share).toBeNull();
    expect(rows.b!.score).toBeCloseTo((100 * (0.3 * (0.6 / 0.8) + 0.2 * (1 / 10))) / 0.5, 10);
    // c: today's figure does not count yet, and 24 March is before the window.
    expect(rows.c).toMatchObject({ reporting: { days: 1, late: 0 } });
    // y: nothing due, no dossiers: reporting alone, and it never reported.
    expect(rows.y!.score).toBe(0);
  });

  it('orders units best first', () => {
    const order = scores().map((r) => r.unit);
    expect(order.slice(0, 3)).toEqual(['x', 'b', 'a']);
  });

  it('follows the weights in the province config', () => {
    const onlyOnline = ProvinceConfigSchema.parse({ ...config, briefing: { scorecard: { weights: { onTime: 0, online: 1, reporting: 0 } } } });
    const rows = Object.fromEntries(scores(onlyOnline).map((r) => [r.unit, r]));
    expect(rows.a!.score).toBeCloseTo(100 * (0.75 / 0.8), 10);
    expect(rows.y!.score).toBeNull();
  });
});

describe('scorecard(): the rules as provinces apply them', () => {
  const judge = (events: Parameters<typeof logOf>[0], now: string, cfg = config) => {
    const catalog = catalogOf(cfg);
    const projection = createProjection(catalog);
    for (const e of logOf(events)) apply(catalog, projection, e);
    return Object.fromEntries(scorecard(catalog, derive(catalog, projection, Date.parse(now))).map((r) => [r.unit, r]));
  };
  const report = (unit: string, day: string, receivedAt: string) => ({ type: 'indicator.reported' as const, unit, indicator: 'total', value: 10, period: day, at: receivedAt, receivedAt });
  // The fourteen days before Monday 15 April: 1 to 14 April, ten working days (Monday 1 to Friday 12).
  const fortnight = Array.from({ length: 14 }, (_, i) => `2024-04-${String(i + 1).padStart(2, '0')}`);
  const weekdays = fortnight.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));

  it('counts an item on time by its first done report, whatever is reported about it later', () => {
    // m1 (due 30 June) done on 2 April; a note in August repeats "done": still on time. t2 (due 12 April) done on 15 April: late.
    const rows = judge(
      [
        { type: 'progress.reported', unit: 'x', item: 'm1', status: 'done', receivedAt: '2024-04-02T04:00:00.000Z' },
        { type: 'progress.reported', unit: 'x', item: 'm1', status: 'done', note: 'handed over', receivedAt: '2024-08-01T04:00:00.000Z' },
        { type: 'progress.reported', unit: 'a', item: 't2', status: 'done', receivedAt: '2024-04-15T04:00:00.000Z' },
      ],
      '2024-08-02T03:00:00.000Z',
    );
    expect(rows.x!.onTime).toMatchObject({ done: 2, due: 3 });
    expect(rows.a!.onTime).toMatchObject({ done: 0, due: 2 });
  });

  it('scores full reporting for a Monday-to-Friday unit that reports each working day by 17:00', () => {
    const rows = judge(weekdays.map((d) => report('b', d, `${d}T09:59:00.000Z`)), '2024-04-15T03:00:00.000Z');
    expect(rows.b!.reporting).toEqual({ days: 10, late: 0, of: 10, share: 1 });
  });

  it('does not score a fortnight back-filled in one batch: reported, but late', () => {
    const rows = judge(fortnight.map((d) => report('b', d, '2024-04-14T03:00:00.000Z')), '2024-04-15T03:00:00.000Z');
    // Only 14 April's own figure arrived that day, and it is a Sunday.
    expect(rows.b!.reporting).toEqual({ days: 0, late: 10, of: 10, share: 0 });
  });

  it('judges arrival by the cutoff (17:00 local by default, or the config) and skips the config holidays', () => {
    // 17:00 in Hà Nội is 10:00 UTC: 10:00:00 is in time, 10:00:01 late; an earlier arrival for the day wins over a later one.
    const edge = judge([report('b', '2024-04-01', '2024-04-01T10:00:00.000Z'), report('b', '2024-04-02', '2024-04-02T10:00:01.000Z'), report('b', '2024-04-03', '2024-04-03T01:00:00.000Z'), report('b', '2024-04-03', '2024-04-05T01:00:00.000Z')], '2024-04-15T03:00:00.000Z');
    expect(edge.b!.reporting).toMatchObject({ days: 2, late: 1, of: 10 });
    const early = ProvinceConfigSchema.parse({ ...config, scoring: { cutoff: '16:00', holidays: ['2024-04-01', '2024-04-02'] } });
    const strict = judge([report('b', '2024-04-01', '2024-04-01T10:00:00.000Z'), report('b', '2024-04-03', '2024-04-03T08:59:00.000Z'), report('b', '2024-04-04', '2024-04-04T09:00:01.000Z')], '2024-04-15T03:00:00.000Z', early);
    expect(strict.b!.reporting).toMatchObject({ days: 1, late: 1, of: 8 });
  });
});
