import type { Projection, StateView } from '@shared/projection';

/** The projection inside a snapshot's state: the derived parts are dropped, the client derives them itself. */
export function toProjection(state: StateView): Projection {
  const { indicators: _i, alerts: _a, now: _n, ...rest } = state;
  const items: Projection['items'] = {};
  for (const [id, item] of Object.entries(state.items)) {
    items[id] = { status: item.status, percent: item.percent, updatedAt: item.updatedAt, ...(item.note !== undefined ? { note: item.note } : {}) };
  }
  const units: Projection['units'] = {};
  for (const [id, unit] of Object.entries(state.units)) units[id] = { lastReportAt: unit.lastReportAt };
  return { ...rest, items, units };
}
