import { io, type Socket } from 'socket.io-client';
import type { ReadEvent } from '@shared/events';
import { CONNECT_ERRORS, decodeSnapshot, PROTOCOL_VERSION, type ClientToServerEvents, type DisplayHello, type HeartbeatMessage, type ServerToClientEvents, type DisplaySnapshotMessage, type SnapshotMessage } from '@shared/protocol';
import { retryDelay } from './retry';

/** The longest wait between two tries of a refused or closed connection. */
const RETRY_MAX_MS = 30_000;

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the live state tells the handshake, and does with what the socket says. */
export interface LiveSocketHandlers {
  /** The state held now, to resume from at a (re)connect; null when there is none. */
  resumeFrom(): { epoch: string; seq: number; repairs: number } | null;
  /** The wall's hello at a (re)connect; undefined for a screen that is not listed at the desk. */
  display(): DisplayHello | undefined;
  /** True once the client stopped or its token was refused: a closed or refused connection is not tried again. */
  stopped(): boolean;
  connected(): void;
  disconnected(): void;
  /** The server refused the token. */
  refused(): void;
  /** The server speaks another protocol: the page is out of date. */
  protocolMismatch(): void;
  snapshot(message: SnapshotMessage | DisplaySnapshotMessage): void;
  events(epoch: string, events: ReadEvent[]): void;
  heartbeat(message: HeartbeatMessage): void;
  /** Another screen registered this wall's id. */
  replaced(): void;
  /** The token was revoked (the socket is already closed). */
  revoked(): void;
}

/**
 * The Socket.IO connection behind a live screen: the handshake (token, protocol, encoded
 * snapshots, the state to resume from, the wall's hello) read again at every reconnect, a new
 * try after a refused or closed connection (from `retryRefusedMs`, doubling up to 30 s), and every message handed to `on`.
 */
export function openLiveSocket(url: string, token: string, retryRefusedMs: number, on: LiveSocketHandlers): LiveSocket {
  const socket: LiveSocket = io(url, {
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    auth: (cb) => {
      const resume = on.resumeFrom();
      const display = on.display();
      cb({ token, protocol: PROTOCOL_VERSION, encoded: true, ...(resume ?? {}), ...(display ? { display } : {}) });
    },
  });
  socket.on('connect', () => {
    attempt = 0;
    on.connected();
  });
  // Socket.IO does not retry a connection its server refused or closed with a "disconnect" (as
  // opposed to one it could not reach or lost): a live screen does, unless it stopped.
  // Backing off (doubling, with jitter) so that the walls of a node that keeps refusing do not ask in step.
  let attempt = 0;
  const retry = () => {
    if (!socket.active && !on.stopped()) setTimeout(() => on.stopped() || socket.connect(), retryDelay(attempt++, retryRefusedMs, RETRY_MAX_MS));
  };
  socket.on('disconnect', (reason) => {
    on.disconnected();
    if (reason === 'io server disconnect') retry();
  });
  socket.on('connect_error', (err) => {
    if (err.message === CONNECT_ERRORS.unauthorized) return on.refused();
    if (err.message === CONNECT_ERRORS.protocolMismatch) on.protocolMismatch();
    on.disconnected();
    retry();
  });
  socket.on('snapshot', (message) => on.snapshot(message));
  socket.on('snapshot.encoded', (message) => on.snapshot(decodeSnapshot(message)));
  socket.on('events', ({ epoch, events }) => on.events(epoch, events));
  socket.on('heartbeat', (message) => on.heartbeat(message));
  socket.on('display_replaced', () => on.replaced());
  socket.on('token_revoked', () => {
    socket.disconnect();
    on.revoked();
  });
  return socket;
}
