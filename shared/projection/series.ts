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
  const sumOf = (counter: string, day: string) => {
    let sum = 0;
    let any = false;
    for (const byDay of Object.values(state.counters[counter] ?? {})) {
      const v = byDay[day];
      if (v !== undefined) {
        sum += v;
        any = true;
      }
    }
    return any ? sum : null;
  };
  const points: DayPoint[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    const num = sumOf(ratio.numerator, day);
    const den = sumOf(ratio.denominator, day);
    points.push({ day, value: num !== null && den ? num / den : null });
  }
  return points;
}
