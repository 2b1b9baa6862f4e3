import { Router } from 'express';
import { TokenCreateSchema } from '@shared/api';
import { detailsOf, invalidRequest, notFound } from '@shared/errors';
import type { HttpContext } from './context';
import { handle, principalOf } from './middleware';
import { problemAt } from '@shared/problems';

/** Token management; mounted behind an admin-only guard. */
export function tokensRouter(ctx: HttpContext): Router {
  const router = Router();

  router.post(
    '/tokens',
    handle(async (req, res) => {
      const parsed = TokenCreateSchema.safeParse(req.body);
      if (!parsed.success) throw invalidRequest('Bad token request: { "role", "unit"?, "label" }.', detailsOf(parsed.error));
      if (parsed.data.unit !== undefined && !ctx.catalog.units.has(parsed.data.unit)) {
        throw invalidRequest('Unknown unit.', [problemAt('unit', 'unknown_unit', { unit: parsed.data.unit })]);
      }
      res.status(201).json(await ctx.tokens.issue(parsed.data, principalOf(res).tokenId));
    }),
  );

  router.get(
    '/tokens',
    handle(async (_req, res) => {
      res.json({ tokens: await ctx.tokens.list() });
    }),
  );

  router.delete(
    '/tokens/:id',
    handle(async (req, res) => {
      const id = String(req.params.id);
      if (!(await ctx.tokens.revoke(id, principalOf(res).tokenId))) throw notFound(`No token with id "${id}".`);
      res.status(204).end();
    }),
  );

  return router;
}
