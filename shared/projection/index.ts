export { apply } from './apply';
export { derive, isKnownAlertId, type Alert, type AlertKind, type ItemView, type StateView, type UnitView } from './derive';
export { computeIndicator, type IndicatorView, type ScopeValue } from './indicators';
export { createProjection, parseProjection, serializeProjection, PROJECTION_VERSION, type Ack, type IndicatorStatus, type ItemProgress, type Note, type BriefingMark, type Projection } from './state';
export { statusOf } from './status';
export { dailyRatio, type DayPoint } from './series';
export { ALL_DISPLAYS, WALL_PAGES, steeringFor, type WallPage, type Steering, type SteeringState, type TargetSteering } from './steering';
export { dueAttempt, notifiedKey, type Delivery, type WebhookLedger, type WebhookStats } from './webhooks';
export * from './selectors';
