import type { Catalog } from '@shared/catalog';
import { daysBetween } from '@shared/time';

/** A number in [0, 1) that depends only on `key`: the demo is the same story every run. */
export function unitRandom(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * The gauges on the demo's first day, as the dataset's story has them: 33 of the 53 essential
 * services deployed (m01 starts at 62%, as `examples/progress.csv` reports it), 12 of the 20
 * paperless services (m02 starts at 60%). The simulator starts its gauges from these.
 */
export const DEMO_GAUGES = { essential_services: { unit: 'dic', value: 33 }, paperless_services: { unit: 'dic', value: 12 }, vneid_level2: { unit: 'police', value: 1_250_000 } } as const;

/** Agencies that receive public-service dossiers in the demo. */
const DOSSIER_AGENCIES = new Set(['police', 'justice', 'health', 'transport', 'labour', 'education', 'culture-tourism', 'home-affairs', 'pas-centre', 'dic', 'social-insurance']);
const BASE_DAY = '2024-04-02';

export interface DossierProfile {
  unit: string;
  /** Dossiers on a working day. */
  volume: number;
  /** Online share on the demo's first day, and its change per day. */
  rate: number;
  drift: number;
}

/** The units that report dossiers, each with its volume and online share: volumes follow population. */
export function dossierProfiles(catalog: Catalog): DossierProfile[] {
  return catalog.config.units
    .filter((u) => u.kind === 'locality' || DOSSIER_AGENCIES.has(u.id))
    .map((u) => {
      const r = unitRandom(u.id);
      const volume = u.kind === 'locality' ? Math.round(((u.population ?? 80_000) / 1000) * 0.6) : 40 + Math.round(260 * unitRandom(`${u.id}:v`));
      // The provincial service centre started far behind (22.8% online in 2022); localities vary widely.
      const rate = u.id === 'pas-centre' ? 0.35 : u.kind === 'locality' ? 0.4 + 0.5 * r : 0.55 + 0.43 * r;
      const drift = (unitRandom(`${u.id}:d`) - 0.3) * 0.006;
      return { unit: u.id, volume, rate, drift };
    });
}

/** Cumulative (online, total) dossiers of `day` once `fraction` of its working hours have passed. */
export function dossiersSoFar(p: DossierProfile, day: string, fraction: number): { online: number; total: number } {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const noise = 0.75 + 0.5 * unitRandom(`${p.unit}:${day}`);
  const dayVolume = p.volume * noise * (weekend ? 0.15 : 1);
  const offset = daysBetween(BASE_DAY, day);
  const rate = Math.min(0.99, Math.max(0.05, p.rate + p.drift * offset + (unitRandom(`${p.unit}:${day}:r`) - 0.5) * 0.08));
  const total = Math.floor(dayVolume * Math.min(1, Math.max(0, fraction)));
  return { online: Math.floor(total * rate), total };
}

/** How far through the working day (07:30 to 17:30 local) `minutes` past local midnight is. */
export function workdayFraction(minutes: number): number {
  return Math.min(1, Math.max(0, (minutes - 450) / 600));
}
