import type { Catalog } from '../catalog';
import type { IndicatorConfig, RatioIndicator } from '../config';
import { PROVINCE, type IndicatorStatus, type Projection } from './state';
import { statusOf } from './status';
import { gaugeValue } from './totals';

export interface ScopeValue {
  value: number | null;
  status: IndicatorStatus;
}

export interface IndicatorView {
  value: number | null;
  status: IndicatorStatus;
  target?: number;
  byScope: Record<string, ScopeValue>;
}

/** The window key of a counter's totals for the window that contains `year`. */
function windowKey(indicator: IndicatorConfig, year: string): string {
  return indicator.kind === 'counter' && indicator.window === 'all' ? 'all' : year;
}

/** Running totals (subtree sums) of `key` in the window of `counter` that contains `year`. */
function totalsOf(projection: Projection, key: string, counter: IndicatorConfig, year: string): Record<string, number> {
  return projection.totals[key]?.[windowKey(counter, year)] ?? {};
}

/** The numerator's and the denominator's totals of a ratio (its own, when it counts only scopes with a numerator). */
function ratioSides(catalog: Catalog, projection: Projection, ratio: RatioIndicator, year: string): [Record<string, number>, Record<string, number>] | null {
  const num = catalog.indicators.get(ratio.numerator);
  const den = catalog.indicators.get(ratio.denominator);
  if (!num || !den) return null;
  const denKey = ratio.denominatorScopes === 'numerator' ? ratio.id : den.id;
  return [totalsOf(projection, num.id, num, year), totalsOf(projection, denKey, den, year)];
}

const divide = (num: number | undefined, den: number | undefined): number | null => (den !== undefined && den > 0 ? (num ?? 0) / den : null);

function view(indicator: IndicatorConfig, value: number | null, byScope: Map<string, number | null>): IndicatorView {
  const scopes: Record<string, ScopeValue> = {};
  for (const [scope, v] of byScope) scopes[scope] = { value: v, status: statusOf(indicator, v) };
  return { value, status: statusOf(indicator, value), ...(indicator.target !== undefined ? { target: indicator.target } : {}), byScope: scopes };
}

/**
 * The value of one indicator at the province level and (unless `perScope` is false, for callers
 * that only need the province status) per scope, for the window that contains `year`.
 * Every figure is read from the running totals: nothing here scans days.
 */
export function computeIndicator(catalog: Catalog, projection: Projection, indicator: IndicatorConfig, year: string, perScope = true): IndicatorView {
  const value = provinceValue(catalog, projection, indicator, year);
  const byScope = new Map<string, number | null>();
  if (perScope) {
    if (indicator.kind === 'counter') {
      for (const [scope, sum] of Object.entries(totalsOf(projection, indicator.id, indicator, year))) if (scope !== PROVINCE) byScope.set(scope, sum);
    } else if (indicator.kind === 'ratio') {
      const sides = ratioSides(catalog, projection, indicator, year);
      if (sides) {
        const [nums, dens] = sides;
        for (const scope of new Set([...Object.keys(nums), ...Object.keys(dens)])) if (scope !== PROVINCE) byScope.set(scope, divide(nums[scope], dens[scope]));
      }
    } else for (const [scope, g] of Object.entries(projection.gauges[indicator.id] ?? {})) byScope.set(scope, g.value);
  }
  return view(indicator, value, byScope);
}

/**
 * The province value alone, as `computeIndicator` gives it, without building per-scope maps:
 * the reducer judges statuses with it on every report, so it reads running totals only.
 */
export function provinceValue(catalog: Catalog, projection: Projection, indicator: IndicatorConfig, year: string): number | null {
  switch (indicator.kind) {
    case 'counter':
      return totalsOf(projection, indicator.id, indicator, year)[PROVINCE] ?? null;
    case 'ratio': {
      const sides = ratioSides(catalog, projection, indicator, year);
      return sides ? divide(sides[0][PROVINCE], sides[1][PROVINCE]) : null;
    }
    case 'gauge':
      return gaugeValue(projection, indicator);
  }
}
