import type { Catalog } from '../catalog';
import type { ItemStatus } from '../config';
import type { ItemView, StateView } from '../projection';
import { addDays, localDay } from '../time';
import { changeOf } from './headline';
import { dayOf } from './late';

export interface ItemMove {
  id: string;
  status: ItemStatus;
  percent: number;
  overdue: boolean;
  atRisk: boolean;
  statusBefore: ItemStatus | null;
  percentBefore: number | null;
  /** Percent now minus percent at the baseline (points); null without a baseline. */
  change: number | null;
}

export interface ModelsSummary {
  total: number;
  /** Model ids by their status now, in config order. */
  byStatus: Record<ItemStatus, string[]>;
  /** How many models had each status at the baseline; null without one. */
  countsBefore: Record<ItemStatus, number> | null;
  /** Moved to done since the baseline. */
  movedToDone: string[];
  /** Blocked now, not blocked at the baseline. */
  newBlockers: string[];
  /** Blocked at the baseline, no longer blocked. */
  unblocked: string[];
  /** The models the province asked to accelerate, with their movement. */
  accelerate: ItemMove[];
}

export interface GroupMove {
  id: string;
  tasks: number;
  done: number;
  doneBefore: number | null;
  /** Mean percent of the group's tasks, now and at the baseline. */
  percent: number;
  percentBefore: number | null;
  overdue: number;
  atRisk: number;
  /** The group's tasks, with their movement. */
  items: ItemMove[];
}

export interface PlanSummary {
  tasks: number;
  done: number;
  doneBefore: number | null;
  groups: GroupMove[];
  /** The tasks due in the last quarter that has ended, as the province reviews them. */
  quarter: QuarterSummary;
}

/** Tasks due in one calendar quarter: done by their due day, done after it, or still not done. */
export interface QuarterSummary {
  year: number;
  /** 1 to 4. */
  quarter: number;
  /** The quarter's last day (`YYYY-MM-DD`). */
  end: string;
  due: number;
  onTime: number;
  late: number;
  notDone: number;
  /** The task ids of each kind, in config order. */
  ids: { onTime: string[]; late: string[]; notDone: string[] };
}

function move(id: string, now: ItemView, then: ItemView | undefined): ItemMove {
  return {
    id,
    status: now.status,
    percent: now.percent,
    overdue: now.overdue,
    atRisk: now.atRisk,
    statusBefore: then?.status ?? null,
    percentBefore: then?.percent ?? null,
    change: changeOf(then?.percent, now.percent, false).change,
  };
}

const emptyCounts = (): Record<ItemStatus, number> => ({ done: 0, in_progress: 0, not_started: 0, blocked: 0 });

/** The pilot models by status now, and what moved since the baseline. */
export function modelsSummary(catalog: Catalog, before: StateView | null, after: StateView): ModelsSummary {
  const models = catalog.config.items.filter((i) => i.kind === 'model');
  const byStatus: Record<ItemStatus, string[]> = { done: [], in_progress: [], not_started: [], blocked: [] };
  const countsBefore = before ? emptyCounts() : null;
  const summary: ModelsSummary = { total: models.length, byStatus, countsBefore, movedToDone: [], newBlockers: [], unblocked: [], accelerate: [] };
  for (const model of models) {
    const now = after.items[model.id];
    if (!now) continue;
    const then = before?.items[model.id];
    byStatus[now.status].push(model.id);
    if (countsBefore && then) countsBefore[then.status] += 1;
    if (then && now.status === 'done' && then.status !== 'done') summary.movedToDone.push(model.id);
    if (then && now.status === 'blocked' && then.status !== 'blocked') summary.newBlockers.push(model.id);
    if (then && now.status !== 'blocked' && then.status === 'blocked') summary.unblocked.push(model.id);
    if (model.accelerate) summary.accelerate.push(move(model.id, now, then));
  }
  return summary;
}

/** The plan's groups with their tasks' progress now and at the baseline. */
export function planSummary(catalog: Catalog, before: StateView | null, after: StateView): PlanSummary {
  const tasks = catalog.config.items.filter((i) => i.kind === 'task');
  const groups = catalog.config.groups.map((group): GroupMove => {
    const items = tasks.filter((t) => t.group === group.id && after.items[t.id]).map((t) => move(t.id, after.items[t.id]!, before?.items[t.id]));
    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
    return {
      id: group.id,
      tasks: items.length,
      done: items.filter((i) => i.status === 'done').length,
      doneBefore: before ? items.filter((i) => i.statusBefore === 'done').length : null,
      percent: mean(items.map((i) => i.percent)),
      percentBefore: before ? mean(items.map((i) => i.percentBefore ?? 0)) : null,
      overdue: items.filter((i) => i.overdue).length,
      atRisk: items.filter((i) => i.atRisk).length,
      items,
    };
  });
  const sum = (f: (g: GroupMove) => number) => groups.reduce((a, g) => a + f(g), 0);
  return { tasks: sum((g) => g.tasks), done: sum((g) => g.done), doneBefore: before ? sum((g) => g.doneBefore ?? 0) : null, groups, quarter: lastQuarter(catalog, after) };
}

/**
 * The tasks due in the last quarter that ended before the state's day (on 2 April 2024: the
 * first quarter), each done on time (its first `done` report by its due day), done late, or not
 * done: "10 tasks were to be completed in Q1".
 */
export function lastQuarter(catalog: Catalog, state: StateView): QuarterSummary {
  const today = dayOf(catalog, state);
  const month = Number(today.slice(5, 7));
  const current = Math.ceil(month / 3);
  const year = Number(today.slice(0, 4)) - (current === 1 ? 1 : 0);
  const quarter = current === 1 ? 4 : current - 1;
  const start = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
  const end = addDays(`${quarter === 4 ? year + 1 : year}-${String((quarter * 3 + 1) % 12 || 12).padStart(2, '0')}-01`, -1);
  const doneAt = state.scoring?.doneAt ?? {};
  const tz = catalog.config.province.timeZone;
  const ids: QuarterSummary['ids'] = { onTime: [], late: [], notDone: [] };
  for (const task of catalog.config.items) {
    if (task.kind !== 'task' || task.due < start || task.due > end) continue;
    const item = state.items[task.id];
    if (!item) continue;
    const first = doneAt[task.id];
    if (item.status !== 'done') ids.notDone.push(task.id);
    else if (first === undefined || localDay(Date.parse(first), tz) <= task.due) ids.onTime.push(task.id);
    else ids.late.push(task.id);
  }
  return { year, quarter, end, due: ids.onTime.length + ids.late.length + ids.notDone.length, onTime: ids.onTime.length, late: ids.late.length, notDone: ids.notDone.length, ids };
}
