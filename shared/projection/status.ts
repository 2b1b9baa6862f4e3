import type { IndicatorConfig } from '../config';
import type { IndicatorStatus } from './state';

/** The status of `value` against an indicator's thresholds, or against its target when it has none. */
export function statusOf(indicator: IndicatorConfig, value: number | null): IndicatorStatus {
  if (value === null || !Number.isFinite(value)) return 'nodata';
  const up = indicator.direction === 'up';
  if (indicator.thresholds) {
    if (worse(up, value, indicator.thresholds.bad)) return 'bad';
    if (worse(up, value, indicator.thresholds.warn)) return 'warn';
    return 'ok';
  }
  if (indicator.target !== undefined && worse(up, value, indicator.target)) return 'warn';
  return 'ok';
}

/** Whether `a` is worse than `b` for an indicator whose better direction is up (`up`) or down (a module function: this runs on every report). */
function worse(up: boolean, a: number, b: number): boolean {
  return up ? a < b : a > b;
}
