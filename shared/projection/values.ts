import type { Catalog } from '../catalog';
import { GAUGE_LIMIT, type CounterIndicator, type GaugeIndicator } from '../config';
import { problem, type Problem } from '../problems';
import { addDays, localDay } from '../time';

/** The bounds a reported value must keep: counters whole numbers within ±`max`, gauges within `min`/`max`. */
export function valueBounds(indicator: CounterIndicator | GaugeIndicator): { min: number; max: number } {
  if (indicator.kind === 'counter') return { min: indicator.allowNegative ? -indicator.max : 0, max: indicator.max };
  const max = indicator.max ?? GAUGE_LIMIT;
  return { min: indicator.min ?? (indicator.allowNegative ? -GAUGE_LIMIT : 0), max };
}

/** Why `value` breaks the rules of its indicator (CONTRACT.md wave 3), or null when it keeps them. */
export function valueProblem(indicator: CounterIndicator | GaugeIndicator, value: number): Problem | null {
  if (!Number.isFinite(value)) return problem('not_finite');
  if (indicator.kind === 'counter' && !Number.isInteger(value)) return problem('must_be_whole', { value });
  const { min, max } = valueBounds(indicator);
  if (value < min) return min === 0 ? problem('must_not_be_negative', { value }) : problem('too_small', { minimum: min, value });
  if (value > max) return problem('too_big', { maximum: max, value });
  return null;
}

/** The oldest day whose per-day values are kept at instant `ms`: the `keepDays` window ends today. */
export function oldestKeptDay(catalog: Catalog, ms: number): string {
  return addDays(localDay(ms, catalog.config.province.timeZone), -(catalog.config.keepDays - 1));
}

/** Why a report for `period` cannot be taken at instant `ms` (older than the window), or null. */
export function periodProblem(catalog: Catalog, period: string, ms: number): Problem | null {
  const from = oldestKeptDay(catalog, ms);
  return period < from ? problem('period_too_old', { keepDays: catalog.config.keepDays, from, day: period }) : null;
}
