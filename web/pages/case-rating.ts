// Changing a case's rating (managers), with a reason; or giving a contact with no police
// grading its initial rating. The deadline follows the rating, counted from receipt. The
// form is the steps table's (changeRating, or rateContact for the initial rating).
import { Router, type Request, type Response } from 'express';
import type { CaseDetail } from '../../api/schemas/cases.js';
import { stepForms } from '../../shared/step-forms.js';
import { apiClient } from '../api-client.js';
import { asText, readStepForm, stepErrors, stepValuesFrom, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { stepFormView } from '../step-form-view.js';
import { caseIdParam } from './cases.js';
import { safeNext } from './sign-in.js';
import type { WebDeps } from '../deps.js';

/** A contact with no police grading takes its initial rating; any other a change. */
const stepFor = (c: CaseDetail) => (c.stage === 'awaiting_rating' ? 'rateContact' : 'changeRating');

export function ratingRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  function renderRating(req: Request, res: Response, c: CaseDetail, back: string, values: FormValues, errors?: FormErrors, conflict?: string) {
    const step = stepFor(c);
    renderPage(views, cfg, req, res, 'case-rating.njk', {
      pageTitle: 'Change the rating',
      c,
      back,
      fields: stepFormView(step, values, errors),
      submit: stepForms[step].submit,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The rating cannot be changed now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  const backOf = (req: Request, caseId: string) => safeNext(req.query.return ?? (req.body as FormBody | undefined)?.return) ?? `/cases/${caseId}`;

  router.get('/cases/:id/rating', guard('rating'), async (req, res) => {
    const caseId = caseIdParam(req);
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseId}`);
    renderRating(req, res, c, backOf(req, caseId), stepValuesFrom(stepFor(c), { rating: c.rating }));
  });

  router.post('/cases/:id/rating', guard('rating'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const step = asText(body.initial) === 'yes' ? 'rateContact' : 'changeRating';
    const { values, payload } = readStepForm(step, body, { timeZone: policy.calendar.timeZone });
    const client = api(req, res);
    const answer = await client.post(`/cases/${caseId}/${stepForms[step].path}`, payload);
    const back = backOf(req, caseId);
    if (!answer.ok) {
      const c = await client.get<CaseDetail>(`/cases/${caseId}`);
      if (answer.problem.status === 409) return renderRating(req, res, c, back, values, undefined, answer.problem.detail);
      return renderRating(req, res, c, back, values, stepErrors(step, answer.problem, values));
    }
    redirect(cfg, req, res, back.startsWith(`/cases/${caseId}`) ? `/cases/${caseId}?done=rating` : back);
  });

  return router;
}
