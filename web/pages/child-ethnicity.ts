// A child's ethnicity recorded or corrected by the front door (managers, the panel), from
// the case page: the census category and why. The API keeps it as a correction of the
// child's details (POST /people/{personId}/rectifications), audited in the trail of each
// of the child's cases; the case, Annex A and the census read it from then on. Until
// someone records it, a child's ethnicity is NOBT (information not yet obtained).
import { Router, type Request, type Response } from 'express';
import type { CaseDetail } from '../../api/schemas/cases.js';
import { ethnicityCodes } from '../../shared/codes.js';
import { apiClient, PageError } from '../api-client.js';
import type { WebDeps } from '../deps.js';
import { mapProblem, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { ethnicityLabels } from '../labels.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { caseIdParam } from './cases.js';

const rules = {
  value: { href: '#ethnicity', field: 'ethnicity', missing: "Select the child's ethnicity" },
  reason: { href: '#reason', field: 'reason', missing: 'Enter how the ethnicity was given, or why it is corrected' },
};
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function personIdParam(req: Request): string {
  const id = String(req.params.personId);
  if (!/^CH-[0-9A-F]{20}$/.test(id)) throw new PageError(404);
  return id;
}

/** The child among the case's children, with the name the notification or form gave. */
function childOf(c: CaseDetail, personId: string) {
  const i = (c.children ?? []).findIndex((ch) => ch.personId === personId);
  if (i < 0) throw new PageError(404);
  const named = (c.notification?.children ?? c.referralForm?.children ?? [])[i] as { givenName?: string; familyName?: string } | undefined;
  return { ...c.children![i], name: [named?.givenName, named?.familyName].filter(Boolean).join(' ') || `Child ${i + 1}` };
}

export function childEthnicityRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  function renderForm(req: Request, res: Response, c: CaseDetail, personId: string, values: { ethnicity: string; reason: string }, errors?: FormErrors) {
    const child = childOf(c, personId);
    renderPage(views, cfg, req, res, 'child-ethnicity.njk', {
      pageTitle: `Ethnicity of ${child.name}`,
      c,
      child,
      values,
      choices: [{ value: '', text: 'Select' }, ...ethnicityCodes.map((code) => ({ value: code, text: `${code} ${ethnicityLabels[code]}`, selected: code === values.ethnicity }))],
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
    }, errors ? 400 : 200);
  }

  router.get('/cases/:id/children/:personId/ethnicity', guard('ethnicity'), async (req, res) => {
    const personId = personIdParam(req);
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseIdParam(req)}`);
    const standing = childOf(c, personId).ethnicity;
    renderForm(req, res, c, personId, { ethnicity: standing && standing !== 'NOBT' ? standing : '', reason: '' });
  });

  router.post('/cases/:id/children/:personId/ethnicity', guard('ethnicity'), async (req, res) => {
    const caseId = caseIdParam(req);
    const personId = personIdParam(req);
    const body = req.body as Record<string, unknown>;
    const values = { ethnicity: text(body.ethnicity), reason: text(body.reason) };
    const client = api(req, res);
    const c = await client.get<CaseDetail>(`/cases/${caseId}`);
    childOf(c, personId); // a child of this case only
    const answer = await client.post(`/people/${personId}/rectifications`, { field: 'ethnicity', value: values.ethnicity || undefined, reason: values.reason });
    if (!answer.ok) return renderForm(req, res, c, personId, values, mapProblem(answer.problem, rules));
    redirect(cfg, req, res, `/cases/${caseId}?done=ethnicity`);
  });
  return router;
}
