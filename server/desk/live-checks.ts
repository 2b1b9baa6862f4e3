import type { Catalog } from '@shared/catalog';
import type { ErrorDetail } from '@shared/errors';
import type { IocEvent } from '@shared/events';
import { ALL_DISPLAYS, deriveAlerts } from '@shared/projection';
import { checkAgainstLive } from '@shared/validate';
import type { Clock } from '../clock';
import { storeUnavailable } from '@shared/errors';
import type { LogFollower } from '../log/follower';
import type { DisplayDirectory } from './displays';

export interface LiveCheckDeps {
  catalog: Catalog;
  clock: Clock;
  follower: LogFollower;
  displays: DisplayDirectory;
}

/** A problem of one event of a batch, found against the live state. */
export interface LiveProblem {
  index: number;
  detail: ErrorDetail;
}

/**
 * Checks the writes that depend on the moment, before anything is stored: an acknowledgement
 * needs its alert active at the server's clock (on a projection brought level with the log), a
 * command needs its wall connected to some node. Batches with neither cost nothing.
 */
export async function liveProblems(deps: LiveCheckDeps, events: IocEvent[]): Promise<LiveProblem[]> {
  const acks = events.some((e) => e.type === 'alert.acknowledged');
  const targeted = events.some((e) => e.type === 'display.command' && e.target !== ALL_DISPLAYS);
  if (!acks && !targeted) return [];
  let activeAlerts = new Set<string>();
  if (acks) {
    if (!deps.follower.isLoaded) throw storeUnavailable();
    await deps.follower.catchUp();
    activeAlerts = new Set(deriveAlerts(deps.catalog, deps.follower.projection, deps.clock.now()).map((a) => a.id));
  }
  const displays = targeted ? new Set((await deps.displays.list()).map((d) => d.id)) : new Set<string>();
  return events.flatMap((event, index) => checkAgainstLive({ activeAlerts, displays }, event).map((detail) => ({ index, detail })));
}
