import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import { isRedacted, type ReadEvent } from '../events';
import { apply, createProjection } from './index';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    units: [{ id: 'a', kind: 'locality', name: { en: 'A' } }],
    indicators: [{ id: 'online', kind: 'counter', name: { en: 'Online' } }],
    groups: [],
    items: [],
  }),
);

describe('a redacted event (operator data a reader may not see)', () => {
  it('only advances seq: the rest of the projection is as before, and the next event applies', () => {
    const state = createProjection(catalog);
    const before = JSON.stringify({ ...state, seq: 1 });
    const redacted: ReadEvent = { seq: 1, type: 'webhook.queued', at: '2024-04-02T07:00:00.000Z', receivedAt: '2024-04-02T07:00:00.000Z' };
    expect(isRedacted(redacted)).toBe(true);
    apply(catalog, state, redacted);
    expect(JSON.stringify(state)).toBe(before);
    const report: ReadEvent = { seq: 2, id: 'r', type: 'indicator.reported', unit: 'a', at: '2024-04-02T07:00:00.000Z', receivedAt: '2024-04-02T07:00:01.000Z', by: 't', indicator: 'online', value: 3, period: '2024-04-02' };
    expect(isRedacted(report)).toBe(false);
    apply(catalog, state, report);
    expect([state.seq, state.counters.online?.a?.['2024-04-02']]).toEqual([2, 3]);
  });
});
