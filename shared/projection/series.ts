import type { Catalog } from '../catalog';
import type { RatioIndicator } from '../config';
import { addDays } from '../time';
import type { Projection } from './state';

export interface DayPoint {
  day: string;
  value: number | null;
}

/**
 * Each day's sum of `counter` over the scopes that reported that day (only those with a value of
 * `only` that day, when given); undefined where none did.
 */
function scopeSums(state: Projection, counter: string, days: string[], only?: Record<string, Record<string, number>>): (number | undefined)[] {
  const out: (number | undefined)[] = new Array<number | undefined>(days.length).fill(undefined);
  for (const [scope, byDay] of Object.entries(state.counters[counter] ?? {})) {
    for (let i = 0; i < days.length; i++) {
      const v = byDay[days[i]!];
      if (v !== undefined && (!only || only[scope]?.[days[i]!] !== undefined)) out[i] = (out[i] ?? 0) + v;
    }
  }
  return out;
}

/**
 * The per-day sums a ratio's trend reads, by key: its numerator's id, and its denominator's id,
 * or the ratio's own id for a denominator counted only where a numerator is in force (as `totals`
 * keys them). A display's copy carries these for the days it no longer holds per scope (display.ts).
 */
export function ratioDaySums(state: Projection, ratio: RatioIndicator, days: string[]): Record<string, (number | undefined)[]> {
  const restricted = ratio.denominatorScopes === 'numerator';
  return {
    [ratio.numerator]: scopeSums(state, ratio.numerator, days),
    [restricted ? ratio.id : ratio.denominator]: scopeSums(state, ratio.denominator, days, restricted ? (state.counters[ratio.numerator] ?? {}) : undefined),
  };
}

/** A ratio indicator's province value for each of the `days` days up to `today`: sum over sum per day. */
export function dailyRatio(catalog: Catalog, state: Projection, ratioId: string, today: string, days: number): DayPoint[] {
  const ratio = catalog.indicators.get(ratioId);
  if (!ratio || ratio.kind !== 'ratio') return [];
  const window: string[] = [];
  for (let i = days - 1; i >= 0; i--) window.push(addDays(today, -i));
  const sums = ratioDaySums(state, ratio, window);
  // A display's copy holds older days as sums only (never a day it also holds per scope).
  const held = state.display?.sums ?? {};
  const sum = (key: string, i: number): number | undefined => {
    const own = sums[key]![i];
    const old = held[key]?.[window[i]!];
    return own === undefined ? old : own + (old ?? 0);
  };
  const den = ratio.denominatorScopes === 'numerator' ? ratio.id : ratio.denominator;
  return window.map((day, i) => {
    const n = sum(ratio.numerator, i);
    const d = sum(den, i);
    return { day, value: n !== undefined && d ? n / d : null };
  });
}
