// The audit log, for auditors; reading it is itself recorded.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentAuditPage } from '../presenters/work.js';
import { auditEntries } from '../queries/audit.js';
import { auditQuery } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function auditRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('audit.read'), async (req, res) => {
    const q = parse(auditQuery, req.query, 'query');
    const items = await auditEntries(ctx.store, q);
    await audit(ctx.store, callerOf(req, res), { action: 'audit.read' });
    res.json(presentAuditPage(items, { page: q.page, pageSize: q.pageSize }));
  });
  return router;
}
