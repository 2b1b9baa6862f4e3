import type { Catalog } from '../catalog';
import type { StateView } from '../projection';
import { addDays, localDay } from '../time';
import { dayOf } from './late';
import { rankedIndicator } from './units';

export interface UnitScore {
  unit: string;
  /** Items the unit leads that are done or past due, and those of them done by their due day. */
  onTime: { done: number; due: number; share: number | null };
  /** The unit's rate and the target; share = min(1, rate / target). */
  online: { rate: number | null; target: number | null; share: number | null };
  /** Days among the last `reportingDays` (up to yesterday) with a report from the unit. */
  reporting: { days: number; of: number; share: number | null };
  /** 0 to 100: the weighted mean of the shares the unit has, weights re-normalised over them; null with none. */
  score: number | null;
}

/**
 * The year-end emulation view: per unit, its share of due items done on time, its online rate
 * against target and its reporting punctuality, weighted as the province config says.
 */
export function scorecard(catalog: Catalog, state: StateView): UnitScore[] {
  const { weights, reportingDays } = catalog.config.briefing.scorecard;
  const tz = catalog.config.province.timeZone;
  const today = dayOf(catalog, state);
  const firstDay = addDays(today, -reportingDays);
  const indicator = rankedIndicator(catalog);
  const target = indicator?.target ?? null;
  const rates = indicator ? (state.indicators[indicator.id]?.byScope ?? {}) : {};

  const items = new Map<string, { done: number; due: number }>();
  const days = new Map<string, Set<string>>();
  const reportDay = (unit: string, day: string) => {
    if (day < firstDay || day >= today) return;
    const set = days.get(unit) ?? new Set<string>();
    days.set(unit, set);
    set.add(day);
  };
  for (const config of catalog.config.items) {
    const item = state.items[config.id];
    if (!item) continue;
    const tally = items.get(config.lead) ?? { done: 0, due: 0 };
    items.set(config.lead, tally);
    const done = item.status === 'done';
    if (done || item.overdue) tally.due += 1;
    // Done as planned (no report yet) or reported done by the end of its due day.
    if (done && (item.updatedAt === null || localDay(Date.parse(item.updatedAt), tz) <= config.due)) tally.done += 1;
    for (const point of item.history) reportDay(config.lead, localDay(Date.parse(point.at), tz));
  }
  for (const scopes of Object.values(state.counters)) {
    for (const [unit, byDay] of Object.entries(scopes)) for (const day of Object.keys(byDay)) reportDay(unit, day);
  }

  const rows = catalog.config.units.map((unit): UnitScore => {
    const tally = items.get(unit.id) ?? { done: 0, due: 0 };
    const rate = rates[unit.id]?.value ?? null;
    const reported = days.get(unit.id)?.size ?? 0;
    const row: Omit<UnitScore, 'score'> = {
      unit: unit.id,
      onTime: { ...tally, share: tally.due ? tally.done / tally.due : null },
      online: { rate, target, share: rate !== null && target ? Math.min(1, rate / target) : null },
      reporting: { days: reported, of: reportingDays, share: reported / reportingDays },
    };
    const parts: [number, number | null][] = [
      [weights.onTime, row.onTime.share],
      [weights.online, row.online.share],
      [weights.reporting, row.reporting.share],
    ];
    const counted = parts.filter(([w, s]) => s !== null && w > 0);
    const total = counted.reduce((a, [w]) => a + w, 0);
    return { ...row, score: total > 0 ? (100 * counted.reduce((a, [w, s]) => a + w * s!, 0)) / total : null };
  });
  return rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.unit.localeCompare(b.unit));
}
