import { describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import { ProvinceConfigSchema } from '@shared/config';
import type { StoredEvent } from '@shared/events';
import { apply, createProjection, derive, type Projection } from '@shared/projection';
import { alertChanges, deliveryId, wants } from './changes';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    units: [
      { id: 'ops', kind: 'agency', name: { en: 'Ops' } },
      { id: 'town', kind: 'locality', name: { en: 'Town' } },
      { id: 'ward', kind: 'locality', name: { en: 'Ward' }, parent: 'town' },
    ],
    indicators: [{ id: 'level', kind: 'gauge', name: { en: 'Level' }, thresholds: { warn: 10, bad: 5 } }],
    groups: [{ id: 'g', name: { en: 'G' } }],
    items: [{ id: 'late', kind: 'task', group: 'g', title: { en: 'Late task' }, lead: 'ward', official: { en: 'Chair, Ward' }, due: '2024-01-01' }],
    webhooks: [
      { id: 'all', url: 'https://a.example.org/hook', secret: 'sixteen-characters' },
      { id: 'town', url: 'https://b.example.org/hook', secret: 'sixteen-characters', kinds: ['overdue', 'indicator_bad'], units: ['town'] },
    ],
  }),
);
const now = Date.parse('2024-04-02T08:00:00Z');
let seq = 0;
function feed(state: Projection, event: Record<string, unknown>): Projection {
  seq += 1;
  const receivedAt = new Date(now).toISOString();
  return apply(catalog, state, { id: `e${seq}`, unit: '_system', at: receivedAt, seq, receivedAt, by: 'server', ...event } as StoredEvent);
}
const changesOf = (state: Projection, at = now) => alertChanges(catalog, derive(catalog, state, at).alerts, state.webhooks, at);

describe('alert changes for webhooks', () => {
  it('filters by kind and by unit, counting units below a listed one', () => {
    const town = catalog.config.webhooks[1]!;
    expect(wants(catalog, town, { kind: 'overdue', subject: 'late' })).toBe(true);
    expect(wants(catalog, town, { kind: 'indicator_bad', subject: 'level' })).toBe(false);
    expect(wants(catalog, town, { kind: 'unit_silent', subject: 'ward' })).toBe(false);
  });

  it('queues each firing once per webhook with a delivery id every node computes alike, then its clearing', () => {
    const state = createProjection(catalog);
    const fired = changesOf(state);
    expect(fired.map((c) => [c.webhook, c.event, c.alert.id])).toEqual([
      ['all', 'alert.fired', 'overdue:late'],
      ['town', 'alert.fired', 'overdue:late'],
    ]);
    expect(fired[0]).toMatchObject({ id: deliveryId('all', 'overdue:late', 'alert.fired', '2024-01-01T17:00:00.000Z'), alert: { name: 'Late task', lead: 'ward', official: 'Chair, Ward' }, at: '2024-01-01T17:00:00.000Z' });
    for (const c of fired) feed(state, { type: 'webhook.queued', id: c.id, webhook: c.webhook, event: c.event, alert: c.alert });
    expect(changesOf(state)).toEqual([]);
    feed(state, { type: 'progress.reported', unit: 'ward', item: 'late', status: 'done' });
    const cleared = changesOf(state);
    expect(cleared.map((c) => [c.webhook, c.event, c.alert.since])).toEqual([
      ['all', 'alert.cleared', '2024-01-01T17:00:00.000Z'],
      ['town', 'alert.cleared', '2024-01-01T17:00:00.000Z'],
    ]);
    expect(cleared[0]!.at).toBe(new Date(now).toISOString());
  });

  it('tells a receiver of a clearing and a new firing it missed between two looks, in that order', () => {
    const state = createProjection(catalog);
    feed(state, { type: 'webhook.queued', id: 'old', webhook: 'all', event: 'alert.fired', alert: { id: 'overdue:late', kind: 'overdue', subject: 'late', since: '2023-12-01T00:00:00.000Z', name: 'Late task' } });
    const changes = changesOf(state).filter((c) => c.webhook === 'all');
    expect(changes.map((c) => [c.event, c.alert.since])).toEqual([
      ['alert.cleared', '2023-12-01T00:00:00.000Z'],
      ['alert.fired', '2024-01-01T17:00:00.000Z'],
    ]);
  });
});
