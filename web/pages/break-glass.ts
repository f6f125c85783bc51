// Reading a case beyond need to know ("break-glass"): a partner practitioner or lead agency
// worker refused a case is asked, on the page that refused them, for the reason they need
// it (at least BREAK_GLASS_REASON_MIN_LENGTH characters). The API reads it with that
// reason (X-Reason), audits it as a read beyond need to know, and lists it for managers
// and the information governance lead to review (GET /api/v1/break-glass).
import { Router, type Request, type Response } from 'express';
import type { BreakGlassReport } from '../../api/schemas/audit.js';
import type { LeadAgencyCaseView, PartnerCaseView } from '../../api/schemas/case-views.js';
import { mayUse } from '../access.js';
import { apiClient } from '../api-client.js';
import type { WebDeps } from '../deps.js';
import { guard } from '../guard.js';
import { inWords } from '../labels.js';
import { renderPage } from '../render.js';
import { caseIdParam } from './cases.js';

/** The form asking for a reason, on the page that refused the case (403), or again with what was wrong with it (400). */
export function renderBreakGlassForm(deps: WebDeps, req: Request, res: Response, caseId: string, refusal?: string, error?: string, reason = '') {
  renderPage(deps.views, deps.cfg, req, res, 'break-glass.njk', {
    pageTitle: error ? 'Error: give your reason' : 'You do not have permission to see this case',
    caseId,
    refusal,
    reason,
    minLength: deps.policy.breakGlassReasonMinLength,
    fieldError: error ? { text: error } : undefined,
  }, error ? 400 : 403);
}

export function breakGlassRoutes(deps: WebDeps): Router {
  const router = Router();
  // The review: every read beyond need to know with its reason, and how many each person
  // made (most first), for managers and the information governance lead (the auditor).
  router.get('/break-glass', guard('breakGlassReview'), async (req, res) => {
    const report = await apiClient(deps.auth, req, res).get<BreakGlassReport>('/break-glass');
    // Each read links to what the reviewer may open: the case's audit trail, or the case.
    const caseLink = mayUse(res.locals.session!.user.role, 'audit') ? '/audit?caseId=' : '/cases/';
    renderPage(deps.views, deps.cfg, req, res, 'break-glass-reads.njk', { pageTitle: 'Reads beyond need to know', report, caseLink });
  });
  router.post('/break-glass/:id', guard('breakGlass'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    const min = deps.policy.breakGlassReasonMinLength;
    if (reason.length < min) return renderBreakGlassForm(deps, req, res, caseId, undefined, `Give a reason of at least ${min} characters: it is recorded and reviewed`, reason);
    const answer = await apiClient(deps.auth, req, res).readWithReason<PartnerCaseView | LeadAgencyCaseView>(`/cases/${caseId}`, reason);
    if (!answer.ok) return renderBreakGlassForm(deps, req, res, caseId, undefined, answer.problem.detail ? inWords(answer.problem.detail) : 'Give a longer reason', reason);
    renderPage(deps.views, deps.cfg, req, res, 'break-glass.njk', { pageTitle: `Case ${caseId}, read beyond need to know`, caseId, v: answer.body, reason });
  });
  return router;
}
