import { z } from 'zod';
import { DisplayIdSchema, type ReadEvent } from './events';
import type { Projection, StateView } from './projection';
import type { Role } from './roles';

/** Bumped when the socket messages change shape; a client on another version reloads. */
export const PROTOCOL_VERSION = 1;

/** Connect errors a client can branch on (`connect_error` message). */
export const CONNECT_ERRORS = { unauthorized: 'unauthorized', protocolMismatch: 'protocol_mismatch', unavailable: 'store_unavailable', rateLimited: 'rate_limited' } as const;

/** A wall introduces itself so the desk can list and steer it; other screens leave it out. */
export const DisplayHelloSchema = z.strictObject({
  id: DisplayIdSchema.refine((id) => id !== 'all', { message: '"all" names every wall', params: { code: 'display_all' } }),
  label: z.string().min(1).max(100),
  /** Which screen it is, e.g. `wall`. */
  screen: z.string().min(1).max(30),
  /** The page it shows now. */
  page: z.string().min(1).max(50).optional(),
});
export type DisplayHello = z.infer<typeof DisplayHelloSchema>;

/** What a wall reports while it runs (on a page change, and every DISPLAY_STATUS_MS as its own heartbeat). */
export const DisplayStatusSchema = z.strictObject({ page: z.string().min(1).max(50) });
export type DisplayStatus = z.infer<typeof DisplayStatusSchema>;
export const DISPLAY_STATUS_MS = 10_000;

export const HandshakeAuthSchema = z.object({
  token: z.string().min(1).max(200),
  protocol: z.number(),
  epoch: z.string().max(100).optional(),
  seq: z.int().min(0).optional(),
  /** The `repairs` of the snapshot the client's state started from (absent: 0); see SnapshotMessage. */
  repairs: z.int().min(0).optional(),
  /** Optional within protocol 1: a malformed one is ignored, the socket connects as an anonymous screen. */
  display: DisplayHelloSchema.optional().catch(undefined),
  /**
   * Optional within protocol 1: `true` asks for snapshots as `snapshot.encoded` (the state as
   * UTF-8 JSON bytes, encoded once per node for every display) instead of `snapshot`.
   */
  encoded: z.boolean().optional().catch(undefined),
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
  /** `configVersion()` of the province config in force: a client holding another one fetches the config again. */
  configVersion: string;
  /** `PROJECTION_VERSION` of the server: a client built for another one reloads. */
  projectionVersion: number;
  /**
   * How many times `npm run log -- repair` replaced events of this epoch's log (absent: none).
   * A client sends it back with its `(epoch, seq)`: one whose seq reaches an event replaced by a
   * later repair gets a snapshot instead of the events it missed. Optional within protocol 1.
   */
  repairs?: number;
  state: StateView;
}

/**
 * A snapshot that travels as one binary attachment holding UTF-8 JSON: the server encodes it
 * once and every display of that audience receives the same bytes. It carries the projection
 * the display applies events to, not the derived state: the client derives what its screens
 * show. For viewer tokens that is `displayProjection` (per-scope per-day values of the last
 * `DISPLAY_SCOPE_DAYS` days, the trend's older days as province sums, no `reportedAt`: an event
 * it cannot judge marks it stale and the client asks for a fresh snapshot). Browsers receive an ArrayBuffer, Node clients a Buffer.
 * Protocol compatibility: sent only to clients that connect with `auth.encoded: true`; other
 * protocol 1 clients keep receiving `snapshot` with the derived state.
 */
export interface EncodedSnapshotMessage extends Omit<SnapshotMessage, 'state'> {
  state: ArrayBuffer | Uint8Array;
}

/** An `snapshot.encoded` message with its projection parsed. */
export interface DisplaySnapshotMessage extends Omit<SnapshotMessage, 'state'> {
  projection: Projection;
}

export function decodeSnapshot(message: EncodedSnapshotMessage): DisplaySnapshotMessage {
  const { state, ...head } = message;
  return { ...head, projection: JSON.parse(new TextDecoder().decode(state)) as Projection };
}

/** How often the server sends each display a heartbeat. */
export const HEARTBEAT_MS = 3_000;

/**
 * The node's own account of whether its data is flowing: a display treats missing heartbeats,
 * or `store` not `ok`, or a follower that stays behind, as "data not being updated".
 * (Socket.IO's transport pings only say the socket is open, not that the data is current.)
 */
export interface HeartbeatMessage {
  /** The server's clock when sent (simulated in demo mode). */
  serverTime: string;
  /** The epoch this node's projection belongs to; null while it (re)loads the log. */
  epoch: string | null;
  /** The log's last seq as this node last read it from the store. */
  head: number;
  /** Events of the log this node knows of and has not applied yet (head minus applied seq). */
  behind: number;
  /** Whether this node can read and write its store right now. */
  store: 'ok' | 'unavailable';
  /** Real time (ISO) of this node's last successful read of the store; null before the first. */
  lastReadAt: string | null;
}

export interface EventsMessage {
  epoch: string;
  /** Operator data arrives redacted to readers whose role may not see it (see ReadEvent). */
  events: ReadEvent[];
}

export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  'snapshot.encoded': (message: EncodedSnapshotMessage) => void;
  events: (message: EventsMessage) => void;
  heartbeat: (message: HeartbeatMessage) => void;
  /** Another screen registered this wall's id since: this one is no longer listed and must stop claiming it. */
  display_replaced: () => void;
  /** This socket's token was revoked; the server disconnects it right after. */
  token_revoked: () => void;
}

export interface ClientToServerEvents {
  resync: () => void;
  'display.status': (status: DisplayStatus) => void;
}

/** What the server keeps on each socket. */
export interface SocketData {
  tokenId: string;
  /** The token's role: what the socket may read (operator data is redacted for others). */
  role: Role;
  /** When this socket last got a snapshot for `resync` (ms), to throttle floods. */
  lastResync: number;
  /** A `resync` that came too soon after the last waits for its turn. */
  resyncDue?: boolean;
  /** It asked for `snapshot.encoded` (see `EncodedSnapshotMessage`). */
  encoded?: boolean;
  /** A viewer's screen that introduced itself as a wall: its snapshot leaves out what only other screens read. */
  wall?: boolean;
}
