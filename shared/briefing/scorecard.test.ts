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
  it('weighs on-time delivery, online rate against target and reporting days, as configured (0.5, 0.3, 0.2)', () => {
    const rows = Object.fromEntries(scores().map((r) => [r.unit, r]));
    // x: t3 done as planned and m1 done before its due day, t4 overdue: 2 of 3; rate 90% caps at the 80% target; reported on 1 and 2 April.
    expect(rows.x).toMatchObject({ onTime: { done: 2, due: 3 }, online: { rate: 0.9, target: 0.8, share: 1 }, reporting: { days: 2, of: 14 } });
    expect(rows.x!.score).toBeCloseTo(100 * (0.5 * (2 / 3) + 0.3 * 1 + 0.2 * (2 / 14)), 10);
    // a: t1 overdue and not done (t2 is not due yet): 0 of 1; 150/200 = 75% of 80%; reported on 1, 2 and 3 April.
    expect(rows.a).toMatchObject({ onTime: { done: 0, due: 1, share: 0 }, reporting: { days: 3 } });
    expect(rows.a!.score).toBeCloseTo(100 * (0.3 * (0.75 / 0.8) + 0.2 * (3 / 14)), 10);
    // b has nothing due: its score is over the online and reporting weights only.
    expect(rows.b!.onTime.share).toBeNull();
    expect(rows.b!.score).toBeCloseTo((100 * (0.3 * (0.6 / 0.8) + 0.2 * (2 / 14))) / 0.5, 10);
    expect(rows.c).toMatchObject({ reporting: { days: 1 } });
    // y: nothing due, no dossiers: reporting alone.
    expect(rows.y!.score).toBeCloseTo(100 / 14, 10);
  });

  it('orders units best first', () => {
    const order = scores().map((r) => r.unit);
    expect(order.slice(0, 3)).toEqual(['x', 'b', 'a']);
    expect(order.at(-1)).toBe('a1');
  });

  it('follows the weights in the province config', () => {
    const onlyOnline = ProvinceConfigSchema.parse({ ...config, briefing: { scorecard: { weights: { onTime: 0, online: 1, reporting: 0 } } } });
    const rows = Object.fromEntries(scores(onlyOnline).map((r) => [r.unit, r]));
    expect(rows.a!.score).toBeCloseTo(100 * (0.75 / 0.8), 10);
    expect(rows.y!.score).toBeNull();
  });
});
