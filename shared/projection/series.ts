import type { Catalog } from '../catalog';
import { addDays } from '../time';
import type { Projection } from './state';

export interface DayPoint {
  day: string;
  value: number | null;
}

/** A ratio indicator's province value for each of the `days` days up to `today`: sum over sum per day. */
export function dailyRatio(catalog: Catalog, state: Projection, ratioId: string, today: string, days: number): DayPoint[] {
  const ratio = catalog.indicators.get(ratioId);
  if (!ratio || ratio.kind !== 'ratio') return [];
  const window: string[] = [];
  for (let i = days - 1; i >= 0; i--) window.push(addDays(today, -i));
  /** Each day's sum over the scopes that reported that day (only those with a numerator, when `only` is given); undefined where none did. */
  const sums = (counter: string, only?: Record<string, Record<string, number>>): (number | undefined)[] => {
    const out: (number | undefined)[] = new Array<number | undefined>(days).fill(undefined);
    for (const [scope, byDay] of Object.entries(state.counters[counter] ?? {})) {
      for (let i = 0; i < days; i++) {
        const v = byDay[window[i]!];
        if (v !== undefined && (!only || only[scope]?.[window[i]!] !== undefined)) out[i] = (out[i] ?? 0) + v;
      }
    }
    return out;
  };
  const num = sums(ratio.numerator);
  const den = sums(ratio.denominator, ratio.denominatorScopes === 'numerator' ? (state.counters[ratio.numerator] ?? {}) : undefined);
  return window.map((day, i) => {
    const n = num[i];
    const d = den[i];
    return { day, value: n !== undefined && d ? n / d : null };
  });
}
