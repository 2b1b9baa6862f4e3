import { z } from 'zod';
import { MAX_PROGRESS_HISTORY } from '../projection/limits';

/** The briefing's slides, in their default order. */
export const SLIDES = ['headline', 'models', 'plan', 'late', 'rankings', 'silent', 'notes', 'scorecard'] as const;
export const SlideSchema = z.enum(SLIDES);
export type Slide = z.infer<typeof SlideSchema>;

export const ScorecardWeightsSchema = z.strictObject({
  /** Share of the unit's due items done by their due day. */
  onTime: z.number().min(0),
  /** The unit's online rate against the target (capped at 1). */
  online: z.number().min(0),
  /** Share of the working days among the last `reportingDays` whose report arrived by the cutoff (config `scoring`). */
  reporting: z.number().min(0),
});
export type ScorecardWeights = z.infer<typeof ScorecardWeightsSchema>;

const DEFAULT_WEIGHTS: ScorecardWeights = { onTime: 0.5, online: 0.3, reporting: 0.2 };

export const ScorecardConfigSchema = z.strictObject({
  /** The ratio indicator scored against its target; default: the first ratio indicator with a target. */
  indicator: z.string().optional(),
  weights: ScorecardWeightsSchema.refine((w) => w.onTime + w.online + w.reporting > 0, 'at least one weight must be above 0').default(DEFAULT_WEIGHTS),
  /** At most a quarter: the projection keeps report arrivals for the last 100 days (SCORING_DAYS_KEPT). */
  reportingDays: z.int().min(1).max(92).default(14),
});

/** The briefing screen's settings in the province config (`briefing`), all optional. */
export const BriefingConfigSchema = z.strictObject({
  slides: z.array(SlideSchema).min(1).default([...SLIDES]),
  /** Reports the forecast's linear trend is fitted to (2 to MAX_PROGRESS_HISTORY). */
  forecastReports: z.int().min(2).max(MAX_PROGRESS_HISTORY).default(6),
  scorecard: ScorecardConfigSchema.default({ weights: DEFAULT_WEIGHTS, reportingDays: 14 }),
});
export type BriefingConfig = z.infer<typeof BriefingConfigSchema>;

export const DEFAULT_BRIEFING: BriefingConfig = { slides: [...SLIDES], forecastReports: 6, scorecard: { weights: DEFAULT_WEIGHTS, reportingDays: 14 } };
