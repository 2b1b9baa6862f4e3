import { describe, expect, it } from 'vitest';
import type { LateEntry, LateUnit } from '@shared/briefing';
import { LATE_ROOM, latePages } from './pages';

const entry = (id: string): LateEntry => ({ id, kind: 'task', status: 'in_progress', percent: 10, due: '2024-04-01', overdue: true, atRisk: false, willMiss: false, daysLate: 1, lastReportAt: null, note: null, forecast: { kind: 'done', at: null }, isNew: false });
const unit = (id: string, officials: [string | null, number][]): LateUnit => ({
  unit: id,
  overdue: 0,
  items: 0,
  officials: officials.map(([o, n]) => ({ official: o === null ? null : { en: o }, items: Array.from({ length: n }, (_, i) => entry(`${id}-${o}-${i}`)) })),
});

describe('latePages()', () => {
  it('keeps a short list on one page', () => {
    const units = [unit('a', [['Chair', 2]]), unit('b', [[null, 1]])];
    expect(latePages(units)).toEqual([units]);
  });

  it('splits a long list over pages, repeating the unit and official heading where a group goes on, losing no item', () => {
    const units = [unit('a', [['Chair', 6], ['Deputy', 5]]), unit('b', [['Head', 9]])];
    const pages = latePages(units);
    expect(pages.length).toBeGreaterThan(1);
    const ids = pages.flatMap((p) => p.flatMap((u) => u.officials.flatMap((o) => o.items.map((i) => i.id))));
    expect(ids).toEqual(units.flatMap((u) => u.officials.flatMap((o) => o.items.map((i) => i.id))));
    for (const page of pages) {
      const cost = page.reduce((a, u) => a + 1 + u.officials.reduce((b, o) => b + 0.8 + 1.5 * o.items.length, 0), 0);
      expect(cost).toBeLessThanOrEqual(LATE_ROOM);
    }
    // a's heading (1) + Chair (0.8 + 6 x 1.5) + Deputy (0.8 + 1.5) = 13.1 of 14; Deputy's second item goes on
    // under a's and Deputy's headings again (3.3 + 3 x 1.5 = 7.8), then b's first two (+ 1.8 + 2 x 1.5 = 12.6), then b's last seven.
    expect(LATE_ROOM).toBe(14);
    const shape = pages.map((p) => p.map((u) => `${u.unit}:${u.officials.map((o) => `${o.official?.en}x${o.items.length}`).join('+')}`));
    expect(shape).toEqual([['a:Chairx6+Deputyx1'], ['a:Deputyx4', 'b:Headx2'], ['b:Headx7']]);
  });

  it('gives one empty page when nothing is late', () => {
    expect(latePages([])).toEqual([[]]);
  });
});
