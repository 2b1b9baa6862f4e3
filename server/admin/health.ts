import type { HealthReport, UnitSilence, UpstreamHealth } from '@shared/admin';
import type { Catalog } from '@shared/catalog';
import { derive } from '@shared/projection';
import type { Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import { freshNodes, nodeHealth, type PresenceDeps } from './presence';

/** Minutes of event rate the health page shows. */
export const RATE_MINUTES = 15;
const MINUTE = 60_000;
const startedAt = Date.now();

export interface HealthDeps extends PresenceDeps {
  catalog: Catalog;
  clock: Clock;
  nodeId: string;
  /** The reports to the roll-up deployment; null when there is none. */
  upstream?: () => UpstreamHealth | null;
}

/** What an admin needs to see that the system is well: store, nodes, event rate, silent units. */
export async function healthReport(deps: HealthDeps): Promise<HealthReport> {
  const { store, follower, clock } = deps;
  const now = clock.now();
  const h = follower.health();
  const self = nodeHealth(deps.nodeId, deps);
  const reachable = store.ready();
  const upstream = deps.upstream?.() ?? null;
  let info: Record<string, string> | null = null;
  let error: string | undefined;
  let nodes = [self];
  try {
    [info, nodes] = await Promise.all([store.info(), freshNodes(self, store)]);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  return {
    now: new Date(now).toISOString(),
    store: { kind: store.kind, reachable, info, ...(error ? { error } : {}) },
    node: { ...self, epoch: h.epoch, head: h.head, lastReadAt: h.lastReadAt ? new Date(h.lastReadAt).toISOString() : null, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
    nodes,
    rate: eventRate(follower, now),
    units: silence(deps.catalog, follower, now),
    ...(upstream ? { upstream } : {}),
  };
}

/**
 * Events stored per minute over the last RATE_MINUTES minutes, counted from this node's memory of
 * the latest events (enough for any rate under about 1,300 a minute; above that the oldest minutes undercount).
 */
function eventRate(follower: LogFollower, now: number): HealthReport['rate'] {
  const perMinute: number[] = new Array<number>(RATE_MINUTES).fill(0);
  const recent = follower.recentAfter(follower.ringStart - 1) ?? [];
  const start = now - RATE_MINUTES * MINUTE;
  for (let i = recent.length - 1; i >= 0; i--) {
    const t = Date.parse(recent[i]!.receivedAt);
    if (t < start) break;
    const slot = Math.min(RATE_MINUTES - 1, Math.floor((t - start) / MINUTE));
    perMinute[slot]! += 1;
  }
  const last = recent.at(-1);
  return { perMinute, minutes: RATE_MINUTES, lastEventAt: last ? last.receivedAt : null };
}

function silence(catalog: Catalog, follower: LogFollower, now: number): UnitSilence[] {
  const view = derive(catalog, follower.projection, now);
  const units = catalog.config.units.map((u) => ({ unit: u.id, lastReportAt: view.units[u.id]?.lastReportAt ?? null, silent: view.units[u.id]?.silent ?? false }));
  const age = (u: UnitSilence) => (u.lastReportAt === null ? -Infinity : Date.parse(u.lastReportAt));
  return units.sort((a, b) => Number(b.silent) - Number(a.silent) || age(a) - age(b));
}
