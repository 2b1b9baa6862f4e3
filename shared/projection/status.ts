import type { IndicatorConfig } from '../config';
import type { IndicatorStatus } from './state';

/** The status of `value` against an indicator's thresholds, or against its target when it has none. */
export function statusOf(indicator: IndicatorConfig, value: number | null): IndicatorStatus {
  if (value === null || !Number.isFinite(value)) return 'nodata';
  const up = indicator.direction === 'up';
  const worse = (a: number, b: number) => (up ? a < b : a > b);
  if (indicator.thresholds) {
    if (worse(value, indicator.thresholds.bad)) return 'bad';
    if (worse(value, indicator.thresholds.warn)) return 'warn';
    return 'ok';
  }
  if (indicator.target !== undefined && worse(value, indicator.target)) return 'warn';
  return 'ok';
}
