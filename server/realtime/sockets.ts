import { ServerResponse, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { AppError } from '@shared/errors';
import { CONNECT_ERRORS, DisplayStatusSchema, HandshakeAuthSchema, PROTOCOL_VERSION } from '@shared/protocol';
import type { Authenticator } from '../auth/authenticate';
import { addressKey, clientAddress, type TrustProxy } from '../http/addresses';
import type { LocalDisplays } from '../desk/displays';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';
import type { Fanout } from './fanout';
import type { IoServer, IoSocket } from './types';

/** engine.io's response to a WebSocket upgrade, as far as this file touches it: the request it holds. */
interface UpgradeResponse {
  req: IncomingMessage | null;
}

/** One empty object for the handshake fields nothing reads after admission. */
const NOTHING = Object.freeze({});

/** A socket may ask for a fresh snapshot this often at most. */
const RESYNC_INTERVAL_MS = 1_000;
/** A display that has not taken what was sent to it for this long is cut off; it resyncs when it reconnects. */
export const SLOW_CONSUMER_MS = 5_000;

export interface SocketDeps {
  /** The one authentication, shared with HTTP (and its budget of unknown tokens per address). */
  authenticator: Authenticator;
  store: Store;
  metrics: Metrics;
  /** Which peers' X-Forwarded-For to believe. */
  trust: TrustProxy;
  onError: (err: unknown) => void;
  /** The walls connected here, listed at the desk; absent, walls are served but not listed. */
  displays?: LocalDisplays;
}

export function createSocketServer(httpServer: HttpServer, deps: SocketDeps): IoServer {
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    // Clients only send a tiny `resync`; a large frame is abuse.
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });

  // The client's address, kept from the first HTTP request only until its handshake is decided.
  const addresses = new WeakMap<object, string>();
  // Socket.IO keeps each connection's first HTTP request unless told not to, and engine.io's response
  // to a WebSocket upgrade (not a ServerResponse: its own stand-in, which the socket's `close`
  // listener keeps for the connection's life) holds the upgrade request too: with its headers, half
  // a KB to a KB per display, unused here. The stand-in is noted as the upgrade comes in (any
  // engine.io middleware also turns WebTransport away, which is not offered here) and lets go of
  // the request once the upgrade's response headers are written: for a first connection by
  // WebSocket and for a display that starts with long-polling and upgrades (as the wall does) alike.
  const upgrades = new WeakMap<IncomingMessage, UpgradeResponse>();
  io.engine.use((req: IncomingMessage, res: ServerResponse | UpgradeResponse, next: () => void) => {
    if (!(res instanceof ServerResponse)) upgrades.set(req, res);
    next();
  });
  io.engine.on('headers', (_headers: unknown, req: IncomingMessage) => {
    const upgrade = upgrades.get(req);
    if (upgrade) upgrade.req = null;
  });
  io.engine.on('connection', (raw: { request: IncomingMessage | null; remoteAddress: string }) => {
    if (raw.request) {
      addresses.set(raw, addressKey(clientAddress(raw.remoteAddress, raw.request.headers['x-forwarded-for'], deps.trust)));
      raw.request.headers = {};
      raw.request.rawHeaders = [];
    }
    raw.request = null;
  });

  io.use((socket, next) => {
    const address = addresses.get(socket.conn) ?? addressKey(socket.conn.remoteAddress);
    addresses.delete(socket.conn);
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    const protocol = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
    if (protocol !== PROTOCOL_VERSION) return next(new Error(CONNECT_ERRORS.protocolMismatch));
    const token = auth.success ? auth.data.token : undefined;
    deps.authenticator.authenticate(token, address).then(
      (principal) => {
        socket.data = { tokenId: principal.tokenId, role: principal.role, lastResync: 0 };
        next();
      },
      (err: unknown) => {
        if (err instanceof AppError && err.code === 'unauthorized') return next(new Error(CONNECT_ERRORS.unauthorized));
        if (err instanceof AppError && err.code === 'rate_limited') return next(new Error(CONNECT_ERRORS.rateLimited));
        deps.onError(err);
        next(new Error(CONNECT_ERRORS.unavailable));
      },
    );
  });

  deps.store.onTokenRevoked((id) => {
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.tokenId !== id) continue;
      // Said before the cut, so a wall can tell its room why at once (it is sent ahead of the close).
      socket.emit('token_revoked');
      socket.disconnect(true);
    }
  });
  watchSlowConsumers(io, httpServer);
  return io;
}

/**
 * A client that stops reading leaves its transport unwritable while the server queues for it;
 * past SLOW_CONSUMER_MS it is disconnected, so one stuck screen cannot hold memory or slow the rest.
 */
function watchSlowConsumers(io: IoServer, httpServer: HttpServer): void {
  const stuckSince = new WeakMap<object, number>();
  const timer = setInterval(() => {
    const now = Date.now();
    for (const socket of io.sockets.sockets.values()) {
      const conn = socket.conn;
      if (conn.transport.writable) {
        stuckSince.delete(conn);
        continue;
      }
      const since = stuckSince.get(conn) ?? now;
      stuckSince.set(conn, since);
      if (now - since > SLOW_CONSUMER_MS) {
        socket.disconnect(true);
        conn.close();
      }
    }
  }, 1_000);
  timer.unref();
  httpServer.once('close', () => clearInterval(timer));
}

/** Serves each connected display: catch-up first, then live; `resync` gets a fresh snapshot. */
export function serveDisplays(io: IoServer, fanout: Fanout, deps: SocketDeps): void {
  // One handler of each kind for every socket, rather than closures per socket: thousands of displays add up.
  const onDisconnect = () => deps.metrics.sockets.dec();
  function onResync(this: IoSocket) {
    const wait = this.data.lastResync + RESYNC_INTERVAL_MS - Date.now();
    if (wait > 0) {
      // Deferred, not dropped: the display waits for this snapshot (a wall asks again soon after
      // one when an event needs a day it does not hold). One timer per socket, however many asks.
      if (this.data.resyncDue) return;
      this.data.resyncDue = true;
      setTimeout(() => {
        this.data.resyncDue = false;
        if (this.connected) onResync.call(this);
      }, wait).unref();
      return;
    }
    this.data.lastResync = Date.now();
    fanout.sendSnapshot(this);
  }
  function onStatus(this: IoSocket, status: unknown) {
    const parsed = DisplayStatusSchema.safeParse(status);
    if (parsed.success) deps.displays?.seen(this.id, parsed.data.page);
  }
  function onWallGone(this: IoSocket) {
    deps.displays?.remove(this.id);
  }
  io.on('connection', (socket) => {
    deps.metrics.sockets.inc();
    socket.on('disconnect', onDisconnect);
    socket.on('resync', onResync);
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    const { epoch, seq, repairs, display, encoded } = auth.success ? auth.data : {};
    if (encoded) socket.data.encoded = true;
    if (display?.screen === 'wall' && socket.data.role === 'viewer') socket.data.wall = true;
    // Only walls are listed: a viewer token's screen that introduces itself (and pays for the two
    // extra handlers). Any other role connects as an anonymous screen. One listing per id: the
    // newest registration wins and the screens that held the id are told so.
    if (display && deps.displays && socket.data.role === 'viewer') {
      for (const old of deps.displays.add(socket.id, display)) io.sockets.sockets.get(old)?.emit('display_replaced');
      socket.on('display.status', onStatus);
      socket.on('disconnect', onWallGone);
    }
    // Nothing of the handshake is needed once the display is admitted; thousands of copies add up.
    Object.assign(socket.handshake, { auth: NOTHING, headers: NOTHING, query: NOTHING, time: '', url: '', address: '' });
    fanout.admit(socket, epoch, seq, repairs).catch((err: unknown) => {
      deps.onError(err);
      socket.disconnect(true);
    });
  });
}
