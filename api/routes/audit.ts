// The audit log, for auditors; reading it is itself recorded.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentAuditPage, presentBreakGlass } from '../presenters/work.js';
import { auditEntries, breakGlassReads } from '../queries/audit.js';
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

/** Reads beyond need to know, for managers and the information governance lead to review; reading it is recorded. */
export function breakGlassRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('break_glass.read'), async (req, res) => {
    const entries = await breakGlassReads(ctx.store);
    await audit(ctx.store, callerOf(req, res), { action: 'break_glass.read' });
    res.json(presentBreakGlass(entries));
  });
  return router;
}
