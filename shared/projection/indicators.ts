import type { Catalog } from '../catalog';
import type { IndicatorConfig } from '../config';
import type { IndicatorStatus, Projection } from './state';
import { statusOf } from './status';

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

/** Sums per scope; a ratio keeps both sides so that every level divides sums, never averages rates. */
type Parts = Map<string, { num: number; den: number }>;

/** The year (`YYYY`) a counter's window covers, or null for all time. */
function windowYear(indicator: IndicatorConfig, year: string): string | null {
  return indicator.kind === 'counter' && indicator.window === 'all' ? null : year;
}

function counterParts(projection: Projection, counterId: string, year: string | null): Map<string, number> {
  const out = new Map<string, number>();
  const byYear = projection.totals[counterId] ?? {};
  for (const [y, scopes] of Object.entries(byYear)) {
    if (year !== null && y !== year) continue;
    for (const [scope, sum] of Object.entries(scopes)) out.set(scope, (out.get(scope) ?? 0) + sum);
  }
  return out;
}

/** Adds each scope's parts to all its ancestors, so a parent shows the sum of its subtree. */
function rollUp(catalog: Catalog, parts: Parts): Parts {
  const out: Parts = new Map();
  const add = (scope: string, num: number, den: number) => {
    const cur = out.get(scope) ?? { num: 0, den: 0 };
    out.set(scope, { num: cur.num + num, den: cur.den + den });
  };
  for (const [scope, { num, den }] of parts) {
    add(scope, num, den);
    for (const parent of catalog.ancestors.get(scope) ?? []) add(parent, num, den);
  }
  return out;
}

function view(indicator: IndicatorConfig, value: number | null, byScope: Map<string, number | null>): IndicatorView {
  const scopes: Record<string, ScopeValue> = {};
  for (const [scope, v] of byScope) scopes[scope] = { value: v, status: statusOf(indicator, v) };
  return { value, status: statusOf(indicator, value), ...(indicator.target !== undefined ? { target: indicator.target } : {}), byScope: scopes };
}

/**
 * The value of one indicator at the province level and (unless `perScope` is false, for callers
 * that only need the province status) per scope, for the window that contains `year`.
 */
export function computeIndicator(catalog: Catalog, projection: Projection, indicator: IndicatorConfig, year: string, perScope = true): IndicatorView {
  const scoped = (parts: Parts): Parts => (perScope ? rollUp(catalog, parts) : new Map());
  switch (indicator.kind) {
    case 'counter': {
      const sums = counterParts(projection, indicator.id, windowYear(indicator, year));
      const parts: Parts = new Map([...sums].map(([s, n]) => [s, { num: n, den: 1 }]));
      const rolled = scoped(parts);
      const total = sums.size ? [...sums.values()].reduce((a, b) => a + b, 0) : null;
      return view(indicator, total, new Map([...rolled].map(([s, p]) => [s, p.num])));
    }
    case 'ratio': {
      const num = catalog.indicators.get(indicator.numerator);
      const den = catalog.indicators.get(indicator.denominator);
      if (!num || !den) return view(indicator, null, new Map());
      const nums = counterParts(projection, num.id, windowYear(num, year));
      const dens = counterParts(projection, den.id, windowYear(den, year));
      const parts: Parts = new Map();
      for (const scope of new Set([...nums.keys(), ...dens.keys()])) parts.set(scope, { num: nums.get(scope) ?? 0, den: dens.get(scope) ?? 0 });
      let n = 0;
      let d = 0;
      for (const p of parts.values()) {
        n += p.num;
        d += p.den;
      }
      const ratio = (p: { num: number; den: number }) => (p.den > 0 ? p.num / p.den : null);
      return view(indicator, ratio({ num: n, den: d }), new Map([...scoped(parts)].map(([s, p]) => [s, ratio(p)])));
    }
    case 'gauge': {
      const latest = Object.entries(projection.gauges[indicator.id] ?? {});
      const byScope = new Map(perScope ? latest.map(([scope, g]) => [scope, g.value]) : []);
      const values = latest.map(([, g]) => g);
      let value: number | null = null;
      if (values.length) {
        if (indicator.aggregate === 'sum') value = values.reduce((a, g) => a + g.value, 0);
        else if (indicator.aggregate === 'mean') value = values.reduce((a, g) => a + g.value, 0) / values.length;
        else value = values.reduce((a, g) => (g.at >= a.at ? g : a)).value;
      }
      return view(indicator, value, byScope);
    }
  }
}

/** Sum of a counter over the scopes (and years of its window); null when nothing was reported. */
function counterTotal(projection: Projection, counterId: string, year: string | null): number | null {
  const byYear = projection.totals[counterId];
  if (!byYear) return null;
  let total = 0;
  let any = false;
  for (const y in byYear) {
    if (year !== null && y !== year) continue;
    const scopes = byYear[y]!;
    for (const scope in scopes) {
      total += scopes[scope]!;
      any = true;
    }
  }
  return any ? total : null;
}

/**
 * The province value alone, as `computeIndicator` gives it, without building per-scope maps:
 * the reducer judges statuses with it on every report, so it must stay cheap.
 */
export function provinceValue(catalog: Catalog, projection: Projection, indicator: IndicatorConfig, year: string): number | null {
  switch (indicator.kind) {
    case 'counter':
      return counterTotal(projection, indicator.id, windowYear(indicator, year));
    case 'ratio': {
      const num = catalog.indicators.get(indicator.numerator);
      const den = catalog.indicators.get(indicator.denominator);
      if (!num || !den) return null;
      const d = counterTotal(projection, den.id, windowYear(den, year)) ?? 0;
      return d > 0 ? (counterTotal(projection, num.id, windowYear(num, year)) ?? 0) / d : null;
    }
    case 'gauge':
      return computeIndicator(catalog, projection, indicator, year, false).value;
  }
}
