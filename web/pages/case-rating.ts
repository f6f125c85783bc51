// Changing a case's rating (managers), with a reason; or giving a contact with no police
// grading its initial rating. The deadline follows the rating, counted from receipt.
import { Router, type Request, type Response } from 'express';
import { ragRatings } from '../../shared/codes.js';
import type { CaseDetail } from '../../api/schemas/cases.js';
import { apiClient } from '../api-client.js';
import { asText, mapProblem, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { ratingLabels } from '../labels.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { caseIdParam } from './cases.js';
import { safeNext } from './sign-in.js';
import type { WebDeps } from '../deps.js';

export function ratingRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  function renderRating(req: Request, res: Response, c: CaseDetail, back: string, values: { rating: string; reason: string }, errors?: FormErrors, conflict?: string) {
    renderPage(views, cfg, req, res, 'case-rating.njk', {
      pageTitle: 'Change the rating',
      c,
      back,
      ratingItems: ragRatings.map((r) => ({
        value: r,
        text: ratingLabels[r],
        hint: { text: { red: 'Decision within 4 working hours', amber: 'Decision within 1 working day', green: 'Decision within 3 working days' }[r] },
        checked: values.rating === r,
      })),
      values,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The rating cannot be changed now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  const backOf = (req: Request, caseId: string) => safeNext(req.query.return ?? (req.body as FormBody | undefined)?.return) ?? `/cases/${caseId}`;

  router.get('/cases/:id/rating', guard('rating'), async (req, res) => {
    const caseId = caseIdParam(req);
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseId}`);
    renderRating(req, res, c, backOf(req, caseId), { rating: c.rating ?? '', reason: '' });
  });

  router.post('/cases/:id/rating', guard('rating'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const values = { rating: asText(body.rating), reason: asText(body.reason) };
    const client = api(req, res);
    const step = asText(body.initial) === 'yes' ? 'initial-rating' : 'rating';
    const answer = await client.post(`/cases/${caseId}/${step}`, { rating: values.rating || undefined, reason: values.reason });
    const back = backOf(req, caseId);
    if (!answer.ok) {
      const c = await client.get<CaseDetail>(`/cases/${caseId}`);
      if (answer.problem.status === 409) return renderRating(req, res, c, back, values, undefined, answer.problem.detail);
      return renderRating(req, res, c, back, values, mapProblem(answer.problem, {
        rating: { href: '#rating', field: 'rating', missing: 'Select the rating' },
        reason: { href: '#reason', field: 'reason', missing: 'Enter the reason for changing the rating' },
      }));
    }
    redirect(cfg, req, res, back.startsWith(`/cases/${caseId}`) ? `/cases/${caseId}?done=rating` : back);
  });

  return router;
}
