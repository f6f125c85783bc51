// s47 (Working Together): the lead agency that accepted the allocation records the strategy
// discussion once held, when and with which agencies, on the allocation's page. The form
// is the steps table's; the date and time are read in office time (web/forms.ts). After an
// s47 enquiry, the initial child protection conference is recorded on the same page.
import { Router, type RequestHandler } from 'express';
import { stepForms } from '../../shared/step-forms.js';
import { apiClient } from '../api-client.js';
import { readStepForm, stepErrors, type FormBody } from '../forms.js';
import { guard } from '../guard.js';
import { redirect } from '../session.js';
import { renderAllocation } from './allocations.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

export function strategyDiscussionRoutes(deps: WebDeps): Router {
  const router = Router();
  router.post('/allocations/:id/strategy-discussion', guard('strategyDiscussion'), allocationStep(deps, 'recordStrategyDiscussion', 'discussion'));
  // s47 enquiry: then the initial child protection conference, recorded once held.
  router.post('/allocations/:id/conference', guard('conference'), allocationStep(deps, 'recordConference', 'conference'));
  return router;
}

/** A step recorded on the allocation's page: its form read, sent, and the page shown again with what went wrong, or done. */
function allocationStep(deps: WebDeps, step: 'recordStrategyDiscussion' | 'recordConference', done: string): RequestHandler {
  return async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload, invalid } = readStepForm(step, req.body as FormBody, { timeZone: deps.policy.calendar.timeZone });
    if (invalid) return renderAllocation(deps, req, res, caseId, values, invalid);
    const answer = await apiClient(deps.auth, req, res).post(`/cases/${caseId}/${stepForms[step].path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAllocation(deps, req, res, caseId, values, undefined, answer.problem.detail);
      return renderAllocation(deps, req, res, caseId, values, stepErrors(step, answer.problem, values));
    }
    redirect(deps.cfg, req, res, `/allocations/${caseId}?done=${done}`);
  };
}
