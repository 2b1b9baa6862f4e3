import type { Catalog } from '../catalog';
import type { ItemConfig } from '../config';
import type { Role } from '../roles';
import type { StoredWrite } from '../events';
import { MAX_PROGRESS_HISTORY } from './limits';
import type { PackedArrivals } from './display-arrivals';
import type { PackedParts } from './display-pack';
import type { ItemProgress } from './progress';
import type { SteeringState } from './steering';
import { createScoring, type ScoringState } from './scoring';
import { createLedger, type WebhookLedger } from './webhooks';

export type { ItemProgress, ProgressPoint } from './progress';

export type IndicatorStatus = 'ok' | 'warn' | 'bad' | 'nodata';

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

export interface GaugeTotal {
  sum: number;
  count: number;
  latest: { value: number; at: string };
}

/**
 * Why a figure needs checking: an event in the log that breaks the value rules (skipped in totals),
 * a day whose online figure is above its total, or a whole that disagrees with its parts.
 */
export interface QualityFlag {
  reason: 'invalid' | 'above_total' | 'parts';
  /** The unit (scope) the figure belongs to. */
  unit: string;
  /** When the flag was raised (receivedAt). */
  since: string;
  /** The skipped event, for `invalid`. */
  seq?: number;
  /** The ratio (`above_total`) or the whole counter (`parts`), and the day. */
  indicator?: string;
  day?: string;
}

/** The alert id of a data-quality flag: the unit first, so the alert's subject is the unit. */
export function qualityId(unit: string, detail: string): string {
  return `quality:${unit}:${detail}`;
}

/** The key of the province in `totals`: never a unit id (those start with a letter or digit). */
export const PROVINCE = '*';

/**
 * Marks a display's copy of the projection (display.ts): it holds per-scope per-day values from
 * `from` on and no `reportedAt`; no report in force it holds has an `at` later than `atMost`
 * (epoch ms). The trend's older days it holds as province sums only: `sums`, key (as
 * `ratioDaySums` names them) -> day -> sum, for days before `from`. `stale` is set by `apply`
 * when an event needs what the copy left out: the display then asks for a fresh snapshot.
 */
export interface DisplayHold {
  from: string;
  atMost: number;
  sums: Record<string, Record<string, number>>;
  /** A briefing screen's report arrivals as the snapshot carries them; `restoreDisplay` unpacks them into `scoring.arrivals`. */
  arrived?: PackedArrivals;
  /** Items, units, gauges, per-scope days and totals as the snapshot carries them; `restoreDisplay` unpacks them into their places. */
  packed?: PackedParts;
  stale?: true;
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
  /**
   * counter id -> scope -> day -> the value in force for that day: the report with the latest `at`
   * (for a counter with `parts`, their sum where all are in force). Days older than `keepDays` are folded away.
   */
  counters: Record<string, Record<string, Record<string, number>>>;
  /** counter id -> scope -> day -> `at` (epoch ms) of the report in force: a report with an earlier `at` does not replace it. */
  reportedAt: Record<string, Record<string, Record<string, number>>>;
  /** counter with `parts` -> scope -> day -> the value reported for the counter itself. */
  reportedOwn: Record<string, Record<string, Record<string, number>>>;
  /**
   * indicator id -> window (`YYYY`, or `all` for all-time counters) -> scope -> running total of the
   * scope and everything below it; `*` is the province. Exact integers, kept as events arrive.
   * A ratio with `denominatorScopes: "numerator"` keeps its own denominator here.
   */
  totals: Record<string, Record<string, Record<string, number>>>;
  /** gauge id -> scope -> the latest value. */
  gauges: Record<string, Record<string, { value: number; at: string }>>;
  /** gauge id -> the province's running figures: sum (in ten-thousandths, exact), count of scopes, the latest value. */
  gaugeTotals: Record<string, GaugeTotal>;
  /** Data-quality flags, by alert id: events skipped as invalid, days whose figures disagree. */
  quality: Record<string, QualityFlag>;
  /** The oldest day whose per-day values are kept (days before it are folded into the totals); null before any report. */
  keptFrom: string | null;
  /** No per-day value is older than this day (a lower bound): folding scans only when something is older than the window. */
  oldestDay: string | null;
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
  /** Only in a display's copy (display.ts): what it left out. The server's projection never has it. */
  display?: DisplayHold;
}

export const MAX_NOTES = 50;
export const MAX_BRIEFINGS = 200;
export const MAX_RECENT = 40;
/** Flags for skipped events kept at most (the oldest go first). */
export const MAX_INVALID_FLAGS = 100;
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
    reportedAt: {},
    reportedOwn: {},
    totals: {},
    gauges: {},
    gaugeTotals: {},
    quality: {},
    keptFrom: null,
    oldestDay: null,
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
export const PROJECTION_VERSION = 10;

/** A projection as a snapshot stores it, tagged with its version. */
export function serializeProjection(state: Projection): string {
  return JSON.stringify({ version: PROJECTION_VERSION, projection: state });
}

/** The projection in a snapshot, or null when it was written by another version. */
export function parseProjection(text: string): Projection | null {
  const parsed = JSON.parse(text) as { version?: number; projection?: Projection };
  return parsed.version === PROJECTION_VERSION && parsed.projection ? parsed.projection : null;
}
