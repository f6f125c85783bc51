// The audit log, for auditors; reading it is itself recorded, with what was looked up.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentAuditPage, presentBreakGlass } from '../presenters/work.js';
import { auditEntries, breakGlassReads, childAccess } from '../queries/audit.js';
import type { ChildAccessReport } from '../schemas/audit.js';
import { auditQuery, childAccessQuery, personParams } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function auditRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('audit.read'), async (req, res) => {
    const q = parse(auditQuery, req.query, 'query');
    const items = await auditEntries(ctx.store, q);
    // The case (in its own trail too) and the user looked up.
    await audit(ctx.store, callerOf(req, res), { action: 'audit.read', caseId: q.caseId, lookedUp: { caseId: q.caseId, userId: q.userId } });
    res.json(presentAuditPage(items, { page: q.page, pageSize: q.pageSize }));
  });

  router.get('/children/:personId', allow('audit.read'), async (req, res) => {
    const { personId } = parse(personParams, req.params, 'params');
    const q = parse(childAccessQuery, req.query, 'query');
    const { caseIds, entries } = await childAccess(ctx.store, personId);
    await audit(ctx.store, callerOf(req, res), { action: 'audit.child.read', lookedUp: { personId } });
    const page = presentAuditPage(entries.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), q);
    const body: ChildAccessReport = { personId, caseIds, ...page, total: entries.length };
    res.json(body);
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
