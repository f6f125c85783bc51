// Marking a contact a duplicate of a linked one (the police and a school about one incident):
// a front door manager names the case it duplicates (offered from the case's linked contacts)
// and why; the case is then closed as "duplicate of" it, not decided separately. The form is
// the steps table's (markDuplicate).
import { Router, type Request, type Response } from 'express';
import type { CaseDetail } from '../../api/schemas/cases.js';
import { stepForms } from '../../shared/step-forms.js';
import { apiClient } from '../api-client.js';
import { readStepForm, stepErrors, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { stepFormView } from '../step-form-view.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

const step = 'markDuplicate';

export function duplicateRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  function renderForm(req: Request, res: Response, c: CaseDetail, values: FormValues, errors?: FormErrors, conflict?: string) {
    renderPage(views, cfg, req, res, 'duplicate.njk', {
      pageTitle: 'Mark as a duplicate',
      c,
      fields: stepFormView(step, values, errors),
      submit: stepForms[step].submit,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The contact cannot be marked a duplicate now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/cases/:id/duplicate', guard('duplicate'), async (req, res) => {
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseIdParam(req)}`);
    // The case it most likely duplicates: the first contact about the same children, when there is one.
    renderForm(req, res, c, { duplicateOf: c.earlierContacts?.[0]?.caseId ?? '' });
  });

  router.post('/cases/:id/duplicate', guard('duplicate'), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload } = readStepForm(step, req.body as FormBody, { timeZone: policy.calendar.timeZone });
    const client = api(req, res);
    const answer = await client.post(`/cases/${caseId}/${stepForms[step].path}`, payload);
    if (!answer.ok) {
      const c = await client.get<CaseDetail>(`/cases/${caseId}`);
      if (answer.problem.status === 409) return renderForm(req, res, c, values, undefined, answer.problem.detail);
      return renderForm(req, res, c, values, stepErrors(step, answer.problem, values));
    }
    redirect(cfg, req, res, `/cases/${caseId}?done=duplicate`);
  });

  return router;
}
