import type { Catalog } from '../catalog';
import { addDays, daysBetween } from '../time';
import type { ScoringState } from './scoring';

/**
 * The scorecard's report arrivals as a briefing screen's snapshot carries them (display.ts): one
 * string per unit of the config, in its order, one character per day from `from`: `t` arrived
 * by the cutoff, `l` only later, `.` not at all. About 17 bytes per unit for a 14-day window,
 * against about 19 per unit and day as a map.
 */
export interface PackedArrivals {
  from: string;
  units: string[];
}

const CODE = { true: 't', false: 'l' } as const;

/** The arrivals of days on or after `from`, packed. */
export function packArrivals(catalog: Catalog, arrivals: ScoringState['arrivals'], from: string): PackedArrivals {
  const units = catalog.config.units.map((unit) => {
    const days = arrivals[unit.id] ?? {};
    const chars: string[] = [];
    for (const day in days) {
      if (day < from) continue;
      const i = daysBetween(from, day);
      while (chars.length < i) chars.push('.');
      chars[i] = CODE[`${days[day]!}`];
    }
    return chars.join('');
  });
  return { from, units };
}

/** The arrivals map again from its packed form: units with no day in it get none. */
export function unpackArrivals(catalog: Catalog, packed: PackedArrivals): ScoringState['arrivals'] {
  const out: ScoringState['arrivals'] = {};
  catalog.config.units.forEach((unit, u) => {
    const code = packed.units[u] ?? '';
    if (!code) return;
    const days: Record<string, boolean> = {};
    for (let i = 0; i < code.length; i++) if (code[i] !== '.') days[addDays(packed.from, i)] = code[i] === 't';
    out[unit.id] = days;
  });
  return out;
}
