import { createHash } from 'node:crypto';
import type { Catalog } from '@shared/catalog';
import { computeIndicator, type Projection } from '@shared/projection';
import { localDay, localYear } from '@shared/time';

/** What the upstream deployment accepts from this one (read from its `/api/v1/me` and `/api/v1/config`). */
export interface UpstreamShape {
  /** The unit this deployment reports as at the upstream (its token's unit). */
  unit: string;
  /** Counters and gauges the upstream knows, by id. */
  indicators: Record<string, 'counter' | 'gauge'>;
  /** Items the upstream's config names that this deployment's unit leads there: their progress is forwarded. */
  items: string[];
}

/** One value to report upstream: its ledger key, the value's fingerprint, and the event without `id`, `unit` and `at`. */
export interface Reading {
  key: string;
  fingerprint: string;
  /** Part of the event id after the deployment: indicator and period, or the item. */
  idPart: string;
  fields: Record<string, unknown>;
}

/**
 * Everything this deployment reports upstream, as of its projection now: each counter's province
 * value for every day the projection holds, each gauge's province value (for today), and the
 * progress of the items the upstream names. Ratios are left out: the upstream derives them.
 * `shape` null (the upstream never reached yet): every counter and gauge, no item.
 */
export function readings(catalog: Catalog, projection: Projection, now: number, shape: UpstreamShape | null): Reading[] {
  const tz = catalog.config.province.timeZone;
  const today = localDay(now, tz);
  const wanted = (id: string, kind: 'counter' | 'gauge') => (shape ? shape.indicators[id] === kind : true);
  const out: Reading[] = [];
  for (const indicator of catalog.config.indicators) {
    if (indicator.kind === 'counter' && wanted(indicator.id, 'counter')) {
      // A day's province value is the sum of every scope's report for that day, as the province's own total counts it.
      const byDay = new Map<string, number>();
      for (const days of Object.values(projection.counters[indicator.id] ?? {})) {
        for (const [day, value] of Object.entries(days)) byDay.set(day, (byDay.get(day) ?? 0) + value);
      }
      for (const [period, value] of byDay) {
        out.push({ key: `c:${indicator.id}:${period}`, fingerprint: String(value), idPart: `${indicator.id}:${period}`, fields: { type: 'indicator.reported', indicator: indicator.id, period, value } });
      }
    } else if (indicator.kind === 'gauge' && wanted(indicator.id, 'gauge')) {
      const value = computeIndicator(catalog, projection, indicator, localYear(now, tz), false).value;
      if (value === null) continue;
      out.push({ key: `g:${indicator.id}`, fingerprint: String(value), idPart: `${indicator.id}:${today}`, fields: { type: 'indicator.reported', indicator: indicator.id, period: today, value } });
    }
  }
  for (const id of shape?.items ?? []) {
    const item = projection.items[id];
    if (!item || item.updatedAt === null) continue;
    const fields = { type: 'progress.reported', item: id, status: item.status, percent: item.percent, ...(item.note !== undefined ? { note: item.note } : {}) };
    out.push({ key: `i:${id}`, fingerprint: JSON.stringify(fields), idPart: id, fields });
  }
  return out;
}

const ID_MAX = 100;

const digest = (text: string, length: number) => createHash('sha256').update(text).digest('base64url').slice(0, length);

/**
 * Eight characters that name a log's epoch in upstream ids. A log that starts again (Redis lost
 * its data, a repair fell back to a new log) counts `seq` from 1 again under a new epoch: without
 * it, a value computed at seq 40 of the new log would reuse the id of seq 40 of the old one.
 */
export const epochTag = (epoch: string) => digest(epoch, 8);

/**
 * The upstream event id of a reading computed at source `seq` of the log `epoch`:
 * `<deployment>:<indicator>:<period>:<epoch tag>:<seq>` (`<deployment>:<item>:…` for an item), so
 * a retry is a duplicate there, and the same value reported again after a change is a new event.
 */
export function upstreamId(deployment: string, reading: Reading, epoch: string, seq: number): string {
  const id = `${deployment}:${reading.idPart}:${epochTag(epoch)}:${seq}`;
  if (id.length <= ID_MAX) return id;
  // Long config ids: a digest keeps the id within the API's 100 characters and still unique.
  const hash = digest(id, 32);
  return `${id.slice(0, ID_MAX - hash.length - 1)}:${hash}`;
}

const REISSUED = /\.[\w-]{8}$/;

/**
 * The id under which an event is sent again after the upstream answered that its id holds other
 * content there (409 `id_conflict`): the id with `.` and a digest of the event's content, so a
 * retry of the new event is still a duplicate. Null for an event already given one: it is dropped.
 */
export function reissuedId(event: Record<string, unknown> & { id: string }): string | null {
  if (REISSUED.test(event.id)) return null;
  const { id, ...content } = event;
  return `${id.slice(0, ID_MAX - 9)}.${digest(JSON.stringify(content), 8)}`;
}
