import { isWithin, type Catalog } from '../catalog';
import type { AlertKind, Alert, StateView } from './derive';
import type { Ack, Projection } from './state';
import type { Delivery } from './webhooks';

// What the operator's desk shows, computed from a derived state: pure, like the wall's selectors.

/** An alert as the desk lists it: with the unit it is about (for overdue items, the lead; none for a province indicator). */
export interface DeskAlert extends Alert {
  unit: string | null;
}

export interface AlertFilter {
  kind: AlertKind | null;
  /** Alerts about this unit or a unit below it. */
  unit: string | null;
}

/** The unit an alert is about, or null for a province-wide indicator. */
export function alertUnit(catalog: Catalog, alert: Pick<Alert, 'kind' | 'subject'>): string | null {
  if (alert.kind === 'overdue') return catalog.items.get(alert.subject)?.lead ?? null;
  if (alert.kind === 'unit_silent' || alert.kind === 'data_quality') return alert.subject;
  return null;
}

/** Active alerts through `filter`, newest first; `total` and `open` count all active ones. */
export function deskAlerts(catalog: Catalog, state: StateView, filter: AlertFilter): { total: number; open: number; alerts: DeskAlert[] } {
  const alerts = state.alerts
    .map((a) => ({ ...a, unit: alertUnit(catalog, a) }))
    .filter((a) => (filter.kind === null || a.kind === filter.kind) && (filter.unit === null || (a.unit !== null && isWithin(catalog, a.unit, filter.unit))))
    .sort((a, b) => b.since.localeCompare(a.since) || a.id.localeCompare(b.id));
  return { total: state.alerts.length, open: state.alerts.filter((a) => !a.acknowledged).length, alerts };
}

export interface AckEntry {
  alert: string;
  ack: Ack;
  /** `active`: the acknowledged firing goes on; `cleared`: it has ended; `refired`: it ended and fired again, not yet acknowledged. */
  now: 'active' | 'cleared' | 'refired';
}

/** The latest acknowledgement of each alert, newest first, with what became of the alert since. */
export function recentAcks(state: StateView, limit: number): AckEntry[] {
  const active = new Map(state.alerts.map((a) => [a.id, a]));
  return Object.entries(state.acks)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at))
    .slice(0, limit)
    .map(([alert, ack]) => {
      const current = active.get(alert);
      return { alert, ack, now: !current ? 'cleared' : current.acknowledged ? 'active' : 'refired' };
    });
}

/** Webhook deliveries to show: the unfinished first (oldest first), then the finished, newest first. */
export function deliveriesToShow(webhooks: Projection['webhooks'] | undefined, limit: number): Delivery[] {
  if (!webhooks) return [];
  const pending = Object.values(webhooks.pending).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  return [...pending, ...[...webhooks.done].reverse()].slice(0, limit);
}
