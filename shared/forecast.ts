import type { ItemStatus } from './config';
import type { ProgressPoint } from './projection/state';
import { addDays, localDay } from './time';

const DAY = 86_400_000;
/** A projection further out than this is no forecast at all: the item has as good as stopped. */
const HORIZON_DAYS = 3_650;

export type Forecast =
  /** `at`: when it was first reported done (or the config's `initial.at` for one that starts done); null when not known. */
  | { kind: 'done'; at: string | null }
  /** `few_reports`: fewer than two reports a day or more apart; `no_progress`: the trend is flat or falling, due beyond the at-risk window. */
  | { kind: 'unknown'; reason: 'few_reports' | 'no_progress'; reports: number }
  /** The trend is flat or falling and the item is due within the at-risk window: "stalled: will miss its due date". */
  | { kind: 'stalled'; perDay: number; reports: number }
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
  /** When the item was first done, if it is (shown with a done forecast). */
  doneAt?: string | null;
}

/**
 * Projects when an item reaches 100%: the least-squares line through its last `window` progress
 * reports (percent against time), each kept report a day or more after the one before (reports
 * minutes apart are one reading, the latest), gives the pace, extended from the latest report.
 * Fewer than two such reports give `unknown`; a pace of zero or less is `stalled` when the item
 * is due within `atRiskDays` and not overdue yet, `unknown` otherwise.
 */
export function forecastItem(item: ForecastInput, today: string, timeZone: string, window = 6, atRiskDays = 14): Forecast {
  if (item.status === 'done') return { kind: 'done', at: item.doneAt ?? null };
  const points = dayApart(item.history).slice(-window);
  const reports = points.length;
  const perDay = slopePerDay(points);
  if (perDay === null) return { kind: 'unknown', reason: 'few_reports', reports };
  const overdue = today > item.due;
  const last = points.reduce((a, b) => (b.t >= a.t ? b : a));
  const daysLeft = perDay > 0 ? Math.max(0, 100 - last.y) / perDay : Infinity;
  if (daysLeft > HORIZON_DAYS) {
    const soon = !overdue && item.due <= addDays(today, atRiskDays);
    return soon ? { kind: 'stalled', perDay, reports } : { kind: 'unknown', reason: 'no_progress', reports };
  }
  const at = last.t + daysLeft * DAY;
  const day = localDay(at, timeZone);
  return { kind: 'projected', day, at, perDay, reports, willMiss: !overdue && day > item.due };
}

/** True when the forecast says the item will finish after its due day (projected late, or stalled). */
export function forecastMisses(f: Forecast | undefined): boolean {
  return f?.kind === 'stalled' || (f?.kind === 'projected' && f.willMiss);
}

/** The reports in time order, keeping the latest and then each one a day or more before the last kept. */
function dayApart(history: ProgressPoint[]): { t: number; y: number }[] {
  const sorted = history.map((p) => ({ t: Date.parse(p.at), y: p.percent })).sort((a, b) => a.t - b.t);
  const kept: { t: number; y: number }[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    if (kept.length === 0 || kept[kept.length - 1]!.t - p.t >= DAY) kept.push(p);
  }
  return kept.reverse();
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
