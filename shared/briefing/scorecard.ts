import type { Catalog } from '../catalog';
import type { StateView } from '../projection';
import { isWorkingDay } from '../projection/scoring';
import { addDays, localDay } from '../time';
import { dayOf } from './late';
import { rankedIndicator } from './units';

export interface UnitScore {
  unit: string;
  /** Items the unit leads that are done or past due, and those of them first done (the `at` of the first `done` report) by their due day. */
  onTime: { done: number; due: number; share: number | null };
  /** The unit's rate and the target; share = min(1, rate / target). */
  online: { rate: number | null; target: number | null; share: number | null };
  /**
   * Working days (Monday to Friday, minus the config's holidays) among the last `reportingDays`
   * days up to yesterday: `days` whose report arrived by the cutoff that day, `late` ones reported
   * only afterwards, `of` them in all.
   */
  reporting: { days: number; late: number; of: number; share: number | null };
  /** 0 to 100: the weighted mean of the shares the unit has, weights re-normalised over them; null with none. */
  score: number | null;
}

/**
 * The year-end emulation view: per unit, its share of due items done on time, its online rate
 * against target and its timely reporting, weighted as the province config says. An emulation
 * aid, not the national service index of Decision 766/QĐ-TTg.
 */
export function scorecard(catalog: Catalog, state: StateView): UnitScore[] {
  const { weights, reportingDays } = catalog.config.briefing.scorecard;
  const tz = catalog.config.province.timeZone;
  const today = dayOf(catalog, state);
  const workingDays: string[] = [];
  for (let d = addDays(today, -reportingDays); d < today; d = addDays(d, 1)) if (isWorkingDay(catalog, d)) workingDays.push(d);
  const indicator = rankedIndicator(catalog);
  const target = indicator?.target ?? null;
  const rates = indicator ? (state.indicators[indicator.id]?.byScope ?? {}) : {};
  const { doneAt, arrivals } = state.scoring ?? { doneAt: {}, arrivals: {} };

  const items = new Map<string, { done: number; due: number }>();
  for (const config of catalog.config.items) {
    const item = state.items[config.id];
    if (!item) continue;
    const tally = items.get(config.lead) ?? { done: 0, due: 0 };
    items.set(config.lead, tally);
    const done = item.status === 'done';
    if (done || item.overdue) tally.due += 1;
    // Done when first reported done, whatever was reported about it later; an undated planned start counts as on time.
    const first = doneAt[config.id];
    if (done && (first === undefined || localDay(Date.parse(first), tz) <= config.due)) tally.done += 1;
  }

  const rows = catalog.config.units.map((unit): UnitScore => {
    const tally = items.get(unit.id) ?? { done: 0, due: 0 };
    const rate = rates[unit.id]?.value ?? null;
    const arrived = arrivals[unit.id] ?? {};
    const timely = workingDays.filter((d) => arrived[d] === true).length;
    const late = workingDays.filter((d) => arrived[d] === false).length;
    const row: Omit<UnitScore, 'score'> = {
      unit: unit.id,
      onTime: { ...tally, share: tally.due ? tally.done / tally.due : null },
      online: { rate, target, share: rate !== null && target ? Math.min(1, rate / target) : null },
      reporting: { days: timely, late, of: workingDays.length, share: workingDays.length ? timely / workingDays.length : null },
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
