import type { Catalog } from '../catalog';
import type { ItemConfig, ItemStatus } from '../config';
import type { Role } from '../roles';
import type { StoredWrite } from '../events';
import { MAX_PROGRESS_HISTORY } from './limits';
import type { SteeringState } from './steering';
import { createScoring, type ScoringState } from './scoring';
import { createLedger, type WebhookLedger } from './webhooks';

export type IndicatorStatus = 'ok' | 'warn' | 'bad' | 'nodata';

/** One progress report as the forecast needs it: when it happened and the percent it gave. */
export interface ProgressPoint {
  at: string;
  percent: number;
}

export interface ItemProgress {
  status: ItemStatus;
  percent: number;
  note?: string;
  /** When the latest progress report happened (or the config's `initial.at`); null while at an undated planned start. */
  updatedAt: string | null;
  /** The latest reports, oldest first, at most `MAX_PROGRESS_HISTORY`: the forecast's input. */
  history: ProgressPoint[];
}

export interface Note {
  seq: number;
  at: string;
  unit: string;
  text: string;
  severity: 'info' | 'warning' | 'critical';
}

/** A token as the log knows it, from its `token.issued` and `token.revoked` events: who wrote what, even once revoked. */
export interface TokenEntry {
  role: Role;
  unit?: string;
  label: string;
  issuedAt: string;
  revokedAt?: string;
}

export interface Ack {
  at: string;
  unit: string;
  /** The id of the token that acknowledged. */
  by: string;
  note?: string;
}

export interface BriefingMark {
  seq: number;
  at: string;
  title: string;
}

/**
 * The projection of the event log: everything `apply` keeps. Derived values that
 * depend on the clock (indicator values, overdue flags, alerts) come from `derive`.
 */
export interface Projection {
  seq: number;
  /** `receivedAt` of the latest event applied; null before the first. */
  asOf: string | null;
  /** `receivedAt` of the first event: the start of the silence clock for units that never reported. */
  startedAt: string | null;
  /** counter id -> scope -> day -> the latest value reported for that day. */
  counters: Record<string, Record<string, Record<string, number>>>;
  /** counter id -> year -> scope -> sum of that year's days (kept with the days, for cheap totals). */
  totals: Record<string, Record<string, Record<string, number>>>;
  /** gauge id -> scope -> the latest value. */
  gauges: Record<string, Record<string, { value: number; at: string }>>;
  items: Record<string, ItemProgress>;
  units: Record<string, { lastReportAt: string | null }>;
  /** indicator id -> its status as of its latest report, and since when it has had it. */
  statusSince: Record<string, { status: IndicatorStatus; since: string }>;
  /** alert id -> its latest acknowledgement: when (receivedAt), from which unit, by which token, with what note. */
  acks: Record<string, Ack>;
  /** item id -> when (receivedAt) it was last reported open again after being done: an overdue alert fires anew then. */
  reopened: Record<string, string>;
  /** The standing commands to the walls, per target (`all` or a wall's id). */
  steering: SteeringState;
  /** Outbound webhook deliveries and what each webhook was last told about each alert. */
  webhooks: WebhookLedger;
  notes: Note[];
  briefings: BriefingMark[];
  /** First-done times and daily report arrivals, for the scorecard (scoring.ts). */
  scoring: ScoringState;
  /** The latest producer events, newest last, for the ticker. */
  recent: StoredWrite[];
  /** token id -> what its issue said; server-side bookkeeping for the audit, left out of the state screens get. */
  tokens?: Record<string, TokenEntry>;
}

export const MAX_NOTES = 50;
export const MAX_BRIEFINGS = 200;
export const MAX_RECENT = 40;
export { MAX_PROGRESS_HISTORY };

/** An item at its planned start: a dated start (`initial.at`) is its first report. */
export function initialProgress(item: ItemConfig): ItemProgress {
  const { status, percent, at } = item.initial;
  return at === undefined ? { status, percent, updatedAt: null, history: [] } : { status, percent, updatedAt: at, history: [{ at, percent }] };
}

/** The projection of an empty log: items at their planned start, nothing reported. */
export function createProjection(catalog: Catalog): Projection {
  const items: Record<string, ItemProgress> = {};
  for (const item of catalog.config.items) items[item.id] = initialProgress(item);
  const units: Record<string, { lastReportAt: string | null }> = {};
  for (const unit of catalog.config.units) units[unit.id] = { lastReportAt: null };
  return {
    seq: 0,
    asOf: null,
    startedAt: null,
    counters: {},
    totals: {},
    gauges: {},
    items,
    units,
    statusSince: {},
    acks: {},
    reopened: {},
    steering: {},
    webhooks: createLedger(),
    notes: [],
    briefings: [],
    scoring: createScoring(catalog),
    recent: [],
  };
}

/** Bumped whenever the projection's shape changes: snapshots of another version are ignored and the log is replayed. */
export const PROJECTION_VERSION = 5;

/** A projection as a snapshot stores it, tagged with its version. */
export function serializeProjection(state: Projection): string {
  return JSON.stringify({ version: PROJECTION_VERSION, projection: state });
}

/** The projection in a snapshot, or null when it was written by another version. */
export function parseProjection(text: string): Projection | null {
  const parsed = JSON.parse(text) as { version?: number; projection?: Projection };
  return parsed.version === PROJECTION_VERSION && parsed.projection ? parsed.projection : null;
}
