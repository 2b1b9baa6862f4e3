import type { Catalog } from '../catalog';
import { GAUGE_LIMIT, type CounterIndicator, type GaugeIndicator } from '../config';
import { addDays, localDay } from '../time';

/** The bounds a reported value must keep: counters whole numbers within ±`max`, gauges within `min`/`max`. */
export function valueBounds(indicator: CounterIndicator | GaugeIndicator): { min: number; max: number } {
  if (indicator.kind === 'counter') return { min: indicator.allowNegative ? -indicator.max : 0, max: indicator.max };
  const max = indicator.max ?? GAUGE_LIMIT;
  return { min: indicator.min ?? (indicator.allowNegative ? -GAUGE_LIMIT : 0), max };
}

/** Why `value` breaks the rules of its indicator (CONTRACT.md wave 3), or null when it keeps them. */
export function valueProblem(indicator: CounterIndicator | GaugeIndicator, value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (indicator.kind === 'counter' && !Number.isInteger(value)) return 'must be a whole number';
  const { min, max } = valueBounds(indicator);
  if (value < min) return min === 0 ? 'must not be negative' : `must be at least ${min}`;
  if (value > max) return `must be at most ${max}`;
  return null;
}

/** The oldest day whose per-day values are kept at instant `ms`: the `keepDays` window ends today. */
export function oldestKeptDay(catalog: Catalog, ms: number): string {
  return addDays(localDay(ms, catalog.config.province.timeZone), -(catalog.config.keepDays - 1));
}

/** Why a report for `period` cannot be taken at instant `ms` (older than the window), or null. */
export function periodProblem(catalog: Catalog, period: string, ms: number): string | null {
  const from = oldestKeptDay(catalog, ms);
  return period < from ? `is older than the ${catalog.config.keepDays}-day window (from ${from})` : null;
}
