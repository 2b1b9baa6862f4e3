import { Router } from 'express';
import { EventsQuerySchema } from '@shared/api';
import { MAX_BATCH } from '@shared/events';
import { detailsOf, invalidEvent, invalidRequest } from '@shared/errors';
import { audienceOf, redactAll } from '../auth/audience';
import { ingest } from '../commands/ingest';
import type { HttpContext } from './context';
import { handle, principalOf } from './middleware';
import { problemAt } from '@shared/problems';

export function eventsRouter(ctx: HttpContext): Router {
  const router = Router();

  router.post(
    '/events',
    handle(async (req, res) => {
      // The contract's body is one event or { events: [...] }; a bare array is for in-process callers only.
      if (Array.isArray(req.body)) throw invalidEvent([problemAt('(body)', 'one_event_or_batch', { max: MAX_BATCH })]);
      const timer = ctx.metrics.ingestSeconds.startTimer();
      const result = await ingest(ctx, principalOf(res), req.body);
      // A write is acknowledged only after this node's displays were sent it: none lags its own producer's ack.
      await ctx.delivered();
      timer();
      ctx.metrics.eventsStored.inc(result.stored.length);
      ctx.metrics.eventsDuplicate.inc(result.duplicates.length);
      res.status(202).json({ accepted: result.accepted, duplicates: result.duplicates });
    }),
  );

  router.get(
    '/events',
    handle(async (req, res) => {
      const query = EventsQuerySchema.safeParse(req.query);
      if (!query.success) throw invalidRequest('Bad query: after is a seq (0 or more), limit is 1 to 1000.', detailsOf(query.error, ['query']));
      const page = await ctx.store.read(query.data.after, query.data.limit);
      const last = page.events.at(-1)?.seq ?? query.data.after;
      // Operator data reaches only the roles that may read it; the rest get each such event's place in the log.
      res.json({ epoch: page.epoch, events: redactAll(audienceOf(principalOf(res).role), page.events), next: last });
    }),
  );

  return router;
}
