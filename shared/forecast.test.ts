import { describe, expect, it } from 'vitest';
import { forecastItem, slopePerDay } from './forecast';

const TZ = 'Asia/Ho_Chi_Minh';
const open = (history: [string, number][], due = '2024-06-30') => ({ status: 'in_progress' as const, due, history: history.map(([at, percent]) => ({ at, percent })) });

describe('forecastItem()', () => {
  it('extends a two-report pace from the latest report: 10% then 30% ten days later finishes 35 days after', () => {
    const f = forecastItem(open([['2024-04-01T03:00:00.000Z', 10], ['2024-04-11T03:00:00.000Z', 30]]), '2024-04-11', TZ);
    // 2 points per day; 70 points left -> 35 days after 11 April 10:00 local -> 16 May.
    expect(f).toMatchObject({ kind: 'projected', day: '2024-05-16', perDay: 2, reports: 2, willMiss: false });
    if (f.kind === 'projected') expect(f.at).toBe(Date.parse('2024-05-16T03:00:00.000Z'));
  });

  it('fits the least-squares slope through scattered reports (7 points a day for 10, 20, 24)', () => {
    const f = forecastItem(open([['2024-03-31T17:00:00.000Z', 10], ['2024-04-01T17:00:00.000Z', 20], ['2024-04-02T17:00:00.000Z', 24]]), '2024-04-03', TZ);
    // mean x 1, mean y 18: sxy = 8 + 0 + 6 = 14, sxx = 2 -> 7/day; 76 left -> 10.857 days after 2 April 17:00Z -> 13 April 13:34Z (20:34 local).
    expect(f.kind).toBe('projected');
    if (f.kind !== 'projected') return;
    expect(f.perDay).toBeCloseTo(7, 10);
    expect(f.day).toBe('2024-04-13');
    expect(f.at).toBe(Date.parse('2024-04-02T17:00:00.000Z') + (76 / 7) * 86_400_000);
  });

  it('uses only the last `window` reports', () => {
    // An early burst (0 -> 50 in a day) then a steady 1 point a day: with a window of 3 only the steady pace counts.
    const history: [string, number][] = [['2024-04-01T00:00:00.000Z', 0], ['2024-04-02T00:00:00.000Z', 50], ['2024-04-03T00:00:00.000Z', 51], ['2024-04-04T00:00:00.000Z', 52], ['2024-04-05T00:00:00.000Z', 53]];
    const narrow = forecastItem(open(history), '2024-04-05', TZ, 3);
    expect(narrow).toMatchObject({ kind: 'projected', perDay: 1, reports: 3, day: '2024-05-22' });
    const wide = forecastItem(open(history), '2024-04-05', TZ, 5);
    expect(wide.kind === 'projected' && wide.perDay).toBeCloseTo(10.8, 10);
  });

  it('flags "will miss" when the projection falls after the due day, judged in the province time zone', () => {
    // 2 points a day, 98% at 23:59 on 9 May local: 100% at 23:59 on 10 May, the due day itself.
    const onTime = forecastItem(open([['2024-05-08T16:59:00.000Z', 96], ['2024-05-09T16:59:00.000Z', 98]], '2024-05-10'), '2024-05-10', TZ);
    expect(onTime).toMatchObject({ kind: 'projected', day: '2024-05-10', willMiss: false });
    const justLate = forecastItem(open([['2024-05-08T17:01:00.000Z', 96], ['2024-05-09T17:01:00.000Z', 98]], '2024-05-10'), '2024-05-10', TZ);
    // 98% at 00:01 on 10 May local, one more day -> 00:01 on 11 May: after the due day.
    expect(justLate).toMatchObject({ kind: 'projected', day: '2024-05-11', willMiss: true });
  });

  it('does not flag "will miss" on an item that is already overdue, but still projects it', () => {
    const f = forecastItem(open([['2024-05-01T03:00:00.000Z', 40], ['2024-05-11T03:00:00.000Z', 60]], '2024-05-05'), '2024-05-11', TZ);
    expect(f).toMatchObject({ kind: 'projected', day: '2024-05-31', willMiss: false });
  });

  it('says "not enough data" with fewer than two reports, or two at the same instant', () => {
    expect(forecastItem(open([]), '2024-04-01', TZ)).toEqual({ kind: 'unknown', reason: 'few_reports', reports: 0 });
    expect(forecastItem(open([['2024-04-01T03:00:00.000Z', 30]]), '2024-04-01', TZ)).toEqual({ kind: 'unknown', reason: 'few_reports', reports: 1 });
    expect(forecastItem(open([['2024-04-01T03:00:00.000Z', 30], ['2024-04-01T03:00:00.000Z', 35]]), '2024-04-01', TZ)).toMatchObject({ kind: 'unknown', reason: 'few_reports' });
  });

  it('says "no progress" for a flat or falling trend, or one too slow to finish within ten years', () => {
    expect(forecastItem(open([['2024-04-01T03:00:00.000Z', 40], ['2024-04-06T03:00:00.000Z', 40]]), '2024-04-06', TZ)).toMatchObject({ kind: 'unknown', reason: 'no_progress' });
    expect(forecastItem(open([['2024-04-01T03:00:00.000Z', 40], ['2024-04-06T03:00:00.000Z', 35]]), '2024-04-06', TZ)).toMatchObject({ kind: 'unknown', reason: 'no_progress' });
    // 1 point in 100 days: 50 points left would take 5,000 days.
    expect(forecastItem(open([['2024-01-01T03:00:00.000Z', 49], ['2024-04-10T03:00:00.000Z', 50]]), '2024-04-10', TZ)).toMatchObject({ kind: 'unknown', reason: 'no_progress' });
  });

  it('flags a flat or falling item due within the at-risk window "stalled: will miss its due date"', () => {
    const flat = open([['2024-04-01T03:00:00.000Z', 40], ['2024-04-06T03:00:00.000Z', 40]], '2024-04-20');
    // Due in 14 days (the default window): stalled; due in 15: not yet a concern of the forecast.
    expect(forecastItem(flat, '2024-04-06', TZ)).toEqual({ kind: 'stalled', perDay: 0, reports: 2 });
    expect(forecastItem(flat, '2024-04-05', TZ)).toMatchObject({ kind: 'unknown', reason: 'no_progress' });
    expect(forecastItem(flat, '2024-04-05', TZ, 6, 15)).toMatchObject({ kind: 'stalled' });
    const falling = open([['2024-04-01T03:00:00.000Z', 50], ['2024-04-03T03:00:00.000Z', 45]], '2024-04-10');
    expect(forecastItem(falling, '2024-04-03', TZ)).toMatchObject({ kind: 'stalled', perDay: -2.5 });
    // Overdue already: the overdue flag says it; the forecast does not call it stalled.
    expect(forecastItem(falling, '2024-04-11', TZ)).toMatchObject({ kind: 'unknown', reason: 'no_progress' });
  });

  it('needs reports a day apart: two minutes apart are one reading (the latest), not a pace', () => {
    const burst = open([['2024-04-01T03:00:00.000Z', 10], ['2024-04-01T03:05:00.000Z', 40]]);
    expect(forecastItem(burst, '2024-04-01', TZ)).toEqual({ kind: 'unknown', reason: 'few_reports', reports: 1 });
    // A day earlier reading plus the burst: the pace is from 10% (day 0) to 40% (the latest of the burst), 30 points a day.
    const spaced = open([['2024-03-31T03:00:00.000Z', 10], ['2024-04-01T03:00:00.000Z', 20], ['2024-04-01T03:05:00.000Z', 40]]);
    const f = forecastItem(spaced, '2024-04-01', TZ);
    expect(f).toMatchObject({ kind: 'projected', reports: 2 });
    expect(f.kind === 'projected' && f.perDay).toBeCloseTo((30 * 86_400_000) / (86_400_000 + 300_000), 10);
  });

  it('has nothing to forecast for a done item', () => {
    expect(forecastItem({ status: 'done', due: '2024-01-01', history: [] }, '2024-04-01', TZ)).toEqual({ kind: 'done', at: null });
    expect(forecastItem({ status: 'done', due: '2024-01-01', history: [], doneAt: '2024-01-03T02:00:00.000Z' }, '2024-04-01', TZ)).toEqual({ kind: 'done', at: '2024-01-03T02:00:00.000Z' });
  });
});

describe('slopePerDay()', () => {
  it('is the ordinary least-squares slope, per day', () => {
    const day = 86_400_000;
    expect(slopePerDay([{ t: 0, y: 1 }, { t: day, y: 3 }, { t: 2 * day, y: 2 }, { t: 3 * day, y: 4 }])).toBeCloseTo(0.8, 10);
    expect(slopePerDay([{ t: 5, y: 1 }])).toBeNull();
  });
});
