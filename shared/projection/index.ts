export { apply } from './apply';
export { derive, isKnownAlertId, type Alert, type AlertKind, type ItemView, type StateView, type UnitView } from './derive';
export { computeIndicator, type IndicatorView, type ScopeValue } from './indicators';
export { createProjection, parseProjection, serializeProjection, PROJECTION_VERSION, MAX_NOTES, MAX_BRIEFINGS, type IndicatorStatus, type ItemProgress, type ProgressPoint, type Note, type BriefingMark, type Projection, type TokenEntry } from './state';
export { statusOf } from './status';
export { dailyRatio, type DayPoint } from './series';
export * from './selectors';
