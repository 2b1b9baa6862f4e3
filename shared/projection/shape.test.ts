import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { LogEventType, StoredEvent } from '../events';
import { apply, createProjection, PROJECTION_VERSION } from './index';

/**
 * Snapshots of another PROJECTION_VERSION are ignored and the log replayed; a snapshot of the
 * same version but another shape would break `apply`. So the shape of what `createProjection`
 * and `apply` build is fingerprinted here, one fingerprint per version: change the shape, and
 * this fails until PROJECTION_VERSION is bumped and the new fingerprint recorded below.
 */
const FINGERPRINTS: Record<number, string> = {
  6: 'ddea243f',
  7: '2fc1b911',
  // The same shape as 7: the version moved because `snapshot.encoded` now carries a display's projection (display.ts), not the derived state.
  8: '2fc1b911',
  // The same shape again: a display's copy now holds per-scope days only for DISPLAY_SCOPE_DAYS, older trend days as sums, arrivals packed (display.ts).
  9: '2fc1b911',
  // The same shape again: a display's copy now carries items, units, gauges, per-scope days and totals packed (display-pack.ts).
  10: '2fc1b911',
};

const config = ProvinceConfigSchema.parse({
  province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['en'],
  defaultLocale: 'en',
  units: [
    { id: 'a', kind: 'locality', name: { en: 'A' } },
    { id: 'a1', kind: 'locality', name: { en: 'A1' }, parent: 'a' },
  ],
  indicators: [
    { id: 'online', kind: 'counter', name: { en: 'Online' }, parts: ['full', 'partial'] },
    { id: 'full', kind: 'counter', name: { en: 'Full' } },
    { id: 'partial', kind: 'counter', name: { en: 'Partial' } },
    { id: 'total', kind: 'counter', name: { en: 'Total' } },
    { id: 'rate', kind: 'ratio', name: { en: 'Rate' }, numerator: 'full', denominator: 'total', denominatorScopes: 'numerator' },
    { id: 'level', kind: 'gauge', name: { en: 'Level' } },
  ],
  groups: [{ id: 'g', name: { en: 'G' } }],
  items: [{ id: 't1', kind: 'task', group: 'g', title: { en: 'T1' }, lead: 'a', due: '2024-04-02' }],
});
const catalog = catalogOf(config);
const AT = '2024-04-02T07:00:00.000Z';

/** One event of every kind the projection keeps something for. */
const EVENTS: Record<string, unknown>[] = [
  { type: 'token.issued', unit: '_system', tokenId: 'k1', role: 'unit', tokenUnit: 'a', label: 'A' },
  { type: 'indicator.reported', unit: 'a', indicator: 'full', value: 3, period: '2024-04-01', scope: 'a1' },
  { type: 'indicator.reported', unit: 'a', indicator: 'partial', value: 2, period: '2024-04-01', scope: 'a1' },
  { type: 'indicator.reported', unit: 'a', indicator: 'online', value: 9, period: '2024-04-01', scope: 'a1' },
  { type: 'indicator.reported', unit: 'a', indicator: 'total', value: 4, period: '2024-04-01', scope: 'a1' },
  { type: 'indicator.reported', unit: 'a', indicator: 'total', value: 1e17, period: '2024-04-01' },
  { type: 'indicator.reported', unit: 'a', indicator: 'level', value: 7, period: '2024-04-01' },
  { type: 'progress.reported', unit: 'a', item: 't1', status: 'done', percent: 100, note: 'n' },
  { type: 'progress.reported', unit: 'a', item: 't1', status: 'in_progress', percent: 90 },
  { type: 'note.posted', unit: 'a', text: 'hello', severity: 'info' },
  { type: 'alert.acknowledged', unit: 'a', alert: 'overdue:t1', by: 'k1', note: 'seen' },
  { type: 'briefing.marked', unit: 'a', title: 'Q1' },
  { type: 'display.command', unit: 'a', target: 'all', action: 'show_page', page: 'overview', seconds: 60 },
  { type: 'display.command', unit: 'a', target: 'all', action: 'message', text: 'hi' },
];

/**
 * Whether EVENTS has an example of each event type: one entry per type, so a new type is a type
 * error here until it is decided (an example whose state the fingerprint sees, or why not).
 */
const EXAMPLE: { [T in LogEventType]: true | string } = {
  'indicator.reported': true,
  'progress.reported': true,
  'note.posted': true,
  'alert.acknowledged': true,
  'briefing.marked': true,
  'display.command': true,
  'token.issued': true,
  'token.revoked': 'sets revokedAt, an optional field of the entry token.issued makes',
  'webhook.queued': 'the webhook ledger: not fingerprinted beyond its empty maps',
  'webhook.attempted': 'the webhook ledger: not fingerprinted beyond its empty maps',
  'webhook.result': 'the webhook ledger: not fingerprinted beyond its empty maps',
  'log.damaged': 'keeps nothing (only seq moves on)',
};

/** The projection's shape: keys and the kinds of their values, arrays by their first entry. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
  );
}

/** FNV-1a of a text, as 8 hex digits: short enough to paste, enough to tell two shapes apart. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

describe('the projection shape', () => {
  it('is fingerprinted with an example of every event type marked so', () => {
    const marked = Object.keys(EXAMPLE).filter((type) => EXAMPLE[type as LogEventType] === true);
    expect(marked.filter((type) => !EVENTS.some((e) => e.type === type))).toEqual([]);
  });

  it('matches the fingerprint recorded for PROJECTION_VERSION (bump the version when it changes)', () => {
    const state = createProjection(catalog);
    EVENTS.forEach((e, i) => apply(catalog, state, { id: `e${i}`, at: AT, seq: i + 1, receivedAt: AT, by: 'k1', ...e } as StoredEvent));
    const fingerprint = fnv(JSON.stringify(shape(state)));
    expect(fingerprint, `the projection's shape changed: bump PROJECTION_VERSION and record ${PROJECTION_VERSION + 1}: '${fingerprint}'`).toBe(FINGERPRINTS[PROJECTION_VERSION]);
  });
});
