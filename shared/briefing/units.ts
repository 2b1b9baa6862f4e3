import type { Catalog } from '../catalog';
import type { IndicatorConfig } from '../config';
import type { StateView } from '../projection';
import { changeOf } from './headline';

export type RankingKind = 'locality' | 'agency';

export interface RankRow {
  unit: string;
  value: number | null;
  /** 1 is the best; null for a unit without data. */
  rank: number | null;
  rankBefore: number | null;
  /** Places gained since the baseline (rankBefore - rank); null when either is unknown. */
  move: number | null;
  /** The value's change since the baseline; for a percent, in percentage points. */
  change: number | null;
}

export interface SilentUnit {
  unit: string;
  lastReportAt: string | null;
  /** Hours since the last report (or since the log began, for a unit that never reported). */
  silentForHours: number;
  /** Was not silent at the baseline. */
  isNew: boolean;
}

/** The ratio the rankings and the scorecard use: the scorecard's, else the first ratio with a target. */
export function rankedIndicator(catalog: Catalog): IndicatorConfig | null {
  const chosen = catalog.config.briefing.scorecard.indicator;
  if (chosen) return catalog.indicators.get(chosen) ?? null;
  return catalog.config.indicators.find((i) => i.kind === 'ratio' && i.target !== undefined) ?? null;
}

/** Top-level units of a kind: localities, or agencies and enterprises (a child of the same kind is inside its parent). */
function unitsOf(catalog: Catalog, kind: RankingKind): string[] {
  const matches = (k: string | undefined) => (kind === 'locality' ? k === 'locality' : k !== undefined && k !== 'locality');
  return catalog.config.units.filter((u) => matches(u.kind) && !(u.parent !== undefined && matches(catalog.units.get(u.parent)?.kind))).map((u) => u.id);
}

function ranks(indicator: IndicatorConfig, state: StateView, units: string[]): Map<string, { value: number | null; rank: number | null }> {
  const byScope = state.indicators[indicator.id]?.byScope ?? {};
  const valued = units.map((unit) => ({ unit, value: byScope[unit]?.value ?? null }));
  const sign = indicator.direction === 'up' ? -1 : 1;
  const ranked = valued.filter((v) => v.value !== null).sort((a, b) => sign * (a.value! - b.value!) || a.unit.localeCompare(b.unit));
  const out = new Map<string, { value: number | null; rank: number | null }>();
  ranked.forEach((v, i) => out.set(v.unit, { value: v.value, rank: i + 1 }));
  for (const v of valued) if (v.value === null) out.set(v.unit, { value: null, rank: null });
  return out;
}

/** Units of a kind ranked by the ranked indicator, best first (units without data last), with their movement. */
export function rankings(catalog: Catalog, before: StateView | null, after: StateView, kind: RankingKind): RankRow[] {
  const indicator = rankedIndicator(catalog);
  if (!indicator) return [];
  const units = unitsOf(catalog, kind);
  const now = ranks(indicator, after, units);
  const then = before ? ranks(indicator, before, units) : null;
  const rows = units.map((unit): RankRow => {
    const n = now.get(unit)!;
    const b = then?.get(unit);
    return {
      unit,
      value: n.value,
      rank: n.rank,
      rankBefore: b?.rank ?? null,
      move: n.rank !== null && b?.rank != null ? b.rank - n.rank : null,
      change: changeOf(b?.value, n.value, indicator.format === 'percent').change,
    };
  });
  return rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unit.localeCompare(b.unit));
}

/** Units flagged silent, longest silence first. */
export function silentUnits(before: StateView | null, after: StateView): SilentUnit[] {
  const now = Date.parse(after.now);
  const rows: SilentUnit[] = [];
  for (const [unit, view] of Object.entries(after.units)) {
    if (!view.silent) continue;
    const from = view.lastReportAt ?? after.startedAt;
    rows.push({
      unit,
      lastReportAt: view.lastReportAt,
      silentForHours: from === null ? 0 : (now - Date.parse(from)) / 3_600_000,
      isNew: before !== null && before.units[unit]?.silent === false,
    });
  }
  return rows.sort((a, b) => b.silentForHours - a.silentForHours || a.unit.localeCompare(b.unit));
}
