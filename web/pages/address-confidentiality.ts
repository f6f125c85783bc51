// Marking a case's address confidential (the family has moved to a refuge): the front door
// (managers, the panel) gives the reason, kept on the case's timeline; from then on the
// API withholds every address of the case from everyone outside the front door. The form
// is the steps table's (markAddressConfidential).
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

const step = 'markAddressConfidential';

export function addressConfidentialityRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  function renderForm(req: Request, res: Response, c: CaseDetail, values: FormValues, errors?: FormErrors, conflict?: string) {
    renderPage(views, cfg, req, res, 'address-confidentiality.njk', {
      pageTitle: 'Mark the address confidential',
      c,
      fields: stepFormView(step, values, errors),
      submit: stepForms[step].submit,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The address cannot be marked confidential now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/cases/:id/address-confidentiality', guard('addressConfidentiality'), async (req, res) => {
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseIdParam(req)}`);
    renderForm(req, res, c, {});
  });

  router.post('/cases/:id/address-confidentiality', guard('addressConfidentiality'), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload } = readStepForm(step, req.body as FormBody, { timeZone: policy.calendar.timeZone });
    const client = api(req, res);
    const answer = await client.post(`/cases/${caseId}/${stepForms[step].path}`, payload);
    if (!answer.ok) {
      const c = await client.get<CaseDetail>(`/cases/${caseId}`);
      if (answer.problem.status === 409) return renderForm(req, res, c, values, undefined, answer.problem.detail);
      return renderForm(req, res, c, values, stepErrors(step, answer.problem, values));
    }
    redirect(cfg, req, res, `/cases/${caseId}?done=address`);
  });

  return router;
}
