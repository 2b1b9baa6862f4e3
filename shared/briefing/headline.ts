import type { Catalog } from '../catalog';
import type { IndicatorStatus, StateView } from '../projection';

export interface IndicatorDelta {
  id: string;
  format: 'number' | 'percent';
  value: number | null;
  status: IndicatorStatus;
  target: number | null;
  /** The value at the baseline; null without a baseline or without data then. */
  before: number | null;
  /** value minus before, in the indicator's unit; for a percent, in percentage points (0.05 -> 5). */
  change: number | null;
  /** Which way the value moved: up, down or flat; null when there is nothing to compare. */
  trend: 'up' | 'down' | 'flat' | null;
  /** Whether the move is for the better given the indicator's direction; null when flat or unknown. */
  better: boolean | null;
}

/** Below this a change rounds to nothing on the slide: shown as flat. */
const EPSILON = 1e-9;

/** The change of one number, with its trend; a share's change in percentage points. */
export function changeOf(before: number | null | undefined, after: number | null | undefined, percent: boolean): { change: number | null; trend: IndicatorDelta['trend'] } {
  if (before === null || before === undefined || after === null || after === undefined) return { change: null, trend: null };
  const change = (after - before) * (percent ? 100 : 1);
  return { change, trend: Math.abs(change) < EPSILON ? 'flat' : change > 0 ? 'up' : 'down' };
}

/** The headline indicators now, each with its change since the baseline state. */
export function headlineDeltas(catalog: Catalog, before: StateView | null, after: StateView): IndicatorDelta[] {
  return catalog.config.indicators
    .filter((ind) => ind.headline)
    .map((ind) => {
      const now = after.indicators[ind.id];
      const then = before?.indicators[ind.id];
      const percent = ind.format === 'percent';
      const { change, trend } = changeOf(then?.value, now?.value, percent);
      const better = trend === null || trend === 'flat' ? null : (trend === 'up') === (ind.direction === 'up');
      return {
        id: ind.id,
        format: ind.format,
        value: now?.value ?? null,
        status: now?.status ?? 'nodata',
        target: ind.target ?? null,
        before: then?.value ?? null,
        change,
        trend,
        better,
      };
    });
}

/**
 * Headline ratios shown beside another instead of on their own: ratio id -> the one drawn beside
 * it, whose numerator is one of the `parts` of its numerator over the same denominator (the
 * full-process online rate beside the overall online rate).
 */
export function shownBeside(catalog: Catalog): Map<string, string> {
  const beside = new Map<string, string>();
  const ratios = catalog.config.indicators.filter((i) => i.kind === 'ratio' && i.headline);
  for (const main of ratios) {
    if (main.kind !== 'ratio') continue;
    const counter = catalog.indicators.get(main.numerator);
    const parts = counter?.kind === 'counter' ? (counter.parts ?? []) : [];
    const partner = ratios.find((r) => r.kind === 'ratio' && r.id !== main.id && r.denominator === main.denominator && parts.includes(r.numerator) && !beside.has(r.id));
    if (partner && !beside.has(main.id)) beside.set(main.id, partner.id);
  }
  return beside;
}
