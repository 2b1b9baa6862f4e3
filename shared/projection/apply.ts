import type { Catalog } from '../catalog';
import { isRedacted, type ReadEvent } from '../events';
import { localYear } from '../time';
import { provinceValue } from './indicators';
import { MAX_BRIEFINGS, MAX_INVALID_FLAGS, MAX_NOTES, MAX_PROGRESS_HISTORY, MAX_RECENT, qualityId, type Projection } from './state';
import { createScoring, trackScoring } from './scoring';
import { statusOf } from './status';
import { applyCommand } from './steering';
import { foldBefore, reportCounter, reportGauge, takesOver } from './totals';
import { oldestKeptDay, valueProblem } from './values';
import { applyWebhookEvent, createLedger } from './webhooks';

const UTC_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** The time in UTC ISO form; times the store wrote are already in it, so they skip the Date round trip. */
const iso = (at: string) => (UTC_ISO.test(at) ? at : new Date(at).toISOString());
const later = (a: string | null, b: string) => (a !== null && a > b ? a : b);

function pushCapped<T>(list: T[], entry: T, cap: number): void {
  list.push(entry);
  if (list.length > cap) list.splice(0, list.length - cap);
}

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
  const at = iso(event.at);
  // The server's own bookkeeping is not a report: it neither starts the silence clock nor reaches the ticker.
  if (event.type === 'token.issued' || event.type === 'token.revoked') {
    const tokens = (state.tokens ??= {});
    if (event.type === 'token.issued') tokens[event.tokenId] = { role: event.role, label: event.label, issuedAt: receivedAt, ...(event.tokenUnit !== undefined ? { unit: event.tokenUnit } : {}) };
    else if (tokens[event.tokenId]) tokens[event.tokenId]!.revokedAt = receivedAt;
    return state;
  }
  if (event.type === 'webhook.queued' || event.type === 'webhook.attempted' || event.type === 'webhook.result') {
    // A projection cached by an older client may lack the ledger: it starts empty.
    applyWebhookEvent((state.webhooks ??= createLedger()), event, receivedAt);
    return state;
  }
  // A lost event's place, written by a repair: only the seq moves on.
  if (event.type === 'log.damaged') return state;
  state.startedAt ??= receivedAt;
  // Commands to the walls are not news from a unit either: no ticker line, no report.
  if (event.type !== 'display.command') {
    const unit = state.units[event.unit];
    if (unit) unit.lastReportAt = later(unit.lastReportAt, at);
    pushCapped(state.recent, event, MAX_RECENT);
  }

  trackScoring(catalog, (state.scoring ??= createScoring(catalog)), event, at, receivedAt);
  switch (event.type) {
    case 'indicator.reported': {
      const indicator = catalog.indicators.get(event.indicator);
      const scope = event.scope ?? event.unit;
      if (!indicator || indicator.kind === 'ratio' || !catalog.units.has(scope)) break;
      const receivedMs = Date.parse(receivedAt);
      const keptFrom = keptFromAt(catalog, receivedMs);
      foldBefore(state, keptFrom);
      // An event the rules refuse today may sit in an older log: it is skipped and flagged, never summed.
      if (valueProblem(indicator, event.value) !== null || (indicator.kind === 'counter' && event.period < keptFrom)) {
        flagInvalid(state, scope, event.seq, receivedAt);
        break;
      }
      if (indicator.kind === 'counter') {
        const atMs = Date.parse(at);
        if (!takesOver(state, indicator.id, scope, event.period, atMs)) break;
        reportCounter(catalog, state, indicator, scope, event.period, event.value, atMs, receivedAt);
      } else reportGauge(state, indicator, scope, event.value, at);
      trackStatus(catalog, state, catalog.affects.get(indicator.id) ?? [indicator.id], receivedAt);
      break;
    }
    case 'progress.reported': {
      const item = state.items[event.item];
      if (!item) break;
      if (item.status === 'done' && event.status !== 'done') (state.reopened ??= {})[event.item] = receivedAt;
      item.status = event.status;
      if (event.percent !== undefined) item.percent = event.percent;
      else if (event.status === 'done') item.percent = 100;
      if (event.note !== undefined) item.note = event.note;
      item.updatedAt = at;
      pushCapped(item.history, { at, percent: item.percent }, MAX_PROGRESS_HISTORY);
      break;
    }
    case 'note.posted':
      pushCapped(state.notes, { seq: event.seq, at, unit: event.unit, text: event.text, severity: event.severity }, MAX_NOTES);
      break;
    case 'alert.acknowledged':
      state.acks[event.alert] = { at: receivedAt, unit: event.unit, by: event.by, ...(event.note !== undefined ? { note: event.note } : {}) };
      break;
    case 'briefing.marked':
      pushCapped(state.briefings, { seq: event.seq, at: receivedAt, title: event.title }, MAX_BRIEFINGS);
      break;
    case 'display.command':
      applyCommand((state.steering ??= {}), event, receivedAt);
      break;
  }
  return state;
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
