import type { Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import type { Tokens } from '../auth/tokens';
import type { DisplayDirectory } from '../desk/displays';
import type { LiveProblem } from '../desk/live-checks';
import type { Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';

/** What the routers need, wired once in `app.ts`. */
export interface HttpContext {
  store: Store;
  catalog: Catalog;
  clock: Clock;
  follower: LogFollower;
  tokens: Tokens;
  metrics: Metrics;
  delivered: () => Promise<void>;
  checkLive: (events: IocEvent[]) => Promise<LiveProblem[]>;
  displays: DisplayDirectory;
}
