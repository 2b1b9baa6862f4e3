import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';

/** The idle time a client is told it may reuse a connection for (the `Keep-Alive: timeout=` hint). */
export const KEEP_ALIVE_ADVERTISED_S = 5;
/** How long the server actually keeps an idle connection open: far past the hint. */
export const KEEP_ALIVE_HELD_MS = 65_000;

/**
 * A producer's HTTP client reuses an idle connection until the hint runs out (minus a margin),
 * measured from when its event loop saw the last response. On a loaded machine that moment comes
 * late, so with Node's default (hint 5 s, connection closed at 5 s) the client sent requests on
 * connections the server had just closed: `other side closed` / `ECONNRESET`, 87 retries in the
 * national bench. The server now holds an idle connection 60 s longer than it advertises, so the
 * client always gives it up first; headers may take as long (Node wants headersTimeout above
 * keepAliveTimeout, or an idle connection is cut by the headers timer).
 */
export function holdIdleConnections(server: HttpServer): RequestHandler {
  server.keepAliveTimeout = KEEP_ALIVE_HELD_MS;
  server.headersTimeout = KEEP_ALIVE_HELD_MS + 1_000;
  const hint = `timeout=${KEEP_ALIVE_ADVERTISED_S}`;
  return (_req, res, next) => {
    res.setHeader('Keep-Alive', hint);
    next();
  };
}
