import type { Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
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

/**
 * Who reports which dossiers, so that none is counted twice. These departments' procedures are
 * received at the provincial public-administration service centre, and the centre (`pas-centre`)
 * reports those dossiers; the departments themselves report none.
 */
export const DOSSIERS_AT_CENTRE = ['justice', 'transport', 'labour', 'culture-tourism', 'home-affairs', 'finance'] as const;
/** Departments with their own reception desks (residence and ID, hospitals, schools, insurance), which report their own dossiers. */
export const DOSSIERS_OWN = ['police', 'health', 'education', 'social-insurance', 'dic'] as const;
/** Agencies that report public-service dossiers in the demo: each dossier by exactly one of them. */
const DOSSIER_AGENCIES = new Set<string>([...DOSSIERS_OWN, 'pas-centre']);
/**
 * Units whose one-stop systems cannot tell full-process from partial online dossiers: they report
 * `dossiers_online` alone, so they count in the overall online rate and not in the full-process rate.
 */
export const ONLINE_ONLY = new Set(['ky-son', 'que-phong', 'tuong-duong', 'social-insurance']);
const BASE_DAY = '2024-04-02';

export interface DossierProfile {
  unit: string;
  /** Dossiers on a working day. */
  volume: number;
  /** Online share on the demo's first day, and its change per day. */
  rate: number;
  drift: number;
  /** Share of the online dossiers that are full-process (toàn trình); null for a unit that reports `dossiers_online` alone. */
  fullShare: number | null;
}

/** The units that report dossiers, each with its volume and online share: volumes follow population. */
export function dossierProfiles(catalog: Catalog): DossierProfile[] {
  return catalog.config.units
    .filter((u) => u.kind === 'locality' || DOSSIER_AGENCIES.has(u.id))
    .map((u) => {
      const r = unitRandom(u.id);
      // The centre receives the dossiers of six departments: the largest agency volume.
      const volume = u.kind === 'locality' ? Math.round(((u.population ?? 80_000) / 1000) * 0.6) : u.id === 'pas-centre' ? 520 : 40 + Math.round(260 * unitRandom(`${u.id}:v`));
      // The provincial service centre started far behind (22.8% online in 2022); localities vary widely.
      const rate = u.id === 'pas-centre' ? 0.35 : u.kind === 'locality' ? 0.4 + 0.5 * r : 0.55 + 0.43 * r;
      const drift = (unitRandom(`${u.id}:d`) - 0.3) * 0.006;
      // Full-process services are fewer than partial ones in 2024: 35% to 75% of the online dossiers.
      const fullShare = ONLINE_ONLY.has(u.id) ? null : 0.35 + 0.4 * unitRandom(`${u.id}:f`);
      return { unit: u.id, volume, rate, drift, fullShare };
    });
}

/**
 * Cumulative dossiers of `day` once `fraction` of its working hours have passed: online and total,
 * and the online ones split into full-process and partial (null for a unit that reports online alone).
 * The simulator sends `dossiers_online_full` and `dossiers_online_partial` when `full` is not null,
 * `dossiers_online` otherwise, and `dossiers_total` always.
 */
export function dossiersSoFar(p: DossierProfile, day: string, fraction: number): { online: number; total: number; full: number | null; partial: number | null } {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const noise = 0.75 + 0.5 * unitRandom(`${p.unit}:${day}`);
  const dayVolume = p.volume * noise * (weekend ? 0.15 : 1);
  const offset = daysBetween(BASE_DAY, day);
  const rate = Math.min(0.99, Math.max(0.05, p.rate + p.drift * offset + (unitRandom(`${p.unit}:${day}:r`) - 0.5) * 0.08));
  const total = Math.floor(dayVolume * Math.min(1, Math.max(0, fraction)));
  const online = Math.floor(total * rate);
  const full = p.fullShare === null ? null : Math.round(online * p.fullShare);
  return { online, total, full, partial: full === null ? null : online - full };
}

/** How far through the working day (07:30 to 17:30 local) `minutes` past local midnight is. */
export function workdayFraction(minutes: number): number {
  return Math.min(1, Math.max(0, (minutes - 450) / 600));
}

/**
 * A unit's dossier report for `day`: the online figure, split into full-process and partial when
 * the unit can (the parts always add up to it), and the total. `id` names each event.
 */
export function dossierEvents(p: DossierProfile, day: string, fraction: number, at: string, id: (indicator: string) => string): IocEvent[] {
  const { online, full, total } = dossiersSoFar(p, day, fraction);
  const report = (indicator: string, value: number): IocEvent => ({ id: id(indicator), unit: p.unit, at, type: 'indicator.reported', indicator, value, period: day });
  return [
    report('dossiers_online', online),
    ...(full === null ? [] : [report('dossiers_online_full', full), report('dossiers_online_partial', online - full)]),
    report('dossiers_total', total),
  ];
}

/** Kỳ Sơn, remote and mountainous, goes quiet for two days in every four: the wall flags it silent. */
export function reportsOn(unit: string, day: string): boolean {
  if (unit !== 'ky-son') return true;
  const n = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000) % 4;
  return n !== 1 && n !== 2;
}

/** The notes simulated units post now and then. */
export const NOTES: [string, 'info' | 'warning' | 'critical'][] = [
  ['Đã hoàn thành rà soát dữ liệu dân cư tại 3 xã', 'info'],
  ['Hệ thống một cửa điện tử gián đoạn 15 phút, đã khắc phục', 'warning'],
  ['Tổ chức tập huấn VNeID mức 2 cho cán bộ cấp xã', 'info'],
  ['Đề nghị hỗ trợ đường truyền tại bộ phận một cửa', 'warning'],
  ['Tăng cường tuyên truyền nộp hồ sơ trực tuyến', 'info'],
  ['Máy chủ dịch vụ công quá tải giờ cao điểm', 'critical'],
];
