import { Router } from 'express';
import { AuditQuerySchema, type Me } from '@shared/admin';
import { detailsOf } from '@shared/errors';
import { auditPage } from '../admin/audit';
import { healthReport } from '../admin/health';
import type { HttpContext } from './context';
import { invalidRequest } from './errors';
import { handle, principalOf, requireRole } from './middleware';

/** `/me` for any token; the audit trail and the health report for admins. */
export function adminRouter(ctx: HttpContext): Router {
  const router = Router();

  router.get('/me', (_req, res) => {
    const p = principalOf(res);
    const me: Me = { tokenId: p.tokenId, role: p.role, label: p.label ?? '', ...(p.unit !== null ? { unit: p.unit } : {}) };
    res.json(me);
  });

  router.get(
    '/audit',
    requireRole('admin'),
    handle(async (req, res) => {
      const query = AuditQuerySchema.safeParse(req.query);
      if (!query.success) throw invalidRequest('Bad audit query: after or before (a seq), limit 1 to 500, unit, token, type, from and to (ISO times).', detailsOf(query.error, ['query']));
      res.json(await auditPage(ctx, query.data));
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
