import type { Catalog } from '../catalog';
import type { StoredEvent } from '../events';
import { addDays, startOfLocalDay } from '../time';

/** Days of arrivals kept per unit: the scorecard's longest reporting window (a quarter) and a margin. */
export const SCORING_DAYS_KEPT = 100;

/**
 * What the year-end scorecard needs beyond the rest of the projection: when each item was first
 * done, and whether each unit's daily report arrived in time. Kept small: one time per item, one
 * flag per unit and day for the last `SCORING_DAYS_KEPT` days.
 */
export interface ScoringState {
  /** item id -> the earliest `at` of a `done` report (or the config's `initial.at` for an item that starts done). */
  doneAt: Record<string, string>;
  /** unit -> day -> true when a report for that day arrived by the cutoff on that day, false when only later. */
  arrivals: Record<string, Record<string, boolean>>;
}

/** The scoring state of an empty log: items that start done with a dated start were done then. */
export function createScoring(catalog: Catalog): ScoringState {
  const doneAt: Record<string, string> = {};
  for (const item of catalog.config.items) if (item.initial.status === 'done' && item.initial.at !== undefined) doneAt[item.id] = new Date(item.initial.at).toISOString();
  return { doneAt, arrivals: {} };
}

/** The instant a report for `day` is due by: the config's cutoff (`HH:MM`, province time) on that day. */
export function cutoffOf(catalog: Catalog, day: string): number {
  // Asked on every report: the day's start is remembered (time.ts); the config holds `HH:MM`.
  const cutoff = catalog.config.scoring.cutoff;
  const minutes = Number(cutoff.slice(0, 2)) * 60 + Number(cutoff.slice(3, 5));
  return startOfLocalDay(day, catalog.config.province.timeZone) + minutes * 60_000;
}

/** Records what one event tells the scorecard (`at` and `receivedAt` in UTC ISO form). */
export function trackScoring(catalog: Catalog, scoring: ScoringState, event: StoredEvent, at: string, receivedAt: string): void {
  if (event.type === 'progress.reported' && event.status === 'done' && catalog.items.has(event.item)) {
    const first = scoring.doneAt[event.item];
    if (first === undefined || at < first) scoring.doneAt[event.item] = at;
  } else if (event.type === 'indicator.reported' && catalog.units.has(event.unit)) {
    const days = (scoring.arrivals[event.unit] ??= {});
    const held = days[event.period];
    if (held === true) return;
    days[event.period] = Date.parse(receivedAt) <= cutoffOf(catalog, event.period);
    // Only a new day can take the map past its size.
    if (held === undefined) prune(days, event.period);
  }
}

/** Drops days far older than the newest one given, now and then, so the map stays small. */
function prune(days: Record<string, boolean>, newest: string): void {
  const keys = Object.keys(days);
  if (keys.length <= SCORING_DAYS_KEPT + 30) return;
  const from = addDays(keys.reduce((a, b) => (b > a ? b : a), newest), -SCORING_DAYS_KEPT);
  for (const day of keys) if (day < from) delete days[day];
}

/** Monday to Friday, minus the config's holidays. */
export function isWorkingDay(catalog: Catalog, day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !catalog.config.scoring.holidays.includes(day);
}
