/**
 * A working day of the nation's communes as requests to the API, deterministic (seeded by
 * commune). 08:00 to 17:00: every commune reports its day's dossier counts once an hour
 * (cumulative, each replacing the last), one task's progress around noon, and at the end of
 * the day its final counts, its VNeID gauge and both tasks' progress, in the last half hour
 * with most of it near 17:00 (the end-of-day peak).
 */
import { communeIds, communeTaskIds, PROVINCES_2025, type NationalProvince } from '../../../server/config/national';

export const DAY_SECONDS = 9 * 3_600;
/** The end-of-day window: every commune's final report falls in it, densest at its end. */
export const PEAK_FROM = 8.5 * 3_600;

/** Latency histograms of the national replay: 1 ms buckets up to a minute (an overloaded run queues for seconds). */
export const WIDE_BUCKET_MS = 1;
export const WIDE_BUCKETS = 60_000;

export interface DayRequest {
  /** Seconds since 08:00. */
  at: number;
  commune: string;
  events: Record<string, unknown>[];
}

/** A small deterministic PRNG (mulberry32), so every run replays the same day. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One commune's requests for the day `period` (YYYY-MM-DD), in time order. */
export function communeDay(commune: string, seed: number, period: string): DayRequest[] {
  const random = prng(seed);
  const dayTotal = 20 + Math.floor(random() * 100);
  const onlineShare = 0.55 + random() * 0.4;
  const [task1, task2] = communeTaskIds(commune) as [string, string];
  const counts = (total: number, key: string) => [
    { id: `${commune}-${period}-${key}-on`, type: 'indicator.reported', unit: commune, indicator: 'dossiers_online', value: Math.round(total * onlineShare), period },
    { id: `${commune}-${period}-${key}-all`, type: 'indicator.reported', unit: commune, indicator: 'dossiers_total', value: total, period },
  ];
  const requests: DayRequest[] = [];
  for (let hour = 0; hour < 8; hour++) requests.push({ at: (hour + random()) * 3_600, commune, events: counts(Math.round((dayTotal * (hour + 1)) / 9), `h${hour}`) });
  const percent = 10 + Math.floor(random() * 60);
  requests.push({ at: (4 + random()) * 3_600, commune, events: [{ id: `${commune}-${period}-noon`, type: 'progress.reported', unit: commune, item: task1, status: 'in_progress', percent }] });
  // Triangular on [PEAK_FROM, DAY_SECONDS], densest at 17:00.
  const final = PEAK_FROM + Math.sqrt(random()) * (DAY_SECONDS - PEAK_FROM);
  requests.push({
    at: final,
    commune,
    events: [
      ...counts(dayTotal, 'final'),
      { id: `${commune}-${period}-vneid`, type: 'indicator.reported', unit: commune, indicator: 'vneid_level2', value: 1_000 + Math.floor(random() * 20_000), period },
      { id: `${commune}-${period}-eod-1`, type: 'progress.reported', unit: commune, item: task1, status: 'in_progress', percent: Math.min(100, percent + 5) },
      { id: `${commune}-${period}-eod-2`, type: 'progress.reported', unit: commune, item: task2, status: 'in_progress', percent: 5 + Math.floor(random() * 90) },
    ],
  });
  return requests.sort((a, b) => a.at - b.at);
}

/** Every request of the provinces given, in time order. */
export function nationalDay(provinces: readonly NationalProvince[], period: string): DayRequest[] {
  const seeds = new Map(PROVINCES_2025.flatMap((p) => communeIds(p)).map((id, i) => [id, i + 1]));
  return provinces.flatMap((p) => communeIds(p).flatMap((c) => communeDay(c, seeds.get(c)!, period))).sort((a, b) => a.at - b.at);
}

/** The day's totals: requests and events, overall and in the end-of-day window. */
export function dayVolume(requests: DayRequest[]) {
  const peak = requests.filter((r) => r.at >= PEAK_FROM);
  const count = (list: DayRequest[]) => list.reduce((n, r) => n + r.events.length, 0);
  return { requests: requests.length, events: count(requests), peakRequests: peak.length, peakEvents: count(peak) };
}
