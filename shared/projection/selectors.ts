import type { Catalog } from '../catalog';
import type { ItemStatus } from '../config';
import type { StoredWrite } from '../events';
import { localDay } from '../time';
import type { Alert, ItemView, StateView } from './derive';
import { dailyRatio, type DayPoint } from './series';
import type { IndicatorStatus } from './state';

// What screens show, computed from a derived state: pure, so the wall, the briefing and any
// later screen agree, and each panel gets a small value it can compare with the last one.

/** Code-point order, for ids and ISO dates: stable everywhere, and far cheaper than localeCompare. */
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface HeadlineValue {
  id: string;
  value: number | null;
  status: IndicatorStatus;
}

/** The config's headline indicators, in config order, with their value and status. */
export function headlineValues(catalog: Catalog, state: StateView): HeadlineValue[] {
  return catalog.config.indicators
    .filter((i) => i.headline)
    .map((i) => ({ id: i.id, value: state.indicators[i.id]?.value ?? null, status: state.indicators[i.id]?.status ?? 'nodata' }));
}

export const ITEM_STATUSES: readonly ItemStatus[] = ['done', 'in_progress', 'not_started', 'blocked'];

export interface StatusCounts {
  total: number;
  byStatus: Record<ItemStatus, number>;
  overdue: number;
  atRisk: number;
}

/** Items of one kind (tasks or pilot models) counted by status, with the overdue and at-risk ones. */
export function countByStatus(state: StateView, kind: ItemView['kind']): StatusCounts {
  const counts: StatusCounts = { total: 0, byStatus: { done: 0, in_progress: 0, not_started: 0, blocked: 0 }, overdue: 0, atRisk: 0 };
  for (const item of Object.values(state.items)) {
    if (item.kind !== kind) continue;
    counts.total += 1;
    counts.byStatus[item.status] += 1;
    if (item.overdue) counts.overdue += 1;
    if (item.atRisk) counts.atRisk += 1;
  }
  return counts;
}

export interface GroupProgress {
  id: string;
  tasks: number;
  done: number;
  /** Mean percent of the group's tasks; 0 for a group without tasks. */
  percent: number;
  overdue: number;
  atRisk: number;
}

export interface PlanProgress {
  tasks: number;
  done: number;
  groups: GroupProgress[];
}

/** Each task group's progress, in config order, and the plan's tasks done out of all. */
export function planProgress(catalog: Catalog, state: StateView): PlanProgress {
  const groups = new Map<string, GroupProgress & { sum: number }>(catalog.config.groups.map((g) => [g.id, { id: g.id, tasks: 0, done: 0, percent: 0, overdue: 0, atRisk: 0, sum: 0 }]));
  let tasks = 0;
  let done = 0;
  for (const item of Object.values(state.items)) {
    if (item.kind !== 'task') continue;
    tasks += 1;
    if (item.status === 'done') done += 1;
    const g = item.group === undefined ? undefined : groups.get(item.group);
    if (!g) continue;
    g.tasks += 1;
    g.sum += item.percent;
    if (item.status === 'done') g.done += 1;
    if (item.overdue) g.overdue += 1;
    if (item.atRisk) g.atRisk += 1;
  }
  return { tasks, done, groups: [...groups.values()].map(({ sum, ...g }) => ({ ...g, percent: g.tasks ? sum / g.tasks : 0 })) };
}

export interface LateItem {
  id: string;
  kind: ItemView['kind'];
  lead: string;
  due: string;
  percent: number;
  /** Overdue; otherwise at risk, or forecast to miss its due day. */
  overdue: boolean;
  /** Not overdue yet, but its forecast finishes after its due day (`forecastAll` in shared/briefing). */
  willMiss: boolean;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Overdue items, then at-risk ones and those in `willMiss` (forecast to finish after their due day),
 * each earliest due first (then by id, so the order is stable).
 */
export function lateItems(state: StateView, willMiss: ReadonlySet<string> = NONE): LateItem[] {
  return Object.entries(state.items)
    .filter(([id, i]) => i.overdue || i.atRisk || (willMiss.has(id) && i.status !== 'done'))
    .map(([id, i]) => ({ id, kind: i.kind, lead: i.lead, due: i.due, percent: i.percent, overdue: i.overdue, willMiss: !i.overdue && willMiss.has(id) }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || byCode(a.due, b.due) || byCode(a.id, b.id));
}

export interface UnitLateItems {
  unit: string;
  overdue: number;
  items: LateItem[];
}

/** Late items under their lead unit: the units with the most overdue items first, then the most late ones. */
export function lateItemsByUnit(state: StateView): UnitLateItems[] {
  const byUnit = new Map<string, UnitLateItems>();
  for (const item of lateItems(state)) {
    const entry = byUnit.get(item.lead) ?? { unit: item.lead, overdue: 0, items: [] };
    entry.items.push(item);
    if (item.overdue) entry.overdue += 1;
    byUnit.set(item.lead, entry);
  }
  return [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.items.length - a.items.length || byCode(a.unit, b.unit));
}

export interface RankedUnit {
  id: string;
  value: number;
  status: IndicatorStatus;
  /** 1 for the best. */
  place: number;
}

export interface Ranking {
  /** Units with a value. */
  ranked: number;
  top: RankedUnit[];
  /** The worst, worst first; never repeats a unit of `top`. */
  bottom: RankedUnit[];
}

/** Units with a value of `indicator`, best first as its direction says; the top and bottom `count`. */
export function ranking(catalog: Catalog, state: StateView, indicator: string, count: number): Ranking {
  const down = catalog.indicators.get(indicator)?.direction === 'down';
  const all = Object.entries(state.indicators[indicator]?.byScope ?? {})
    .flatMap(([id, v]) => (v.value === null ? [] : [{ id, value: v.value, status: v.status }]))
    .sort((a, b) => (down ? a.value - b.value : b.value - a.value) || byCode(a.id, b.id))
    .map((u, i) => ({ ...u, place: i + 1 }));
  const top = all.slice(0, count);
  const bottom = all.length > count ? all.slice(-Math.min(count, all.length - count)).reverse() : [];
  return { ranked: all.length, top, bottom };
}

export interface Tile {
  id: string;
  row: number;
  col: number;
  value: number | null;
  status: IndicatorStatus;
  /** One of the unit's figures has a data-quality flag (a skipped event, online above total, parts that disagree). */
  check: boolean;
}

export interface TileGrid {
  rows: number;
  cols: number;
  tiles: Tile[];
}

/** The units that have a tile position, on their grid, with their value of `indicator`. */
export function tileGrid(catalog: Catalog, state: StateView, indicator: string): TileGrid {
  const byScope = state.indicators[indicator]?.byScope ?? {};
  const flagged = new Set(Object.values(state.quality ?? {}).map((f) => f.unit));
  const tiles: Tile[] = [];
  for (const u of catalog.config.units) {
    if (!u.tile) continue;
    const cell = byScope[u.id];
    tiles.push({ id: u.id, row: u.tile.row, col: u.tile.col, value: cell?.value ?? null, status: cell?.status ?? 'nodata', check: flagged.has(u.id) });
  }
  return { rows: Math.max(-1, ...tiles.map((t) => t.row)) + 1, cols: Math.max(-1, ...tiles.map((t) => t.col)) + 1, tiles };
}

const ALERT_ORDER: Record<Alert['kind'], number> = { indicator_bad: 0, data_quality: 1, unit_silent: 2, overdue: 3 };

/** Active alerts: unacknowledged first, then by kind (indicators, silent units, overdue items), newest first. */
export function sortedAlerts(state: StateView): { open: number; alerts: Alert[] } {
  const alerts = [...state.alerts].sort((a, b) => Number(a.acknowledged) - Number(b.acknowledged) || ALERT_ORDER[a.kind] - ALERT_ORDER[b.kind] || byCode(b.since, a.since) || byCode(a.id, b.id));
  return { open: alerts.filter((a) => !a.acknowledged).length, alerts };
}

/** The latest `limit` events, newest first. */
export function recentEvents(state: StateView, limit: number): StoredWrite[] {
  return state.recent.slice(-limit).reverse();
}

/**
 * A ratio indicator's province value for each of the last `days` days up to the day the
 * state was derived at (in the province's time zone), rounded to what a chart can show.
 */
export function dailyTrend(catalog: Catalog, state: StateView, indicator: string, days: number): DayPoint[] {
  const today = localDay(Date.parse(state.now), catalog.config.province.timeZone);
  return dailyRatio(catalog, state, indicator, today, days).map((p) => ({ day: p.day, value: p.value === null ? null : Math.round(p.value * 10_000) / 10_000 }));
}
