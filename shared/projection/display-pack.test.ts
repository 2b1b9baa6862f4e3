import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import { packItem, packParts, packTime, unpackItem, unpackParts, type Parts } from './display-pack';
import type { ItemProgress } from './progress';

const units = Array.from({ length: 40 }, (_, i) => ({ id: `u${i}`, kind: 'locality' as const, name: { en: `U${i}` } }));
const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    units,
    indicators: [
      { id: 'total', kind: 'counter', name: { en: 'Total' } },
      { id: 'level', kind: 'gauge', name: { en: 'Level' } },
    ],
    groups: [{ id: 'g', name: { en: 'G' } }],
    items: ['t1', 't2', 't3', 't4'].map((id) => ({ id, kind: 'task', group: 'g', title: { en: id }, lead: 'u0', due: '2024-06-30' })),
  }),
);
const BASE = Date.parse('2024-04-02T10:00:00.000Z');
const at = (minutesBefore: number) => new Date(BASE - minutesBefore * 60_000 - 7).toISOString();
const item = (history: [number, number][], extra: Partial<ItemProgress> = {}): ItemProgress => {
  const points = history.map(([minutes, percent]) => ({ at: at(minutes), percent }));
  const last = points[points.length - 1]!;
  return { status: 'in_progress', percent: last.percent, updatedAt: last.at, history: points, ...extra };
};

describe('a display snapshot\'s packed parts', () => {
  it('packs an item as one string and restores it exactly, a note with separators in it too', () => {
    const progress = item([[3_000, 10], [1_500, 12.5], [0, 40]], { status: 'blocked', note: 'waits | for, funds' });
    const code = packItem(progress, BASE)!;
    expect(code).toBe(`b40,${(7).toString(36)},${(1_500 * 60_000).toString(36)},12.5,${(1_500 * 60_000).toString(36)},10|waits | for, funds`);
    expect(unpackItem(code, BASE)).toEqual(progress);
    // A report from after the base (a producer's clock ahead) and one out of order count back by a negative gap.
    const ahead = item([[-5, 20], [10, 30], [-60, 50]]);
    expect(unpackItem(packItem(ahead, BASE)!, BASE)).toEqual(ahead);
  });

  it('gives back any time of the years 0000 to 9999 as the same ISO string', () => {
    const time = fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.array(fc.record({ at: time, percent: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 2 ** 44 }), (history, base) => {
        const last = history[history.length - 1]!;
        const progress: ItemProgress = { status: 'in_progress', percent: last.percent, updatedAt: last.at, history };
        expect(unpackItem(packItem(progress, base)!, base)).toEqual(progress);
      }),
    );
  });

  it('leaves an item as it is when a time would not come back the same: a dated start from the config', () => {
    const dated: ItemProgress = { status: 'in_progress', percent: 30, updatedAt: at(0), history: [{ at: '2024-01-10T00:00:00+07:00', percent: 10 }, { at: at(0), percent: 30 }] };
    expect(packItem(dated, BASE)).toBeNull();
    expect(packItem({ status: 'in_progress', percent: 10, updatedAt: '2024-01-10T00:00:00Z', history: [{ at: '2024-01-10T00:00:00Z', percent: 10 }] }, BASE)).toBeNull();
    for (const day of ['2024-02-30', '2023-02-29', '2024-04-31', '2024-01-00']) expect(packTime(`${day}T00:00:00.000Z`, BASE)).toBeNull();
    expect([packTime('2024-01-01T24:00:00.000Z', BASE), packTime('2024-02-29T23:59:59.999Z', BASE)]).toEqual([null, (BASE - Date.parse('2024-02-29T23:59:59.999Z')).toString(36)]);
  });

  it('aligns maps with the config\'s units, keeps the rest as maps, and restores all of it exactly', () => {
    const dense = Object.fromEntries(units.slice(0, 30).map((u, i) => [u.id, i * 3]));
    const parts: Parts = {
      items: { t1: item([[90, 5], [0, 15]]), t3: item([[0, 100]], { status: 'done' }), t4: { status: 'in_progress', percent: 30, updatedAt: '2024-01-10T00:00:00+07:00', history: [{ at: '2024-01-10T00:00:00+07:00', percent: 30 }] } },
      // Units that reported (one at a time not in UTC form); never reported ones come from the config.
      units: { ...Object.fromEntries(units.slice(0, 20).map((u, i) => [u.id, { lastReportAt: at(i * 17) }])), u20: { lastReportAt: '2024-04-02T16:00:00+07:00' } },
      gauges: { level: { u3: { value: 12.5, at: at(3) }, u39: { value: 0, at: at(0) } }, other: Object.fromEntries(units.map((u, i) => [u.id, { value: i, at: at(i) }])) },
      counters: { total: { ...Object.fromEntries(units.map((u, i) => [u.id, { '2024-04-01': i, '2024-04-02': 2 * i }])), u7: { '2024-04-02': 0 } } },
      reportedOwn: { total: { u1: { '2024-04-02': 4 } } },
      totals: { total: { '2024': { ...dense, '*': 1_305, gone: 3 }, all: {} } },
    };
    const packed = JSON.parse(JSON.stringify(packParts(catalog, parts, BASE))) as ReturnType<typeof packParts>;
    // Sparse maps (2 of 40 scopes) stay maps; the province and ids the config lacks go to `rest`.
    expect(packed.gauges.level).toEqual({ rest: parts.gauges.level });
    expect(packed.totals.total!['2024']!.rest).toEqual({ '*': 1_305, gone: 3 });
    expect(packed.items[1]).toBe(0);
    expect(unpackParts(catalog, packed)).toEqual(parts);
  });
});
