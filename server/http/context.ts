import type { UpstreamHealth } from '@shared/admin';
import type { Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import type { Tokens } from '../auth/tokens';
import type { DisplayDirectory } from '../desk/displays';
import type { LiveProblem } from '../desk/live-checks';
import type { Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import type { TimeTravel } from '../log/timetravel';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';

/** What the routers need, wired once in `app.ts`. */
export interface HttpContext {
  store: Store;
  catalog: Catalog;
  clock: Clock;
  follower: LogFollower;
  /** Past states for ?seq= and ?at=, with the stretches of the log it read kept for the next step. */
  timeTravel: TimeTravel;
  tokens: Tokens;
  metrics: Metrics;
  delivered: () => Promise<void>;
  /** Displays connected to this node now. */
  displays: () => number;
  /** This node's name in the health report (host:port, known once it listens). */
  nodeId: () => string;
  /** Checks a write against the moment (an acknowledged alert is active, a steered wall connected). */
  checkLive: (events: IocEvent[]) => Promise<LiveProblem[]>;
  /** Every wall connected to any node, for the desk. */
  walls: DisplayDirectory;
  /** The reports to the roll-up deployment; null when there is none. */
  upstream: () => UpstreamHealth | null;
}
