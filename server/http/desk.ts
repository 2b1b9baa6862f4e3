import { Router } from 'express';
import { BOOTSTRAP_ADMIN_ID } from '../auth/tokens';
import type { HttpContext } from './context';
import { storeUnavailable } from '@shared/errors';
import { handle, requireRole } from './middleware';

/** What the operator's desk reads besides the live state: the walls connected, and who the operators are. */
export function deskRouter(ctx: HttpContext): Router {
  const router = Router();
  const desk = requireRole('operator', 'admin');

  router.get(
    '/displays',
    desk,
    handle(async (_req, res) => {
      const displays = await ctx.walls.list();
      displays.sort((a, b) => a.label.localeCompare(b.label) || a.connectedAt.localeCompare(b.connectedAt));
      res.json({ displays });
    }),
  );

  // The desk names who acknowledged an alert (the ack keeps the token id): operators see labels, never secrets.
  router.get(
    '/operators',
    desk,
    handle(async (_req, res) => {
      const tokens = await ctx.tokens.list();
      const operators = tokens.filter((t) => t.role === 'operator' || t.role === 'admin').map((t) => ({ id: t.id, label: t.label, role: t.role }));
      res.json({ operators: [{ id: BOOTSTRAP_ADMIN_ID, label: 'admin (IOC_ADMIN_TOKEN)', role: 'admin' }, ...operators] });
    }),
  );

  router.get(
    '/webhooks',
    desk,
    handle(async (_req, res) => {
      if (!ctx.follower.isLoaded) throw storeUnavailable();
      await ctx.follower.catchUp();
      const ledger = ctx.follower.projection.webhooks;
      const webhooks = ctx.catalog.config.webhooks.map((h) => ({
        id: h.id,
        // Only where it goes: a URL's path or query may carry a credential of the receiver's.
        url: `${new URL(h.url).origin}/…`,
        kinds: h.kinds,
        ...(h.units ? { units: h.units } : {}),
        stats: ledger.stats[h.id] ?? null,
      }));
      res.json({ webhooks, pending: Object.values(ledger.pending), recent: [...ledger.done].reverse() });
    }),
  );

  return router;
}
