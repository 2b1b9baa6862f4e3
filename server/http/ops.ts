import { Router } from 'express';
import type { HttpContext } from './context';
import { handle } from './middleware';

/** Liveness, readiness and Prometheus metrics: no token needed. */
export function opsRouter(ctx: HttpContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', (_req, res) => {
    const store = ctx.store.ready();
    const log = ctx.follower.isLoaded;
    res.status(store && log ? 200 : 503).json({ ready: store && log, store: store ? 'reachable' : 'unreachable', log: log ? 'loaded' : 'loading', seq: ctx.follower.seq });
  });
  router.get(
    '/metrics',
    handle(async (_req, res) => {
      ctx.metrics.logSeq.set(ctx.follower.seq);
      ctx.metrics.storeReady.set(ctx.store.ready() ? 1 : 0);
      if (ctx.store.ready()) {
        // A store that fails here must not cost the other figures: the log's keep their last values.
        const stats = await ctx.store.logStats().catch(() => null);
        if (stats) {
          const m = ctx.metrics;
          m.liveEvents.set(stats.liveEvents);
          m.liveBytes.set(stats.liveBytes);
          m.archivedEvents.set(stats.archivedEvents);
          m.archivedFiles.set(stats.archivedFiles);
          m.archivedBytes.set(stats.archivedBytes);
        }
      }
      res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
    }),
  );
  return router;
}
