import { Router } from 'express';
import { StateQuerySchema } from '@shared/api';
import { detailsOf, invalidRequest, storeUnavailable } from '@shared/errors';
import { derive } from '@shared/projection';
import { localDay } from '@shared/time';
import { MAX_FUTURE_MS } from '@shared/validate';
import { fingerprint } from '@shared/version';
import { audienceOf, stateFor } from '../auth/audience';
import type { HttpContext } from './context';
import { handle, principalOf } from './middleware';
import { problemAt } from '@shared/problems';

export function stateRouter(ctx: HttpContext): Router {
  const router = Router();

  const configVersion = fingerprint(ctx.catalog.config);
  // Every token reads the config: webhook URLs and secrets are not for them (the desk lists webhooks itself).
  const publicConfig = { ...ctx.catalog.config, webhooks: [] };
  router.get('/config', (_req, res) => {
    // The same version the snapshots carry: a client keeps it beside the config it holds.
    res.set('X-Config-Version', configVersion).json(publicConfig);
  });

  router.get(
    '/state',
    handle(async (req, res) => {
      const query = StateQuerySchema.safeParse(req.query);
      if (!query.success) throw invalidRequest('Bad query: give at=<ISO time with offset> or seq=<n>.', detailsOf(query.error, ['query']));
      const { at, seq } = query.data;
      // The same bounds as an event's time (CONTRACT wave 3): from the config's since to now.
      if (at !== undefined) {
        const { since, province } = ctx.catalog.config;
        const ms = Date.parse(at);
        if (localDay(ms, province.timeZone) < since) throw invalidRequest(`Bad query: at is before ${since}, the earliest day of this deployment (config since).`, [problemAt('query.at', 'before_since', { since })]);
        if (ms > Math.max(Date.now(), ctx.clock.now()) + MAX_FUTURE_MS) throw invalidRequest('Bad query: at is in the future.', [problemAt('query.at', 'in_future')]);
      }
      const audience = audienceOf(principalOf(res).role);
      if (at === undefined && seq === undefined) {
        if (!ctx.follower.isLoaded) throw storeUnavailable();
        await ctx.follower.catchUp();
        const now = ctx.clock.now();
        const projection = ctx.follower.projection;
        res.json({ epoch: ctx.follower.epoch, seq: projection.seq, asOf: projection.asOf, state: derive(ctx.catalog, stateFor(audience, projection), now) });
        return;
      }
      if (seq !== undefined) {
        // Answers are kept per audience: the webhook ledger is in some and not in others.
        const kept = ctx.timeTravel.answers.get(`${(await ctx.store.head()).epoch}/${audience}`, seq);
        if (kept !== undefined) return void res.type('json').send(kept);
      }
      const past = await ctx.timeTravel.at(at !== undefined ? { at: Date.parse(at) } : { seq: seq ?? 0 });
      const p = past.projection;
      // The past state is judged at that moment: at the asked time, or when event `seq` arrived.
      const then = at !== undefined ? Date.parse(at) : p.asOf !== null ? Date.parse(p.asOf) : ctx.clock.now();
      const body = JSON.stringify({ epoch: past.epoch, seq: p.seq, asOf: p.asOf, state: derive(ctx.catalog, stateFor(audience, p), then) });
      // Only a seq the log has: one past its end is answered with the end, which moves on.
      if (seq !== undefined && p.seq === seq) ctx.timeTravel.answers.set(`${past.epoch}/${audience}`, seq, body);
      res.type('json').send(body);
    }),
  );

  return router;
}
