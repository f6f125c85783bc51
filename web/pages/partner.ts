// Partner practitioners: their agency's information requests, soonest due first, and the
// form to share what the agency knows before the PIT Stop.
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import type { InformationRequestQueue } from '../../api/schemas/work.js';
import type { PartnerCaseView } from '../../api/schemas/case-views.js';
import { readStepForm, stepErrors, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { stepForms } from '../../shared/step-forms.js';
import { stepFormView } from '../step-form-view.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

export function partnerRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();

  router.get('/requests', guard('requests'), async (req, res) => {
    const user = res.locals.session!.user!;
    // Open cases on which this agency is still asked (requested or missing), soonest due first.
    const { items } = await apiClient(auth, req, res).get<InformationRequestQueue>('/queues/information_requests');
    const shared = typeof req.query.shared === 'string' && isCaseId(req.query.shared) ? req.query.shared : undefined;
    const missing = items.filter((i) => i.request.status === 'missing').length;
    renderPage(views, cfg, req, res, 'requests.njk', {
      pageTitle: 'Information requests',
      agency: user.agency,
      items,
      notice: shared
        ? { type: 'success', title: 'Information shared', text: `Your agency's information on case ${shared} is with the PIT Stop panel.` }
        : missing
          ? { title: 'Missing information', text: `${missing} request${missing === 1 ? ' is' : 's are'} past the meeting and marked missing. The panel can still use a late answer.` }
          : undefined,
    });
  });

  async function renderShare(req: Request, res: Response, caseId: string, values: FormValues, errors?: FormErrors, conflict?: string) {
    // The API's partner view: about the case, what is asked of this agency, what it shared.
    const v = await apiClient(auth, req, res).get<PartnerCaseView>(`/cases/${caseId}`);
    renderPage(views, cfg, req, res, 'request.njk', {
      pageTitle: errors ? 'Share information' : `Information request, case ${caseId}`,
      v,
      mayShare: mayTakeStep(v.stage as Stage, 'submitPartnerInformation'),
      fields: stepFormView('submitPartnerInformation', values, errors),
      submit: stepForms.submitPartnerInformation.submit,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'Information cannot be added now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/requests/:id', guard('requests'), async (req, res) => {
    await renderShare(req, res, caseIdParam(req), {});
  });

  router.post('/requests/:id', guard('requests'), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload } = readStepForm('submitPartnerInformation', req.body as FormBody, { timeZone: policy.calendar.timeZone });
    const answer = await apiClient(auth, req, res).post(`/cases/${caseId}/${stepForms.submitPartnerInformation.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderShare(req, res, caseId, values, undefined, answer.problem.detail);
      return renderShare(req, res, caseId, values, stepErrors('submitPartnerInformation', answer.problem, values));
    }
    redirect(cfg, req, res, `/requests?shared=${caseId}`);
  });

  return router;
}
