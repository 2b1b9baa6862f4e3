import type { Catalog } from '@shared/catalog';
import { restoreDisplay, type Projection, type StateView } from '@shared/projection';
import type { DisplaySnapshotMessage, SnapshotMessage } from '@shared/protocol';

/** The projection inside a snapshot's state: the derived parts are dropped, the client derives them itself. */
export function toProjection(state: StateView): Projection {
  const { indicators: _i, alerts: _a, now: _n, ...rest } = state;
  const items: Projection['items'] = {};
  for (const [id, item] of Object.entries(state.items)) {
    items[id] = { status: item.status, percent: item.percent, updatedAt: item.updatedAt, history: item.history, ...(item.note !== undefined ? { note: item.note } : {}) };
  }
  const units: Projection['units'] = {};
  for (const [id, unit] of Object.entries(state.units)) units[id] = { lastReportAt: unit.lastReportAt };
  return { ...rest, items, units };
}

/** The projection a snapshot brings: a display's (encoded) made whole from the config, or the one inside a derived state. */
export function snapshotProjection(catalog: Catalog, message: SnapshotMessage | DisplaySnapshotMessage): Projection {
  return 'projection' in message ? restoreDisplay(catalog, message.projection) : toProjection(message.state);
}
