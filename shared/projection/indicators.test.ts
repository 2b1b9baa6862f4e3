import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { StoredEvent } from '../events';
import { apply, computeIndicator, createProjection } from './index';
import { provinceValue } from './indicators';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    units: ['a', 'b', 'c'].map((id) => ({ id, kind: 'locality', name: { en: id } })),
    indicators: [
      { id: 'on', kind: 'counter', name: { en: 'On' } },
      { id: 'all', kind: 'counter', name: { en: 'All' }, window: 'all' },
      { id: 'rate', kind: 'ratio', name: { en: 'Rate' }, numerator: 'on', denominator: 'all' },
      { id: 'level', kind: 'gauge', name: { en: 'Level' }, aggregate: 'mean' },
    ],
    groups: [],
    items: [],
  }),
);

describe('provinceValue()', () => {
  it('equals the province value computeIndicator gives, for any reports', () => {
    const report = fc.record({
      indicator: fc.constantFrom('on', 'all', 'level'),
      scope: fc.constantFrom('a', 'b', 'c'),
      value: fc.integer({ min: 0, max: 1000 }),
      period: fc.constantFrom('2023-12-31', '2024-01-01', '2024-06-30', '2025-01-01'),
    });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 30 }), fc.constantFrom('2023', '2024', '2025'), (reports, year) => {
        const state = createProjection(catalog);
        reports.forEach((r, i) => {
          const at = `${r.period}T03:00:00.000Z`;
          apply(catalog, state, { id: `e${i}`, type: 'indicator.reported', unit: r.scope, at, seq: i + 1, receivedAt: at, by: 't', ...r } as StoredEvent);
        });
        for (const indicator of catalog.indicators.values()) {
          expect(provinceValue(catalog, state, indicator, year)).toBe(computeIndicator(catalog, state, indicator, year).value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
