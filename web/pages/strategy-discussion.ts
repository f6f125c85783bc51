// s47 (Working Together): the lead agency that accepted the allocation records the strategy
// discussion once held, when and with which agencies, on the allocation's page. The form
// is the steps table's; the date and time are read in office time (web/forms.ts). After an
// s47 enquiry, the initial child protection conference is recorded on the same page.
import { Router } from 'express';
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

  router.post('/allocations/:id/strategy-discussion', guard('strategyDiscussion'), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload, invalid } = readStepForm('recordStrategyDiscussion', req.body as FormBody, { timeZone: deps.policy.calendar.timeZone });
    if (invalid) return renderAllocation(deps, req, res, caseId, values, invalid);
    const answer = await apiClient(deps.auth, req, res).post(`/cases/${caseId}/${stepForms.recordStrategyDiscussion.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAllocation(deps, req, res, caseId, values, undefined, answer.problem.detail);
      return renderAllocation(deps, req, res, caseId, values, stepErrors('recordStrategyDiscussion', answer.problem, values));
    }
    redirect(deps.cfg, req, res, `/allocations/${caseId}?done=discussion`);
  });

  // s47 enquiry: then the initial child protection conference, recorded once held.
  router.post('/allocations/:id/conference', guard('conference'), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload, invalid } = readStepForm('recordConference', req.body as FormBody, { timeZone: deps.policy.calendar.timeZone });
    if (invalid) return renderAllocation(deps, req, res, caseId, values, invalid);
    const answer = await apiClient(deps.auth, req, res).post(`/cases/${caseId}/${stepForms.recordConference.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAllocation(deps, req, res, caseId, values, undefined, answer.problem.detail);
      return renderAllocation(deps, req, res, caseId, values, stepErrors('recordConference', answer.problem, values));
    }
    redirect(deps.cfg, req, res, `/allocations/${caseId}?done=conference`);
  });

  return router;
}
