// A case step with a page of its own: the form is the steps table's (shared/step-forms.ts),
// shown with the case it acts on; a refusal comes back to the form with its errors (400) or,
// when the case can no longer take the step, with why (409); done, back to the case page.
import { Router, type Request, type Response } from 'express';
import type { CaseDetail } from '../../api/schemas/cases.js';
import type { CaseStep } from '../../shared/case/steps.js';
import { stepForms } from '../../shared/step-forms.js';
import { apiClient } from '../api-client.js';
import { readStepForm, stepErrors, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { guard } from '../guard.js';
import type { PageName } from '../access.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { stepFormView } from '../step-form-view.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

export interface CaseStepPage {
  step: CaseStep;
  /** The page's path below /cases/:id/ and the access it needs (web/access.ts). */
  path: string;
  page: PageName;
  template: string;
  pageTitle: string;
  /** The notice's title when the case can no longer take the step (409). */
  refusedTitle: string;
  /** The case page's `done` notice afterwards. */
  done: string;
  /** What the form starts with. */
  initialValues?: (c: CaseDetail) => FormValues;
}

export function caseStepPageRoutes({ auth, cfg, views, policy }: WebDeps, page: CaseStepPage): Router {
  const router = Router();
  const { step } = page;
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  function renderForm(req: Request, res: Response, c: CaseDetail, values: FormValues, errors?: FormErrors, conflict?: string) {
    renderPage(views, cfg, req, res, page.template, {
      pageTitle: page.pageTitle,
      c,
      fields: stepFormView(step, values, errors),
      submit: stepForms[step].submit,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: page.refusedTitle, text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get(`/cases/:id/${page.path}`, guard(page.page), async (req, res) => {
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseIdParam(req)}`);
    renderForm(req, res, c, page.initialValues?.(c) ?? {});
  });

  router.post(`/cases/:id/${page.path}`, guard(page.page), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload, invalid } = readStepForm(step, req.body as FormBody, { timeZone: policy.calendar.timeZone });
    const client = api(req, res);
    // A date that is not a real one: back to the form before the API is asked.
    if (invalid) return renderForm(req, res, await client.get<CaseDetail>(`/cases/${caseId}`), values, invalid);
    const answer = await client.post(`/cases/${caseId}/${stepForms[step].path}`, payload);
    if (!answer.ok) {
      const c = await client.get<CaseDetail>(`/cases/${caseId}`);
      if (answer.problem.status === 409) return renderForm(req, res, c, values, undefined, answer.problem.detail);
      return renderForm(req, res, c, values, stepErrors(step, answer.problem, values));
    }
    redirect(cfg, req, res, `/cases/${caseId}?done=${page.done}`);
  });

  return router;
}
