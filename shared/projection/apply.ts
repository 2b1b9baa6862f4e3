import type { Catalog } from '../catalog';
import { isRedacted, isWrite, type EventType, type LogEventType, type ReadEvent, type StoredEvent, type SystemEventType } from '../events';
import { localYear, UTC_ISO } from '../time';
import { provinceValue } from './indicators';
import { MAX_BRIEFINGS, MAX_INVALID_FLAGS, MAX_NOTES, MAX_PROGRESS_HISTORY, MAX_RECENT, qualityId, type Projection } from './state';
import { createScoring, trackScoring } from './scoring';
import { statusOf } from './status';
import { applyCommand } from './steering';
import { foldBefore, reportCounter, reportGauge, takesOver } from './totals';
import { oldestKeptDay, valueProblem } from './values';
import { applyWebhookEvent, createLedger } from './webhooks';

/** The time in UTC ISO form; times the store wrote are already in it, so they skip the Date round trip. */
const iso = (at: string) => (UTC_ISO.test(at) ? at : new Date(at).toISOString());
const later = (a: string | null, b: string) => (a !== null && a > b ? a : b);

function pushCapped<T>(list: T[], entry: T, cap: number): void {
  list.push(entry);
  if (list.length > cap) list.splice(0, list.length - cap);
}

/** What a reducer gets beside its event: the config, the state it changes in place, the event's times in UTC ISO form. */
interface Step {
  catalog: Catalog;
  state: Projection;
  at: string;
  receivedAt: string;
}
type Stored<T extends LogEventType> = Extract<StoredEvent, { type: T }>;
/**
 * How each producer event type changes the projection, one entry per type of `EVENT_SCHEMAS`
 * (a new type without one is a type error here). `report`: the event is news from its unit,
 * so it starts the unit's silence clock and joins the recent events (the ticker, a unit's history).
 */
type WriteReducers = { [T in EventType]: { report: boolean; reduce: (step: Step, event: Stored<T>) => void } };
/** How each of the server's own event types changes the projection; none of them is a report. */
type SystemReducers = { [T in SystemEventType]: (step: Step, event: Stored<T>) => void };

/**
 * Applies one stored event to the projection, in place, and returns it.
 * In place because the server replays millions of events; copy first to keep an old state.
 * Events that name ids the config no longer has are counted (seq moves on) and otherwise ignored.
 */
export function apply(catalog: Catalog, state: Projection, event: ReadEvent): Projection {
  state.seq = event.seq;
  // Operator data this reader may not see (CONTRACT wave 3): only its place in the log.
  if (isRedacted(event)) return state;
  const receivedAt = iso(event.receivedAt);
  state.asOf = receivedAt;
  const step: Step = { catalog, state, at: iso(event.at), receivedAt };
  // The server's own bookkeeping is not a report: it neither starts the silence clock nor reaches the ticker.
  if (!isWrite(event)) {
    reduceSystem(step, event.type, event);
    return state;
  }
  state.startedAt ??= receivedAt;
  if (WRITE_REDUCERS[event.type].report) {
    const unit = state.units[event.unit];
    if (unit) unit.lastReportAt = later(unit.lastReportAt, step.at);
    pushCapped(state.recent, event, MAX_RECENT);
  }
  trackScoring(catalog, (state.scoring ??= createScoring(catalog)), event, step.at, receivedAt);
  reduceWrite(step, event.type, event);
  return state;
}

/** The reducer of `type` on its event (one generic call, so that the table's entry and the event agree). */
function reduceWrite<T extends EventType>(step: Step, type: T, event: Stored<T>): void {
  WRITE_REDUCERS[type].reduce(step, event);
}
function reduceSystem<T extends SystemEventType>(step: Step, type: T, event: Stored<T>): void {
  SYSTEM_REDUCERS[type](step, event);
}

const WRITE_REDUCERS: WriteReducers = {
  'indicator.reported': { report: true, reduce: reportIndicator },
  'progress.reported': { report: true, reduce: reportProgress },
  'note.posted': {
    report: true,
    reduce: ({ state, at }, event) => pushCapped(state.notes, { seq: event.seq, at, unit: event.unit, text: event.text, severity: event.severity }, MAX_NOTES),
  },
  'alert.acknowledged': {
    report: true,
    reduce: ({ state, receivedAt }, event) => {
      state.acks[event.alert] = { at: receivedAt, unit: event.unit, by: event.by, ...(event.note !== undefined ? { note: event.note } : {}) };
    },
  },
  'briefing.marked': { report: true, reduce: ({ state, receivedAt }, event) => pushCapped(state.briefings, { seq: event.seq, at: receivedAt, title: event.title }, MAX_BRIEFINGS) },
  // Commands to the walls are not news from a unit either: no ticker line, no report.
  'display.command': { report: false, reduce: ({ state, receivedAt }, event) => applyCommand((state.steering ??= {}), event, receivedAt) },
};

/** A webhook's bookkeeping; a projection cached by an older client may lack the ledger: it starts empty. */
const webhook = ({ state, receivedAt }: Step, event: Stored<'webhook.queued' | 'webhook.attempted' | 'webhook.result'>) =>
  applyWebhookEvent((state.webhooks ??= createLedger()), event, receivedAt);

const SYSTEM_REDUCERS: SystemReducers = {
  'token.issued': ({ state, receivedAt }, event) => {
    const tokens = (state.tokens ??= {});
    tokens[event.tokenId] = { role: event.role, label: event.label, issuedAt: receivedAt, ...(event.tokenUnit !== undefined ? { unit: event.tokenUnit } : {}) };
  },
  'token.revoked': ({ state, receivedAt }, event) => {
    const entry = (state.tokens ??= {})[event.tokenId];
    if (entry) entry.revokedAt = receivedAt;
  },
  'webhook.queued': webhook,
  'webhook.attempted': webhook,
  'webhook.result': webhook,
  // A lost event's place, written by a repair: only the seq moves on.
  'log.damaged': () => undefined,
};

function reportIndicator({ catalog, state, at, receivedAt }: Step, event: Stored<'indicator.reported'>): void {
  const indicator = catalog.indicators.get(event.indicator);
  const scope = event.scope ?? event.unit;
  if (!indicator || indicator.kind === 'ratio' || !catalog.units.has(scope)) return;
  const receivedMs = Date.parse(receivedAt);
  const keptFrom = keptFromAt(catalog, receivedMs);
  foldBefore(state, keptFrom);
  // An event the rules refuse today may sit in an older log: it is skipped and flagged, never summed.
  if (valueProblem(indicator, event.value) !== null || (indicator.kind === 'counter' && event.period < keptFrom)) {
    flagInvalid(state, scope, event.seq, receivedAt);
    return;
  }
  if (indicator.kind === 'counter') {
    const atMs = Date.parse(at);
    if (!takesOver(state, indicator.id, scope, event.period, atMs)) return;
    reportCounter(catalog, state, indicator, scope, event.period, event.value, atMs, receivedAt);
  } else reportGauge(state, indicator, scope, event.value, at);
  trackStatus(catalog, state, catalog.affects.get(indicator.id) ?? [indicator.id], receivedAt);
}

function reportProgress({ state, at, receivedAt }: Step, event: Stored<'progress.reported'>): void {
  const item = state.items[event.item];
  if (!item) return;
  if (item.status === 'done' && event.status !== 'done') (state.reopened ??= {})[event.item] = receivedAt;
  item.status = event.status;
  if (event.percent !== undefined) item.percent = event.percent;
  else if (event.status === 'done') item.percent = 100;
  if (event.note !== undefined) item.note = event.note;
  item.updatedAt = at;
  pushCapped(item.history, { at, percent: item.percent }, MAX_PROGRESS_HISTORY);
}

const keptFromCache = new WeakMap<Catalog, { bucket: number; from: string }>();
/** The oldest kept day at `ms`, remembered per catalog and UTC quarter hour (asked on every report). */
function keptFromAt(catalog: Catalog, ms: number): string {
  const bucket = Math.floor(ms / 900_000);
  const known = keptFromCache.get(catalog);
  if (known?.bucket === bucket) return known.from;
  const from = oldestKeptDay(catalog, ms);
  keptFromCache.set(catalog, { bucket, from });
  return from;
}

/** Flags an event skipped as invalid; the oldest flags go first past the cap. */
function flagInvalid(state: Projection, unit: string, seq: number, receivedAt: string): void {
  state.quality[qualityId(unit, `seq${seq}`)] = { reason: 'invalid', unit, since: receivedAt, seq };
  const invalid = Object.keys(state.quality).filter((id) => state.quality[id]!.reason === 'invalid');
  if (invalid.length > MAX_INVALID_FLAGS) delete state.quality[invalid[0]!];
}

/** Records when each indicator's status last changed, judged when its data changes, so alerts have a stable `since`. */
function trackStatus(catalog: Catalog, state: Projection, ids: string[], receivedAt: string): void {
  const year = localYear(Date.parse(receivedAt), catalog.config.province.timeZone);
  for (const id of ids) {
    const indicator = catalog.indicators.get(id);
    if (!indicator) continue;
    const status = statusOf(indicator, provinceValue(catalog, state, indicator, year));
    if (state.statusSince[id]?.status !== status) state.statusSince[id] = { status, since: receivedAt };
  }
}
