import type { Catalog } from '../catalog';
import type { ItemStatus, Localized } from '../config';
import { forecastItem, forecastMisses, type Forecast } from '../forecast';
import type { StateView } from '../projection';
import { daysBetween, localDay } from '../time';

export interface LateEntry {
  id: string;
  kind: 'task' | 'model';
  status: ItemStatus;
  percent: number;
  due: string;
  overdue: boolean;
  atRisk: boolean;
  /** The forecast says it will finish after its due day (or it has stalled), and it is not overdue yet. */
  willMiss: boolean;
  /** Whole days past the due day; 0 when not overdue. */
  daysLate: number;
  /** The latest progress report's time, and its note; null when none was sent. */
  lastReportAt: string | null;
  note: string | null;
  forecast: Forecast;
  /** Neither overdue nor at risk at the baseline: late since the last briefing. */
  isNew: boolean;
}

export interface LateOfficial {
  /** The responsible official's title, per locale; null when the config names none. */
  official: Localized | null;
  items: LateEntry[];
}

export interface LateUnit {
  unit: string;
  overdue: number;
  items: number;
  officials: LateOfficial[];
}

/** The province's day at the moment a derived state was judged. */
export function dayOf(catalog: Catalog, state: StateView): string {
  return localDay(Date.parse(state.now), catalog.config.province.timeZone);
}

/** Every item's forecast at the state's moment (method: `forecastItem`). */
export function forecastAll(catalog: Catalog, state: StateView): Record<string, Forecast> {
  const today = dayOf(catalog, state);
  const { timeZone } = catalog.config.province;
  const out: Record<string, Forecast> = {};
  const { forecastReports } = catalog.config.briefing;
  const doneAt = state.scoring?.doneAt ?? {};
  for (const [id, item] of Object.entries(state.items)) out[id] = forecastItem({ ...item, doneAt: doneAt[id] ?? null }, today, timeZone, forecastReports, catalog.config.alerts.atRiskDays);
  return out;
}

const willMiss = forecastMisses;

/** The items whose forecast finishes after their due day, or that stalled, while not overdue yet: the wall's "will miss" flag. */
export function willMissIds(catalog: Catalog, state: StateView): Set<string> {
  const forecasts = forecastAll(catalog, state);
  return new Set(Object.keys(forecasts).filter((id) => willMiss(forecasts[id])));
}

/**
 * Overdue, at-risk and will-miss items grouped by lead unit, then by responsible official:
 * "clear people, clear tasks, clear time, clear responsibility". Units with the most overdue first.
 */
export function lateByUnit(catalog: Catalog, before: StateView | null, after: StateView): LateUnit[] {
  const today = dayOf(catalog, after);
  const forecasts = forecastAll(catalog, after);
  const units = new Map<string, Map<string, LateOfficial>>();
  for (const config of catalog.config.items) {
    const item = after.items[config.id];
    if (!item || !(item.overdue || item.atRisk || willMiss(forecasts[config.id]))) continue;
    const then = before?.items[config.id];
    const entry: LateEntry = {
      id: config.id,
      kind: config.kind,
      status: item.status,
      percent: item.percent,
      due: item.due,
      overdue: item.overdue,
      atRisk: item.atRisk,
      willMiss: willMiss(forecasts[config.id]),
      daysLate: item.overdue ? daysBetween(item.due, today) : 0,
      lastReportAt: item.updatedAt,
      note: item.note ?? null,
      forecast: forecasts[config.id]!,
      isNew: before !== null && then !== undefined && !then.overdue && !then.atRisk,
    };
    const officials = units.get(item.lead) ?? new Map<string, LateOfficial>();
    units.set(item.lead, officials);
    const key = config.official ? JSON.stringify(config.official) : '';
    const group = officials.get(key) ?? { official: config.official ?? null, items: [] };
    officials.set(key, group);
    group.items.push(entry);
  }
  const byUrgency = (a: LateEntry, b: LateEntry) => Number(b.overdue) - Number(a.overdue) || b.daysLate - a.daysLate || a.due.localeCompare(b.due) || a.id.localeCompare(b.id);
  const result: LateUnit[] = [...units].map(([unit, officials]) => {
    const groups = [...officials.values()];
    for (const g of groups) g.items.sort(byUrgency);
    const all = groups.flatMap((g) => g.items);
    return { unit, overdue: all.filter((e) => e.overdue).length, items: all.length, officials: groups };
  });
  const worst = (u: LateUnit) => Math.max(0, ...u.officials.flatMap((o) => o.items.map((i) => i.daysLate)));
  return result.sort((a, b) => b.overdue - a.overdue || b.items - a.items || worst(b) - worst(a) || a.unit.localeCompare(b.unit));
}
