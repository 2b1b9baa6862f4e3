import { Router } from 'express';
import { AuditQuerySchema, type Me } from '@shared/admin';
import { detailsOf, forbidden, invalidRequest } from '@shared/errors';
import { auditPage } from '../admin/audit';
import { healthReport } from '../admin/health';
import type { HttpContext } from './context';
import { handle, principalOf, requireRole } from './middleware';
import { problemAt } from '@shared/problems';

/** `/me` for any token; the audit trail for admins (and a unit's own history for its tokens); the health report for admins. */
export function adminRouter(ctx: HttpContext): Router {
  const router = Router();

  router.get('/me', (_req, res) => {
    const p = principalOf(res);
    const me: Me = { tokenId: p.tokenId, role: p.role, label: p.label ?? '', ...(p.unit !== null ? { unit: p.unit } : {}) };
    res.json(me);
  });

  router.get(
    '/audit',
    requireRole('admin', 'unit'),
    handle(async (req, res) => {
      const query = AuditQuerySchema.safeParse(req.query);
      if (!query.success) throw invalidRequest('Bad audit query: after or before (a seq), limit 1 to 500, unit, token, type, from and to (ISO times).', detailsOf(query.error, ['query']));
      const p = principalOf(res);
      // A unit sees its own history: the writes about its unit, not other units' or token changes.
      if (p.role === 'unit' && query.data.unit !== undefined && query.data.unit !== p.unit) throw forbidden('A unit token reads its own unit\'s history only.', [problemAt('query.unit', 'other_unit', { unit: p.unit ?? '' })]);
      const scoped = p.role === 'unit' ? { ...query.data, unit: p.unit ?? '', writesOnly: true } : query.data;
      res.json(await auditPage(ctx, scoped));
    }),
  );

  router.get(
    '/health',
    requireRole('admin'),
    handle(async (_req, res) => {
      res.json(await healthReport({ ...ctx, nodeId: ctx.nodeId() }));
    }),
  );

  return router;
}
