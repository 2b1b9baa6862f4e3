import type { LiveView } from './liveView';

/**
 * Whether a live screen's data can be trusted now, from the application's own signals: the
 * connection, the config, and the node's heartbeat (its store's health and how far its log
 * follower is behind). Transport pings say nothing about data and count for nothing here.
 */
export type Freshness =
  | { kind: 'current' }
  | { kind: 'unauthorized' }
  /** The config could not be fetched and nothing is saved: nothing to draw (retrying). */
  | { kind: 'no_config' }
  | { kind: 'connecting' }
  /** `since`: real time (ms) the data was last known current. */
  | { kind: 'disconnected'; since: number }
  | { kind: 'store_unavailable'; since: number }
  | { kind: 'stale'; since: number };

type FreshnessInput = Pick<LiveView, 'status' | 'catalog' | 'projection' | 'configError' | 'lastContact' | 'health'>;

/**
 * Stale when the data has not been confirmed current (a snapshot, events, or a heartbeat with
 * the store answering and nothing behind) for `staleAfterMs` (heartbeats stopped, or the
 * follower is stuck), or when the node has stayed behind that long; store unavailable as soon
 * as the node says so.
 */
export function freshnessOf(view: FreshnessInput, realNow: number, staleAfterMs: number): Freshness {
  if (view.status === 'unauthorized') return { kind: 'unauthorized' };
  if (!view.catalog && view.configError !== null) return { kind: 'no_config' };
  if (!view.projection && view.lastContact === 0) return { kind: 'connecting' };
  const since = view.lastContact;
  if (view.status !== 'live') return since === 0 ? { kind: 'connecting' } : { kind: 'disconnected', since };
  if (view.health && view.health.store !== 'ok') return { kind: 'store_unavailable', since };
  if (realNow - since > staleAfterMs) return { kind: 'stale', since };
  if (view.health?.behindSince != null && realNow - view.health.behindSince > staleAfterMs) return { kind: 'stale', since };
  return { kind: 'current' };
}
