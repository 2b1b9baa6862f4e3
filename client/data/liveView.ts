import type { ApiErrorCode } from '@shared/call';
import type { SourceView } from './source';

export type ConnectionStatus = 'connecting' | 'live' | 'disconnected' | 'unauthorized';

/** The node's last heartbeat, as this client received it. */
export interface NodeHealth {
  store: 'ok' | 'unavailable';
  behind: number;
  /** Real time (ms) since when the node has been behind without a break; null when it is not. */
  behindSince: number | null;
  /** Real time (ms) it arrived. */
  at: number;
}

export interface LiveView extends SourceView {
  pinnedAt: null;
  configVersion: string | null;
  /** Why the last attempt to fetch the config failed (the client keeps retrying); null once it succeeded. */
  configError: ApiErrorCode | null;
  status: ConnectionStatus;
  /** Real time (ms) the data was last known current: a snapshot, events, or a heartbeat saying the store answers and nothing is behind. */
  lastContact: number;
  health: NodeHealth | null;
  /** The server's clock at `clockAt` (real ms), and how fast it runs: the screen's clock follows it. */
  serverTime: number;
  clockAt: number;
  clockRate: number;
  simulated: boolean;
  /**
   * Why this screen stopped being what it was: `replaced`, another screen registered its wall id
   * (it keeps drawing but no longer claims the id); `revoked`, its token was revoked.
   */
  notice: 'replaced' | 'revoked' | null;
}
