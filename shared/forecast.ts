import type { ItemStatus } from './config';
import type { ProgressPoint } from './projection/state';
import { localDay } from './time';

const DAY = 86_400_000;
/** A projection further out than this is no forecast at all: the item has as good as stopped. */
const HORIZON_DAYS = 3_650;

export type Forecast =
  | { kind: 'done' }
  /** `few_reports`: fewer than two reports at different times; `no_progress`: the trend is flat or falling. */
  | { kind: 'unknown'; reason: 'few_reports' | 'no_progress'; reports: number }
  | {
      kind: 'projected';
      /** The projected completion day (`YYYY-MM-DD`, province time) and instant (ms). */
      day: string;
      at: number;
      /** The fitted pace, percentage points per day. */
      perDay: number;
      reports: number;
      /** Projected after its due day while not yet overdue: "will miss its due date". */
      willMiss: boolean;
    };

export interface ForecastInput {
  status: ItemStatus;
  due: string;
  history: ProgressPoint[];
}

/**
 * Projects when an item reaches 100%: the least-squares line through its last `window` progress
 * reports (percent against time) gives the pace, extended from the latest report. Fewer than two
 * reports at different times, or a pace of zero or less, give `unknown`.
 */
export function forecastItem(item: ForecastInput, today: string, timeZone: string, window = 6): Forecast {
  if (item.status === 'done') return { kind: 'done' };
  const points = item.history.slice(-window).map((p) => ({ t: Date.parse(p.at), y: p.percent }));
  const reports = points.length;
  const perDay = slopePerDay(points);
  if (perDay === null) return { kind: 'unknown', reason: 'few_reports', reports };
  if (perDay <= 0) return { kind: 'unknown', reason: 'no_progress', reports };
  const last = points.reduce((a, b) => (b.t >= a.t ? b : a));
  const daysLeft = Math.max(0, 100 - last.y) / perDay;
  if (daysLeft > HORIZON_DAYS) return { kind: 'unknown', reason: 'no_progress', reports };
  const at = last.t + daysLeft * DAY;
  const day = localDay(at, timeZone);
  const overdue = today > item.due;
  return { kind: 'projected', day, at, perDay, reports, willMiss: !overdue && day > item.due };
}

/** The least-squares slope of y against t, in units per day; null without two distinct times. */
export function slopePerDay(points: { t: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const t0 = points[0]!.t;
  const xs = points.map((p) => (p.t - t0) / DAY);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = points.reduce((a, p) => a + p.y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  points.forEach((p, i) => {
    const dx = xs[i]! - meanX;
    sxy += dx * (p.y - meanY);
    sxx += dx * dx;
  });
  return sxx === 0 ? null : sxy / sxx;
}
