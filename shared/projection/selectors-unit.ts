import { isWithin, type Catalog } from '../catalog';
import { addDays, daysBetween, localDay } from '../time';
import type { ItemView, StateView } from './derive';

// What a unit's console shows of the state: pure, judged at the instant `now` in the province's time zone.

export interface OwnItem extends ItemView {
  id: string;
  /** Days past its due day (0 when not overdue). */
  daysLate: number;
}

/** The items `unit` leads: overdue first (most late first), then at risk, then by due day. */
export function itemsLedBy(state: StateView, unit: string, now: number, timeZone: string): OwnItem[] {
  const today = localDay(now, timeZone);
  return Object.entries(state.items)
    .filter(([, i]) => i.lead === unit)
    .map(([id, i]) => ({ ...i, id, daysLate: i.overdue ? daysBetween(i.due, today) : 0 }))
    .sort((a, b) => b.daysLate - a.daysLate || Number(b.atRisk) - Number(a.atRisk) || a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
}

export interface ReportGaps {
  indicator: string;
  /** Days of this week (from Monday) up to today with no value for the unit. */
  missingWeek: string[];
  /** Days of this month up to today with no value for the unit. */
  missingMonth: string[];
  /** The latest day with a value, or null. */
  lastDay: string | null;
}

/** For each daily counter, the days of this week and month on which `unit` has reported nothing. */
export function reportGaps(catalog: Catalog, state: StateView, unit: string, now: number): ReportGaps[] {
  const today = localDay(now, catalog.config.province.timeZone);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -weekday);
  const first = `${today.slice(0, 8)}01`;
  return catalog.config.indicators
    .filter((i) => i.kind === 'counter')
    .map((i) => {
      const days = state.counters[i.id]?.[unit] ?? {};
      const missing = (from: string) => {
        const out: string[] = [];
        for (let d = from; d <= today; d = addDays(d, 1)) if (days[d] === undefined) out.push(d);
        return out;
      };
      const reported = Object.keys(days).sort();
      return { indicator: i.id, missingWeek: missing(monday), missingMonth: missing(first), lastDay: reported.at(-1) ?? null };
    });
}

/** The units `unit` may report about: itself and every unit below it, itself first. */
export function reportableScopes(catalog: Catalog, unit: string): string[] {
  return [unit, ...catalog.config.units.filter((u) => u.id !== unit && isWithin(catalog, u.id, unit)).map((u) => u.id)];
}
