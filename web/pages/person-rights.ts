// The rights of the people in the records, for managers and information governance: a
// subject access export to download (everything held about a child or an adult, as JSON,
// with why and any fields to withhold besides the configured ones; the API audits it as a
// disclosure about them), and the report of every disclosure about the person (outcomes
// sent to forces and referrers, Annex A lists, earlier exports), newest first.
import { Router, type Request } from 'express';
import { apiClient, PageError } from '../api-client.js';
import type { WebDeps } from '../deps.js';
import { mapProblem } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { auditActionLabels } from './audit.js';

const rules = {
  'query.reason': { href: '#reason', field: 'reason', missing: 'Enter why the export is made, for example the request it answers' },
  'query.redact': { href: '#redact', field: 'redact' },
};
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A child (CH-) or an adult (AD-) the front door knows. */
function personIdParam(req: Request): string {
  const id = String(req.params.personId).toUpperCase();
  if (!/^(CH|AD)-[0-9A-F]{20}$/.test(id)) throw new PageError(404);
  return id;
}

interface Disclosure { at: string; action: string; actor?: { name?: string; agency?: string }; reason?: string; caseId?: string; caseIds?: string[] }

export function personRightsPageRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const form = (personId: string, values: { reason: string; redact: string }) => ({
    pageTitle: `Subject access export, ${personId}`,
    personId,
    kind: personId.startsWith('AD-') ? 'adult' : 'child',
    values,
  });

  router.get('/people/:personId/subject-access', guard('subjectAccess'), (req, res) => {
    renderPage(views, cfg, req, res, 'subject-access.njk', form(personIdParam(req), { reason: '', redact: '' }));
  });

  router.get('/people/:personId/subject-access/download', guard('subjectAccess'), async (req, res) => {
    const personId = personIdParam(req);
    const values = { reason: text(req.query.reason), redact: text(req.query.redact) };
    const q = new URLSearchParams({ reason: values.reason, ...(values.redact ? { redact: values.redact } : {}) });
    const file = await apiClient(auth, req, res).downloadBytes(`/people/${personId}/subject-access?${q}`);
    if (!file.ok) {
      const errors = mapProblem(file.problem, rules);
      renderPage(views, cfg, req, res, 'subject-access.njk', { ...form(personId, values), errorSummary: errors.summary, fieldErrors: errors.fields }, 400);
      return;
    }
    res.type(file.type);
    res.setHeader('Content-Disposition', file.disposition ?? `attachment; filename="subject-access-${personId}.json"`);
    res.send(file.bytes);
  });

  router.get('/people/:personId/disclosures', guard('disclosures'), async (req, res) => {
    const personId = personIdParam(req);
    const report = await apiClient(auth, req, res).get<{ personId: string; caseIds: string[]; items: Disclosure[] }>(`/people/${personId}/disclosures`);
    renderPage(views, cfg, req, res, 'disclosures.njk', {
      pageTitle: `Disclosures about ${personId}`,
      personId,
      caseIds: report.caseIds,
      items: report.items.map((e) => ({ ...e, actionText: auditActionLabels[e.action] ?? e.action, cases: e.caseIds ?? (e.caseId ? [e.caseId] : []) })),
    });
  });
  return router;
}
