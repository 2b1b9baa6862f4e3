import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import { catalogOf, type Catalog } from '@shared/catalog';
import { notFound } from '@shared/errors';
import type { ProvinceConfig } from '@shared/config';
import { AddressBudget, AUTH_FAILURES_PER_SECOND } from './auth/address-budget';
import { Authenticator } from './auth/authenticate';
import { Tokens } from './auth/tokens';
import { realClock, type Clock } from './clock';
import type { ProvinceMap } from './config/geojson';
import { LocalDisplays, storeDirectory, type DisplayDirectory } from './desk/displays';
import { liveProblems } from './desk/live-checks';
import type { HttpContext } from './http/context';
import { compileTrust } from './http/addresses';
import { deskRouter } from './http/desk';
import { errorHandler } from './http/errors';
import { eventsRouter } from './http/events';
import { securityHeaders } from './http/security';
import { requestLog, requireJson, requireRole, requireToken, tokenRateLimit } from './http/middleware';
import { adminRouter } from './http/admin';
import { apiDocs } from './http/docs';
import { holdIdleConnections } from './http/keepalive';
import { openApiDocument } from './http/openapi';
import { opsRouter } from './http/ops';
import { stateRouter } from './http/state';
import { tokensRouter } from './http/tokens';
import { nodeIdOf, startPresence } from './admin/presence';
import { LogFollower, SNAPSHOT_EVERY } from './log/follower';
import { startRetention } from './log/retention';
import { TimeTravel } from './log/timetravel';
import { createMetrics, type Metrics } from './metrics';
import { Fanout } from './realtime/fanout';
import { startHeartbeat } from './realtime/heartbeat';
import { createSocketServer, serveDisplays } from './realtime/sockets';
import type { IoServer } from './realtime/types';
import type { Store } from './store/store';
import { DEFAULT_WEBHOOK_SETTINGS, WebhookDispatcher, type WebhookSettings } from './webhooks/dispatcher';
import { resolveWebhookSecrets } from './webhooks/secrets';
import { storeLedger } from './upstream/ledger';
import { upstreamMetrics } from './upstream/metrics';
import { UpstreamReporter, type UpstreamSettings } from './upstream/reporter';

export interface AppOptions {
  store: Store;
  config: ProvinceConfig;
  clock?: Clock;
  adminToken?: string;
  logger?: Logger;
  /** Requests per second per token id on /api/v1; 0 turns the limit off. */
  rateLimitPerSecond?: number;
  /** Unknown-token answers per second per client address before 429, on HTTP and Socket.IO; 0 turns it off. */
  authFailuresPerSecond?: number;
  /** The time of that budget's one-second windows (tests hold it still); real time by default, never the simulated clock. */
  authBudgetNow?: () => number;
  /** Addresses and ranges of the load balancers whose X-Forwarded-For is believed (IOC_TRUST_PROXY); none by default. */
  trustProxy?: string[];
  /** The built web app; when missing, a placeholder page is served. */
  staticDir?: string;
  /** The province's own map (config `map`), served at /api/v1/map.geojson; none: the screens draw the tile grid. */
  map?: ProvinceMap | null;
  snapshotEvery?: number;
  /** This node's name on the health page, at the desk and in the webhooks' log entries; by default host:port. */
  nodeId?: string;
  /** Webhook secrets by webhook id (index.ts reads `secretEnv` variables); by default only inline `secret`s. */
  webhookSecrets?: Map<string, string>;
  webhookSettings?: Partial<WebhookSettings>;
  /** Days of events kept in the live log (IOC_RETAIN_DAYS); older ones are archived every hour. Unset: keep all. */
  retainDays?: number;
  /** PEM certificate and key (IOC_TLS_CERT, IOC_TLS_KEY): serve HTTPS, with HSTS and the upgrade directive. Unset: plain HTTP. */
  tls?: { cert: Buffer; key: Buffer };
  /** The roll-up deployment to report totals to (IOC_UPSTREAM_*); its queue is kept in the store. */
  upstream?: UpstreamSettings;
}

export interface Application {
  app: Express;
  httpServer: HttpServer;
  io: IoServer;
  follower: LogFollower;
  timeTravel: TimeTravel;
  tokens: Tokens;
  catalog: Catalog;
  metrics: Metrics;
  clock: Clock;
  logger: Logger;
  /** Every wall connected to any node (the desk's list). */
  walls: DisplayDirectory;
  listen(port: number, host?: string): Promise<number>;
  /** Stops every job of the node, in order; `onStep` is told each one as it starts (a stop that hangs says where). */
  close(onStep?: (step: string) => void): Promise<void>;
}

/**
 * Connections the kernel may hold for this node before it accepts them (capped by
 * net.core.somaxconn). Node's 511 overflows when a room's thousands of displays reconnect at once
 * after a restart, and the overflow comes back to some of them as connection resets.
 */
const LISTEN_BACKLOG = 4_096;
/** How long a stopping node lets requests under way finish before it cuts the connections left. */
const CLOSE_GRACE_MS = 5_000;

const WEB_PAGES = ['/wall', '/briefing', '/console', '/admin', '/desk'];

/** Wires store, clock, config, HTTP and Socket.IO: the one place that knows every part. */
export function createApplication(options: AppOptions): Application {
  const { store, config } = options;
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const catalog = catalogOf(config);
  const metrics = createMetrics();
  const follower = new LogFollower(store, catalog, options.snapshotEvery ?? SNAPSHOT_EVERY);
  const tokens = new Tokens({ store, clock, follower }, options.adminToken);
  follower.on('error', (err) => logger.warn({ err }, 'log follower: store error, retrying'));
  const app = express();
  const httpServer: HttpServer = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, app) : createServer(app);
  const trust = compileTrust(options.trustProxy ?? []);
  // One budget of unknown tokens per client address, spent by HTTP requests and socket handshakes alike.
  const authBudget = new AddressBudget(options.authFailuresPerSecond ?? AUTH_FAILURES_PER_SECOND, options.authBudgetNow);
  const authenticator = new Authenticator(tokens, authBudget, {
    onLookup: (found) => metrics.tokenLookups.inc({ found: String(found) }),
    onRateLimited: () => metrics.rateLimited.inc({ by: 'address' }),
  });
  // This node's name on the health page, at the desk and in the webhooks' log entries: given, or host:port once it listens.
  let nodeId = options.nodeId ?? nodeIdOf(0);
  const localDisplays = new LocalDisplays(nodeId);
  const socketDeps = { authenticator, store, metrics, trust, displays: localDisplays, onError: (err: unknown) => logger.warn({ err }, 'socket error') };
  const io = createSocketServer(httpServer, socketDeps);
  // Nodes sharing a store publish their walls there (through the Store interface, whichever store it is);
  // a wall whose id a newer screen took on another node is told so, as one on this node is at once.
  const walls = storeDirectory(localDisplays, store, {
    onError: (err) => logger.warn({ err }, 'display presence'),
    onReplaced: (sockets) => {
      for (const id of sockets) io.sockets.sockets.get(id)?.emit('display_replaced');
    },
  });
  const fanout = new Fanout(io, follower, store, catalog, clock);
  fanout.snapshots.onBuild = (audience) => metrics.snapshotBuilds.inc({ audience });
  const webhooks = new WebhookDispatcher({
    catalog,
    clock,
    follower,
    store,
    logger,
    node: () => nodeId,
    registry: metrics.registry,
    secrets: options.webhookSecrets ?? inlineSecrets(config, logger),
    settings: { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhookSettings },
  });
  serveDisplays(io, fanout, socketDeps);
  const upstream = options.upstream
    ? new UpstreamReporter(options.upstream, {
        catalog,
        follower,
        clock,
        logger,
        node: () => nodeId,
        metrics: upstreamMetrics(metrics.registry),
        ledger: storeLedger(store),
      })
    : null;
  let stopHeartbeat = () => {};
  const timeTravel = new TimeTravel(store, catalog, options.snapshotEvery ?? SNAPSHOT_EVERY);
  let stopPresence = async () => {};
  let stopRetention = async () => {};
  const displays = () => io.sockets.sockets.size;
  const ctx: HttpContext = {
    store,
    catalog,
    clock,
    follower,
    timeTravel,
    tokens,
    metrics,
    delivered: () => fanout.delivered(),
    displays,
    nodeId: () => nodeId,
    upstream: () => upstream?.snapshotStatus() ?? null,
    checkLive: (events) => liveProblems({ catalog, clock, follower, displays: walls }, events),
    walls,
  };

  app.disable('x-powered-by');
  app.use(holdIdleConnections(httpServer));
  app.set('trust proxy', (address: string) => trust(address));
  app.use(securityHeaders(Boolean(options.tls)));
  app.use(requestLog(logger, metrics));
  app.use(opsRouter(ctx));
  const openApi = openApiDocument();
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // Boundaries are public, like the API's description: a wall draws them before its first state arrives.
  app.get('/api/v1/map.geojson', (_req, res, next) => {
    if (!options.map) return next(notFound('This province config names no map (config "map"); the screens draw the tile grid.'));
    res.type('application/geo+json').set('Cache-Control', 'public, max-age=3600').send(options.map.text);
  });
  app.use('/api/docs', apiDocs());

  const api = express.Router();
  api.use(requireToken(authenticator));
  api.use(tokenRateLimit(options.rateLimitPerSecond ?? 100, metrics));
  api.use(requireJson);
  api.use(express.json({ limit: '1mb', verify: rejectInvalidUtf8 }));
  api.use(eventsRouter(ctx));
  api.use(stateRouter(ctx));
  api.use(adminRouter(ctx));
  api.use(deskRouter(ctx));
  api.use('/tokens', requireRole('admin'));
  api.use(tokensRouter(ctx));
  api.use((req, _res, next) => next(notFound(`No ${req.method} ${req.baseUrl}${req.path} in the API; see /api/v1/openapi.json.`)));
  app.use('/api/v1', api);
  serveWebApp(app, options.staticDir);
  app.use(errorHandler((err) => logger.error({ err }, 'request failed')));

  return {
    app,
    httpServer,
    io,
    follower,
    timeTravel,
    tokens,
    catalog,
    metrics,
    clock,
    logger,
    walls,
    async listen(port, host) {
      follower.start();
      webhooks.start();
      stopHeartbeat = startHeartbeat(io, follower, clock);
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen({ port, host, backlog: LISTEN_BACKLOG }, () => resolve());
      });
      const address = httpServer.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      if (options.nodeId === undefined) nodeId = localDisplays.node = nodeIdOf(bound);
      const onError = (err: unknown) => logger.warn({ err }, 'bookkeeping write failed');
      const presence = startPresence(nodeId, { store, follower, displays }, onError);
      stopPresence = () => presence.stop();
      localDisplays.onChange();
      tokens.usage.start(onError);
      upstream?.start();
      // Without IOC_RETAIN_DAYS every event stays live, and a pass only prunes old snapshots.
      stopRetention = startRetention({
        store,
        follower,
        retainDays: options.retainDays ?? null,
        now: () => clock.now(),
        onArchived: (outcome, cutoff) => {
          const before = new Date(cutoff).toISOString();
          if (outcome.skipped) logger.info({ before }, `retention: skipped, ${outcome.skipped}`);
          else if (outcome.events) logger.info({ before, events: outcome.events, files: outcome.files, firstLiveSeq: outcome.upTo + 1 }, `retention: archived ${outcome.events} events`);
          else logger.debug({ before }, 'retention: nothing to archive');
        },
        onError: (err) => logger.warn({ err }, 'retention: archiving failed; the live log keeps its events'),
      });
      return bound;
    },
    async close(onStep = () => {}) {
      stopHeartbeat();
      onStep('presence');
      await stopPresence();
      onStep('upstream');
      await upstream?.stop();
      onStep('retention');
      await stopRetention();
      onStep('token usage');
      await tokens.usage.stop();
      // Closing the transports, not sending each screen a disconnect: after a server's "disconnect",
      // Socket.IO clients do not retry, so every wall of a gracefully restarted node stayed offline.
      // Requests under way get a few seconds; connections still held then are cut, or the close
      // would wait for them for ever.
      onStep('connections');
      const cut = setTimeout(() => httpServer.closeAllConnections(), CLOSE_GRACE_MS);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      clearTimeout(cut);
      onStep('walls');
      await walls.stop();
      onStep('webhooks');
      await webhooks.stop();
      onStep('log follower');
      await follower.stop();
    },
  };
}

/** The webhooks' inline secrets; a webhook whose secret is in the environment is skipped (with an error) unless index.ts read it. */
function inlineSecrets(config: ProvinceConfig, logger: Logger): Map<string, string> {
  const secrets = new Map(config.webhooks.flatMap((h) => (h.secret ? [[h.id, h.secret] as const] : [])));
  const resolved = resolveWebhookSecrets(config, {});
  if ('problems' in resolved) logger.error({ problems: resolved.problems }, 'webhooks without a secret are not sent');
  return secrets;
}

/** Bodies must be valid UTF-8: a replacement character silently stored would be a corrupted event. */
function rejectInvalidUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw Object.assign(new Error('The body is not valid UTF-8.'), { type: 'encoding.invalid' });
}

function serveWebApp(app: Express, staticDir: string | undefined): void {
  const index = staticDir ? join(staticDir, 'index.html') : '';
  if (staticDir && existsSync(index)) {
    // The service worker must be re-checked on every visit, or an update would wait a day.
    app.get('/sw.js', (_req, res) => res.set('Cache-Control', 'no-cache').sendFile(join(staticDir, 'sw.js')));
    app.use(express.static(staticDir, { index: false, maxAge: '1h' }));
    app.get(['/', ...WEB_PAGES], (_req, res) => res.sendFile(index));
    return;
  }
  app.get(['/', ...WEB_PAGES], (_req, res) => {
    res.type('html').send('<!doctype html><meta charset="utf-8"><title>IOC Wall</title><h1>IOC Wall</h1><p>The API is running. Build the web app with <code>npm run build</code>.</p>');
  });
}
