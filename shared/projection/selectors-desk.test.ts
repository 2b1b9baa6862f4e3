import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { StoredEvent } from '../events';
import { apply, createProjection, derive } from './index';
import { deliveriesToShow, deskAlerts, recentAcks } from './selectors-desk';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    alerts: { silentAfterHours: 24, atRiskDays: 7, atRiskBelowPercent: 80 },
    units: [
      { id: 'town', kind: 'locality', name: { en: 'Town' } },
      { id: 'ward', kind: 'locality', name: { en: 'Ward' }, parent: 'town' },
      { id: 'dept', kind: 'agency', name: { en: 'Dept' } },
    ],
    indicators: [{ id: 'level', kind: 'gauge', name: { en: 'Level' }, thresholds: { warn: 10, bad: 5 } }],
    groups: [{ id: 'g', name: { en: 'G' } }],
    items: [
      { id: 'early', kind: 'task', group: 'g', title: { en: 'Early' }, lead: 'ward', due: '2024-03-01' },
      { id: 'later', kind: 'task', group: 'g', title: { en: 'Later' }, lead: 'dept', due: '2024-03-20' },
    ],
  }),
);

function stateAfter(events: Partial<StoredEvent>[], now: string) {
  const state = createProjection(catalog);
  events.forEach((e, i) => apply(catalog, state, { id: `e${i}`, unit: 'dept', at: e.receivedAt, seq: i + 1, by: 'desk', ...e } as StoredEvent));
  return derive(catalog, state, Date.parse(now));
}
const T = '2024-04-02T08:00:00.000Z';
const base = [
  { type: 'indicator.reported', indicator: 'level', value: 2, period: '2024-04-02', unit: 'dept', receivedAt: '2024-04-02T07:00:00.000Z' },
  { type: 'alert.acknowledged', alert: 'overdue:early', note: 'on it', receivedAt: '2024-04-02T07:30:00.000Z' },
] as Partial<StoredEvent>[];

describe('the desk alerts', () => {
  it('lists active alerts newest first, with the unit each is about, and filters by kind and by unit (and the units below it)', () => {
    const state = stateAfter(base, T);
    const all = deskAlerts(catalog, state, { kind: null, unit: null });
    expect(all.alerts.map((a) => [a.id, a.unit])).toEqual([
      ['indicator:level', null],
      ['overdue:later', 'dept'],
      ['overdue:early', 'ward'],
    ]);
    expect([all.total, all.open]).toEqual([3, 2]);
    expect(deskAlerts(catalog, state, { kind: 'overdue', unit: 'town' }).alerts.map((a) => a.id)).toEqual(['overdue:early']);
    expect(deskAlerts(catalog, state, { kind: 'indicator_bad', unit: null }).alerts.map((a) => a.id)).toEqual(['indicator:level']);
    expect(deskAlerts(catalog, state, { kind: null, unit: 'dept' }).alerts.map((a) => a.id)).toEqual(['overdue:later']);
  });

  it('tells of each acknowledgement whether its alert goes on, cleared, or fired again', () => {
    const done = { type: 'progress.reported', item: 'early', status: 'done', unit: 'ward', receivedAt: '2024-04-02T07:40:00.000Z' } as Partial<StoredEvent>;
    expect(recentAcks(stateAfter(base, T), 5)).toEqual([{ alert: 'overdue:early', ack: { at: '2024-04-02T07:30:00.000Z', unit: 'dept', by: 'desk', note: 'on it' }, now: 'active' }]);
    expect(recentAcks(stateAfter([...base, done], T), 5)[0]?.now).toBe('cleared');
    const reopened = { type: 'progress.reported', item: 'early', status: 'in_progress', unit: 'ward', receivedAt: '2024-04-02T07:50:00.000Z' } as Partial<StoredEvent>;
    expect(recentAcks(stateAfter([...base, done, reopened], T), 5)[0]?.now).toBe('refired');
  });

  it('shows unfinished deliveries first, oldest first, then finished ones newest first', () => {
    const alert = { id: 'indicator:level', kind: 'indicator_bad', subject: 'level', since: T, name: 'Level' };
    const state = stateAfter(
      [
        { type: 'webhook.queued', id: 'd1', webhook: 'w', event: 'alert.fired', alert, receivedAt: '2024-04-02T07:00:00.000Z' },
        { type: 'webhook.queued', id: 'd2', webhook: 'w', event: 'alert.fired', alert, receivedAt: '2024-04-02T07:01:00.000Z' },
        { type: 'webhook.queued', id: 'd3', webhook: 'w', event: 'alert.fired', alert, receivedAt: '2024-04-02T07:02:00.000Z' },
        { type: 'webhook.attempted', id: 'd1.a1', delivery: 'd1', attempt: 1, receivedAt: '2024-04-02T07:03:00.000Z' },
        { type: 'webhook.result', id: 'd1.r1', delivery: 'd1', attempt: 1, outcome: 'delivered', status: 200, receivedAt: '2024-04-02T07:04:00.000Z' },
      ] as Partial<StoredEvent>[],
      T,
    );
    expect(deliveriesToShow(state.webhooks, 10).map((d) => [d.id, d.outcome])).toEqual([
      ['d2', 'pending'],
      ['d3', 'pending'],
      ['d1', 'delivered'],
    ]);
  });
});
