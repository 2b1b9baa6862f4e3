import { z } from 'zod';
import type { StoredEvent } from './events';
import type { StateView } from './projection';

/** Bumped when the socket messages change shape; a client on another version reloads. */
export const PROTOCOL_VERSION = 1;

/** Connect errors a client can branch on (`connect_error` message). */
export const CONNECT_ERRORS = { unauthorized: 'unauthorized', protocolMismatch: 'protocol_mismatch', unavailable: 'store_unavailable' } as const;

export const HandshakeAuthSchema = z.object({
  token: z.string().min(1).max(200),
  protocol: z.number(),
  epoch: z.string().max(100).optional(),
  seq: z.int().min(0).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

export interface ClockInfo {
  /** The server's clock when the message was sent (simulated in demo mode). */
  serverTime: string;
  /** Simulated seconds per real second: 1 on a real clock. */
  clockRate: number;
  simulated: boolean;
}

export interface SnapshotMessage extends ClockInfo {
  epoch: string;
  seq: number;
  state: StateView;
}

export interface EventsMessage {
  epoch: string;
  events: StoredEvent[];
}

export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  events: (message: EventsMessage) => void;
}

export interface ClientToServerEvents {
  resync: () => void;
}

/** What the server keeps on each socket. */
export interface SocketData {
  tokenId: string;
  /** When this socket last got a snapshot for `resync` (ms), to throttle floods. */
  lastResync: number;
}
