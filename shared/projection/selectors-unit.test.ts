import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { StoredEvent } from '../events';
import { apply, createProjection, derive } from './index';
import { itemsLedBy, reportableScopes, reportGaps } from './selectors-unit';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    alerts: { silentAfterHours: 1000, atRiskDays: 7, atRiskBelowPercent: 80 },
    units: [
      { id: 'a', kind: 'locality', name: { en: 'A' } },
      { id: 'a1', kind: 'locality', name: { en: 'A1' }, parent: 'a' },
      { id: 'b', kind: 'locality', name: { en: 'B' } },
    ],
    indicators: [
      { id: 'online', kind: 'counter', name: { en: 'Online' } },
      { id: 'level', kind: 'gauge', name: { en: 'Level' } },
    ],
    groups: [{ id: 'g', name: { en: 'G' } }],
    items: [
      { id: 't1', kind: 'task', group: 'g', title: { en: 'T1' }, lead: 'a', due: '2024-03-29', initial: { status: 'in_progress', percent: 50 } },
      { id: 't2', kind: 'task', group: 'g', title: { en: 'T2' }, lead: 'a', due: '2024-04-05', initial: { status: 'in_progress', percent: 10 } },
      { id: 't3', kind: 'task', group: 'g', title: { en: 'T3' }, lead: 'a', due: '2024-12-31' },
      { id: 't4', kind: 'task', group: 'g', title: { en: 'T4' }, lead: 'b', due: '2024-01-01' },
    ],
  }),
);
// Tuesday 2 April 2024, 10:00 in Vietnam.
const NOW = Date.parse('2024-04-02T10:00:00+07:00');
const report = (seq: number, period: string): StoredEvent => ({ id: `r${seq}`, type: 'indicator.reported', unit: 'a', at: '2024-04-02T01:00:00Z', indicator: 'online', value: 1, period, seq, receivedAt: '2024-04-02T01:00:00Z', by: 't' });

describe('a unit console selectors', () => {
  it('itemsLedBy() lists only the unit\'s items, most days late first, then at risk', () => {
    const state = derive(catalog, createProjection(catalog), NOW);
    expect(itemsLedBy(state, 'a', NOW, 'Asia/Ho_Chi_Minh').map((i) => [i.id, i.daysLate, i.atRisk])).toEqual([
      ['t1', 4, false],
      ['t2', 0, true],
      ['t3', 0, false],
    ]);
  });

  it('reportGaps() names the days of this week and month without a value, up to today', () => {
    const p = createProjection(catalog);
    apply(catalog, p, report(1, '2024-04-01'));
    apply(catalog, p, report(2, '2024-03-30'));
    const [gaps] = reportGaps(catalog, derive(catalog, p, NOW), 'a', NOW);
    expect(gaps).toEqual({ indicator: 'online', missingWeek: ['2024-04-02'], missingMonth: ['2024-04-02'], lastDay: '2024-04-01' });
    expect(reportGaps(catalog, derive(catalog, p, NOW), 'b', NOW)[0]?.missingWeek).toEqual(['2024-04-01', '2024-04-02']);
  });

  it('reportableScopes() gives the unit and the units below it', () => {
    expect(reportableScopes(catalog, 'a')).toEqual(['a', 'a1']);
    expect(reportableScopes(catalog, 'b')).toEqual(['b']);
  });
});
