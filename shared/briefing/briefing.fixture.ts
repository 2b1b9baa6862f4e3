import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import type { IocEvent, StoredEvent } from '../events';
import { apply, createProjection, derive, type Projection, type StateView } from '../projection';

/** A small province for the briefing's tests: three localities, two agencies, two groups, three models. */
export const config = ProvinceConfigSchema.parse({
  province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['en'],
  defaultLocale: 'en',
  alerts: { silentAfterHours: 24, atRiskDays: 7, atRiskBelowPercent: 80 },
  units: [
    { id: 'a', kind: 'locality', name: { en: 'A' } },
    { id: 'b', kind: 'locality', name: { en: 'B' } },
    { id: 'c', kind: 'locality', name: { en: 'C' } },
    { id: 'a1', kind: 'locality', name: { en: 'A1' }, parent: 'a' },
    { id: 'x', kind: 'agency', name: { en: 'X' } },
    { id: 'y', kind: 'enterprise', name: { en: 'Y' } },
  ],
  indicators: [
    { id: 'online', kind: 'counter', name: { en: 'Online' } },
    { id: 'total', kind: 'counter', name: { en: 'Total' } },
    { id: 'rate', kind: 'ratio', name: { en: 'Rate' }, numerator: 'online', denominator: 'total', format: 'percent', target: 0.8, thresholds: { warn: 0.8, bad: 0.5 }, headline: true },
    { id: 'services', kind: 'gauge', name: { en: 'Services' }, aggregate: 'latest', target: 20, headline: true },
  ],
  groups: [
    { id: 'g1', name: { en: 'G1' } },
    { id: 'g2', name: { en: 'G2' } },
  ],
  items: [
    { id: 't1', kind: 'task', group: 'g1', title: { en: 'T1' }, lead: 'a', official: { en: 'Chair, A' }, due: '2024-04-05', initial: { status: 'in_progress', percent: 40 } },
    { id: 't2', kind: 'task', group: 'g1', title: { en: 'T2' }, lead: 'a', official: { en: 'Deputy, A' }, due: '2024-04-12', initial: { status: 'in_progress', percent: 50 } },
    { id: 't3', kind: 'task', group: 'g2', title: { en: 'T3' }, lead: 'x', due: '2024-05-30', initial: { status: 'done', percent: 100 } },
    { id: 't4', kind: 'task', group: 'g2', title: { en: 'T4' }, lead: 'x', due: '2024-04-06', initial: { status: 'in_progress', percent: 70 } },
    { id: 'm1', kind: 'model', title: { en: 'M1' }, lead: 'x', due: '2024-06-30', initial: { status: 'in_progress', percent: 80 }, accelerate: true },
    { id: 'm2', kind: 'model', title: { en: 'M2' }, lead: 'b', due: '2024-06-30', initial: { status: 'in_progress', percent: 20 } },
    { id: 'm3', kind: 'model', title: { en: 'M3' }, lead: 'y', due: '2024-06-30', initial: { status: 'blocked', percent: 10 }, accelerate: true },
  ],
});
export const catalog = catalogOf(config);

/** Builds stored events with consecutive seqs. */
export function logOf(events: (Partial<IocEvent> & Pick<IocEvent, 'type'> & { receivedAt: string })[]): StoredEvent[] {
  return events.map((e, i) => ({ id: `e${i + 1}`, unit: 'a', at: e.receivedAt, seq: i + 1, by: 'tok', ...e }) as StoredEvent);
}

/** The derived state after the first `seq` events, judged when the last of them arrived (as GET /state?seq= does). */
export function stateAt(log: StoredEvent[], seq: number, now?: string): StateView {
  const projection: Projection = createProjection(catalog);
  for (const e of log.slice(0, seq)) apply(catalog, projection, e);
  return derive(catalog, projection, Date.parse(now ?? projection.asOf ?? '2024-04-01T00:00:00Z'));
}

export const dossiers = (unit: string, day: string, online: number, total: number, receivedAt: string) => [
  { type: 'indicator.reported' as const, unit, indicator: 'online', value: online, period: day, receivedAt },
  { type: 'indicator.reported' as const, unit, indicator: 'total', value: total, period: day, receivedAt },
];
