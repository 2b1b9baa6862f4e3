import type { z } from 'zod';
import type { Catalog } from '../catalog';
import type { AlertKindSchema } from '../config';
import { addDays, localDay, nextDay, startOfLocalDay } from '../time';
import { computeIndicator, provinceValue, type IndicatorView } from './indicators';
import { statusOf } from './status';
import { initialProgress, type Ack, type ItemProgress, type Projection } from './state';

export interface ItemView extends ItemProgress {
  kind: 'task' | 'model';
  group?: string;
  lead: string;
  due: string;
  /** Past its due day (in the province's time zone) and not done. */
  overdue: boolean;
  /** Due within the configured days and still far from done. */
  atRisk: boolean;
}

export interface UnitView {
  lastReportAt: string | null;
  silent: boolean;
}

export type AlertKind = z.infer<typeof AlertKindSchema>;

export interface Alert {
  id: string;
  kind: AlertKind;
  subject: string;
  since: string;
  acknowledged: boolean;
  /** Who acknowledged this firing of the alert, when, and with what note; only while `acknowledged`. */
  ack?: Ack;
}

/** The state as the contract shows it: the projection plus everything derived from it at `now`. */
export interface StateView extends Omit<Projection, 'items' | 'units' | 'tokens'> {
  now: string;
  indicators: Record<string, IndicatorView>;
  items: Record<string, ItemView>;
  units: Record<string, UnitView>;
  alerts: Alert[];
}

const HOUR = 3_600_000;

const overdueSinces = new Map<string, string>();

/** When an item due on `due` became overdue: the end of its due day in the province (remembered: asked on every derive). */
function overdueSince(due: string, timeZone: string): string {
  const key = `${due}|${timeZone}`;
  let since = overdueSinces.get(key);
  if (since === undefined) {
    since = new Date(startOfLocalDay(nextDay(due), timeZone)).toISOString();
    if (overdueSinces.size >= 4_096) overdueSinces.clear();
    overdueSinces.set(key, since);
  }
  return since;
}

/** When a unit became silent (ms), or null while it is not. */
function silentSince(catalog: Catalog, state: Projection, unitId: string, now: number): number | null {
  const unit = catalog.units.get(unitId);
  const from = state.units[unitId]?.lastReportAt ?? state.startedAt;
  if (!unit || from === null) return null;
  const deadline = Date.parse(from) + (unit.silentAfterHours ?? catalog.config.alerts.silentAfterHours) * HOUR;
  return now > deadline ? deadline : null;
}

/**
 * The alerts active at `now`, from province values, item deadlines, unit clocks and data-quality
 * flags alone: no per-scope maps, so the webhook tick can ask it often.
 */
export function deriveAlerts(catalog: Catalog, state: Projection, now: number): Alert[] {
  const { config } = catalog;
  const tz = config.province.timeZone;
  const today = localDay(now, tz);
  const year = today.slice(0, 4);
  const alerts: Alert[] = [];
  const raise = (id: string, kind: AlertKind, subject: string, since: string) => {
    const ack = state.acks[id];
    // An acknowledgement covers the firing it was given for: one that fires again after clearing is news.
    const acknowledged = ack !== undefined && ack.at >= since;
    alerts.push({ id, kind, subject, since, acknowledged, ...(acknowledged ? { ack } : {}) });
  };
  for (const item of config.items) {
    const progress = state.items[item.id];
    if ((progress?.status ?? item.initial.status) === 'done' || today <= item.due) continue;
    const dueEnd = overdueSince(item.due, tz);
    // A done item reported open again after its due day is overdue anew from that moment.
    const reopened = state.reopened?.[item.id];
    raise(`overdue:${item.id}`, 'overdue', item.id, reopened !== undefined && reopened > dueEnd ? reopened : dueEnd);
  }
  for (const ind of config.indicators) {
    if (statusOf(ind, provinceValue(catalog, state, ind, year)) !== 'bad') continue;
    const tracked = state.statusSince[ind.id];
    raise(`indicator:${ind.id}`, 'indicator_bad', ind.id, tracked?.status === 'bad' ? tracked.since : (state.asOf ?? new Date(now).toISOString()));
  }
  for (const unit of config.units) {
    const since = silentSince(catalog, state, unit.id, now);
    if (since !== null) raise(`silent:${unit.id}`, 'unit_silent', unit.id, new Date(since).toISOString());
  }
  for (const [id, flag] of Object.entries(state.quality ?? {})) raise(id, 'data_quality', flag.unit, flag.since);
  return alerts;
}

/** Derives indicator values, item flags, silent units and alerts from the projection at instant `now`. */
export function derive(catalog: Catalog, state: Projection, now: number): StateView {
  const { config } = catalog;
  const tz = config.province.timeZone;
  const today = localDay(now, tz);
  const year = today.slice(0, 4);

  const indicators: Record<string, IndicatorView> = {};
  for (const ind of config.indicators) indicators[ind.id] = computeIndicator(catalog, state, ind, year);

  const items: Record<string, ItemView> = {};
  // Days compare as YYYY-MM-DD strings: due within the at-risk days is due on or before this day.
  const riskUntil = addDays(today, config.alerts.atRiskDays);
  for (const item of config.items) {
    const progress = state.items[item.id] ?? initialProgress(item);
    const open = progress.status !== 'done';
    const overdue = open && today > item.due;
    const atRisk = open && !overdue && item.due <= riskUntil && progress.percent < config.alerts.atRiskBelowPercent;
    // One literal shape for every item (spreads here cost more than the rest of the loop).
    const view: ItemView = { status: progress.status, percent: progress.percent, updatedAt: progress.updatedAt, history: progress.history, kind: item.kind, lead: item.lead, due: item.due, overdue, atRisk };
    if (progress.note !== undefined) view.note = progress.note;
    if (item.group) view.group = item.group;
    items[item.id] = view;
  }

  const units: Record<string, UnitView> = {};
  for (const unit of config.units) {
    const last = state.units[unit.id]?.lastReportAt ?? null;
    units[unit.id] = { lastReportAt: last, silent: silentSince(catalog, state, unit.id, now) !== null };
  }
  const alerts = deriveAlerts(catalog, state, now);

  const { tokens: _tokens, ...shown } = state;
  return { ...shown, now: new Date(now).toISOString(), indicators, items, units, alerts };
}

const KIND_OF_PREFIX: Record<string, AlertKind> = { overdue: 'overdue', indicator: 'indicator_bad', silent: 'unit_silent', quality: 'data_quality' };

/**
 * An alert id (`overdue:<item>`, `indicator:<indicator>`, `silent:<unit>`, `quality:<unit>:<detail>`)
 * taken apart; null for another shape.
 */
export function parseAlertId(alert: string): { kind: AlertKind; subject: string } | null {
  const cut = alert.indexOf(':');
  const kind = cut < 0 ? undefined : KIND_OF_PREFIX[alert.slice(0, cut)];
  if (kind !== 'data_quality') return kind ? { kind, subject: alert.slice(cut + 1) } : null;
  const end = alert.indexOf(':', cut + 1);
  return end > cut + 1 && end < alert.length - 1 ? { kind, subject: alert.slice(cut + 1, end) } : null;
}

/** The alert ids that can exist for a config, by prefix: used to check `alert.acknowledged`. */
export function isKnownAlertId(catalog: Catalog, alert: string): boolean {
  const parsed = parseAlertId(alert);
  if (!parsed) return false;
  if (parsed.kind === 'overdue') return catalog.items.has(parsed.subject);
  if (parsed.kind === 'indicator_bad') return catalog.indicators.has(parsed.subject);
  // A data-quality flag names the unit first; the rest names the event or the day.
  return catalog.units.has(parsed.subject);
}
