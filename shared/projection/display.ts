import type { Catalog } from '../catalog';
import type { ItemConfig } from '../config';
import { addDays, localDay } from '../time';
import { packArrivals, unpackArrivals } from './display-arrivals';
import { packParts, unpackParts } from './display-pack';
import { ratioDaySums } from './series';
import { initialProgress, type DisplayHold, type ItemProgress, type Projection } from './state';
import { createLedger } from './webhooks';

/**
 * Days of the province's per-day sums a display holds, today included: the wall's 30-day trend
 * (and one more day). Older days live on in the totals.
 */
export const DISPLAY_DAYS = 31;

/**
 * The fewest days of per-scope per-day values a display holds, today included: today and
 * yesterday, the days most reports and corrections are for. No display screen reads a scope's
 * day (the tile map and rankings read `totals`; a unit's console gets the full projection):
 * `apply` needs them to carry a report's change to the totals. A report for an older day marks
 * the copy stale, and every display of the deployment then takes a fresh snapshot.
 */
export const DISPLAY_SCOPE_DAYS = 2;

/** Per-scope per-day cells a display may hold (each counter, each unit, each day): about 80 KB packed (display-pack.ts), 500 KB as maps. */
const SCOPE_CELLS = 20_000;

/**
 * Days of per-scope values a display of this deployment holds: as many of the trend's days as
 * fit in `SCOPE_CELLS` (a province of a few dozen units: all 31, so a correction within the
 * month is applied in place), but never fewer than `DISPLAY_SCOPE_DAYS` (the nation, 3,355 units:
 * two, or its snapshot would pass 1 MB). Days in between come as province sums.
 */
export function displayScopeDays(catalog: Catalog): number {
  const counters = catalog.config.indicators.filter((i) => i.kind === 'counter').length;
  const perDay = Math.max(1, counters * catalog.units.size);
  return Math.min(DISPLAY_DAYS, Math.max(DISPLAY_SCOPE_DAYS, Math.floor(SCOPE_CELLS / perDay)));
}

type Cells = Projection['counters'];

/** The cells of `map` for days on or after `from`. */
function daysFrom(map: Cells, from: string): Cells {
  const out: Cells = {};
  for (const [id, scopes] of Object.entries(map)) {
    const kept: Record<string, Record<string, number>> = {};
    for (const [scope, days] of Object.entries(scopes)) {
      const recent: Record<string, number> = {};
      for (const day in days) if (day >= from) recent[day] = days[day]!;
      if (Object.keys(recent).length) kept[scope] = recent;
    }
    out[id] = kept;
  }
  return out;
}

/** Per-day province sums of every ratio's counters for the days from `first` to before `from`, by key (`ratioDaySums`). */
function olderSums(catalog: Catalog, state: Projection, first: string, from: string): DisplayHold['sums'] {
  const days: string[] = [];
  for (let day = first; day < from; day = addDays(day, 1)) days.push(day);
  const out: DisplayHold['sums'] = {};
  for (const ratio of catalog.config.indicators) {
    if (ratio.kind !== 'ratio') continue;
    for (const [key, values] of Object.entries(ratioDaySums(state, ratio, days))) {
      const byDay: Record<string, number> = {};
      values.forEach((v, i) => {
        if (v !== undefined) byDay[days[i]!] = v;
      });
      out[key] = byDay;
    }
  }
  return out;
}

/** The latest `at` (ms) among the reports in force for days on or after `from`; 0 when none. */
function latestAt(reportedAt: Cells, from: string): number {
  let latest = 0;
  for (const scopes of Object.values(reportedAt)) for (const days of Object.values(scopes)) for (const day in days) if (day >= from && days[day]! > latest) latest = days[day]!;
  return latest;
}

/** True while an item is as its config starts it: a display can rebuild it from the config. */
function atPlannedStart(item: ItemConfig, progress: ItemProgress): boolean {
  const start = initialProgress(item);
  const [a, b] = [progress.history, start.history];
  const sameHistory = a.length === b.length && a.every((p, i) => p.at === b[i]!.at && p.percent === b[i]!.percent);
  return progress.status === start.status && progress.percent === start.percent && progress.updatedAt === start.updatedAt && progress.note === undefined && sameHistory;
}

/**
 * The projection a display receives (issue 21): what its screens show and what `apply` needs to
 * keep showing it right, no operator-only part. Left out: per-scope per-day values older than
 * `displayScopeDays` (the trend's older days come as province sums, `display.sums`), `reportedAt` (replaced by one bound, `display.atMost`: see `takesOver`), items
 * still at their planned start and units that never reported (the config rebuilds them:
 * `restoreDisplay`), report arrivals older than the scorecard's window (for a `wall`, all of
 * them: only the briefing's scorecard reads them; a briefing screen gets them packed,
 * `display.arrived`, which `restoreDisplay` unpacks), the webhook ledger and token details. The
 * bulky parts (items, units, gauges, per-scope days and totals) come packed, `display.packed`
 * (display-pack.ts), which `restoreDisplay` unpacks. An
 * event that needs a left-out part marks the copy `display.stale`, and the display asks for a
 * fresh snapshot. Pure: a snapshot cache keys it on (seq, audience).
 */
export function displayProjection(catalog: Catalog, state: Projection, now: number, screen: 'wall' | 'any' = 'any', scopeDays = displayScopeDays(catalog)): Projection {
  const today = localDay(now, catalog.config.province.timeZone);
  const from = addDays(today, -(scopeDays - 1));
  const items: Projection['items'] = {};
  for (const item of catalog.config.items) {
    const progress = state.items[item.id];
    if (progress && !atPlannedStart(item, progress)) items[item.id] = progress;
  }
  // The scorecard counts arrivals of the days before today within its window; older ones it never reads again.
  const arrivedFrom = addDays(today, -catalog.config.briefing.scorecard.reportingDays);
  const arrived = screen === 'wall' ? {} : { arrived: packArrivals(catalog, state.scoring.arrivals, arrivedFrom) };
  const parts = { items, units: state.units, gauges: state.gauges, totals: state.totals, counters: daysFrom(state.counters, from), reportedOwn: daysFrom(state.reportedOwn, from) };
  // A whole number of ms (a simulated clock's `now` can have a fraction): the packed times are whole ms before it.
  const packed = packParts(catalog, parts, state.asOf === null ? Math.floor(now) : Date.parse(state.asOf));
  const { tokens: _tokens, ...shown } = state;
  return {
    ...shown,
    counters: {},
    reportedAt: {},
    reportedOwn: {},
    totals: {},
    gauges: {},
    items: {},
    units: {},
    scoring: { doneAt: state.scoring.doneAt, arrivals: {} },
    webhooks: createLedger(),
    display: { from, atMost: latestAt(state.reportedAt, from), sums: olderSums(catalog, state, addDays(today, -(DISPLAY_DAYS - 1)), from), ...arrived, packed },
  };
}

/** A display's projection made whole again for `apply` (in place): its packed parts and arrivals unpacked, the items and units it left out from the config. */
export function restoreDisplay(catalog: Catalog, projection: Projection): Projection {
  if (projection.display?.arrived) {
    projection.scoring.arrivals = unpackArrivals(catalog, projection.display.arrived);
    delete projection.display.arrived;
  }
  if (projection.display?.packed) {
    // Checked against the projection's own types: display-pack.ts spells them out, so a field the
    // projection gains that the packing lacks must fail to compile here.
    const { items, units, gauges, counters, reportedOwn, totals } = unpackParts(catalog, projection.display.packed);
    Object.assign(projection, { items, units, gauges, counters, reportedOwn, totals } satisfies Pick<Projection, 'items' | 'units' | 'gauges' | 'counters' | 'reportedOwn' | 'totals'>);
    delete projection.display.packed;
  }
  for (const item of catalog.config.items) projection.items[item.id] ??= initialProgress(item);
  for (const unit of catalog.config.units) projection.units[unit.id] ??= { lastReportAt: null };
  return projection;
}
