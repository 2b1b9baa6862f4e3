import type { Catalog } from '../catalog';
import { MAX_NOTES, type StateView } from '../projection';
import { headlineDeltas, type IndicatorDelta } from './headline';
import { modelsSummary, planSummary, type ModelsSummary, type PlanSummary } from './items';
import { lateByUnit, type LateUnit } from './late';
import { scorecard, type UnitScore } from './scorecard';
import { sinceBaseline, type SinceBaseline } from './since';
import { rankings, silentUnits, type RankRow, type SilentUnit } from './units';

export interface Briefing {
  headline: IndicatorDelta[];
  models: ModelsSummary;
  plan: PlanSummary;
  late: LateUnit[];
  rankings: { locality: RankRow[]; agency: RankRow[] };
  silent: SilentUnit[];
  since: SinceBaseline;
  scorecard: UnitScore[];
}

/** Everything the briefing's slides show: the state `after`, compared with the baseline state `before` (if any). */
export function buildBriefing(catalog: Catalog, before: StateView | null, after: StateView): Briefing {
  return {
    headline: headlineDeltas(catalog, before, after),
    models: modelsSummary(catalog, before, after),
    plan: planSummary(catalog, before, after),
    late: lateByUnit(catalog, before, after),
    rankings: { locality: rankings(catalog, before, after, 'locality'), agency: rankings(catalog, before, after, 'agency') },
    silent: silentUnits(before, after),
    since: sinceBaseline(before, after, MAX_NOTES),
    scorecard: scorecard(catalog, after),
  };
}

export { SLIDES, SlideSchema, type Slide, type BriefingConfig } from './config';
export { changeOf, shownBeside, type IndicatorDelta } from './headline';
export { lastQuarter, type GroupMove, type ItemMove, type ModelsSummary, type PlanSummary, type QuarterSummary } from './items';
export { dayOf, forecastAll, lateByUnit, willMissIds, type LateEntry, type LateOfficial, type LateUnit } from './late';
export type { UnitScore } from './scorecard';
export type { AckSince, SinceBaseline } from './since';
export { rankedIndicator, type RankingKind, type RankRow, type SilentUnit } from './units';
