// Amending an authorised decision (managers): a new authorised version with its reason,
// made by the register of the meeting that made the decision; the earlier one is kept as
// superseded.
import { Router, type Request, type Response } from 'express';
import type { CaseDetail } from '../../api/schemas/cases.js';
import { apiClient, PageError } from '../api-client.js';
import {
  asText,
  decisionBody,
  decisionErrors,
  decisionFormView,
  decisionValuesFrom,
  decisionValuesFromForm,
  type DecisionValues,
  type FormBody,
  type FormErrors,
} from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

export function amendmentRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  async function renderAmend(req: Request, res: Response, caseId: string, values: DecisionValues, reason: string, errors?: FormErrors, conflict?: string) {
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseId}`);
    const authorised = c.decisions.filter((d) => d.status === 'authorised').at(-1);
    if (!authorised) throw new PageError(404, 'no authorised decision to amend');
    renderPage(views, cfg, req, res, 'case-amend.njk', {
      pageTitle: 'Amend the decision',
      c,
      authorised,
      reason,
      form: decisionFormView(values, {
        proposerAgencies: authorised.attendees.map((a) => a.agency),
        minRationaleLength: deps.policy.jointDecision.minRationaleLength,
      }),
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The decision cannot be amended now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/cases/:id/amend', guard('amend'), async (req, res) => {
    const caseId = caseIdParam(req);
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseId}`);
    const authorised = c.decisions.filter((d) => d.status === 'authorised').at(-1);
    if (!authorised) throw new PageError(404, 'no authorised decision to amend');
    await renderAmend(req, res, caseId, decisionValuesFrom(authorised), '');
  });

  router.post('/cases/:id/amend', guard('amend'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const values = decisionValuesFromForm(body);
    const reason = asText(body.reason);
    const client = api(req, res);
    const c = await client.get<CaseDetail>(`/cases/${caseId}`);
    // An amendment keeps the register of the meeting that made the decision: the
    // manager's change is recorded as theirs, with its reason.
    const attendees = c.decisions.filter((d) => d.status === 'authorised').at(-1)?.attendees ?? [];
    const answer = await client.post(`/cases/${caseId}/amendments`, { reason, decision: { ...decisionBody(values), attendees } });
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAmend(req, res, caseId, values, reason, undefined, answer.problem.detail);
      const errors = decisionErrors(answer.problem, values, {
        prefix: 'decision.',
        extraRules: { reason: { href: '#reason', field: 'reason', missing: 'Enter the reason for the amendment' } },
      });
      return renderAmend(req, res, caseId, values, reason, errors);
    }
    redirect(cfg, req, res, `/cases/${caseId}?done=amended`);
  });

  return router;
}
