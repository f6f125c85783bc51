// Lead agency workers: allocations waiting for their agency, each accepted naming the lead
// professional, or declined with a reason (back to the panel); an accepted s47 then records
// its strategy discussion (strategy-discussion.ts) on the same page.
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import type { Queue } from '../../api/schemas/work.js';
import type { LeadAgencyCaseView } from '../../api/schemas/case-views.js';
import type { StepResult } from '../../api/schemas/cases.js';
import { readStepForm, stepErrors, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { stepForms } from '../../shared/step-forms.js';
import { agencyLabels } from '../labels.js';
import { stepFormView } from '../step-form-view.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

const done: Record<string, { title: string; text: string }> = {
  accepted: { title: 'Allocation accepted', text: 'Your agency leads. The case closes once the outcome has gone back to the police.' },
  // One family, each child: another lead agency is still to accept its children.
  acceptedOthersToAccept: { title: 'Allocation accepted', text: 'Your agency leads for the children allocated to it. Another lead agency has still to accept its part: the case goes on until every lead agency has accepted.' },
  acceptedS47: { title: 'Allocation accepted', text: 'Your agency leads. Record the strategy discussion (s47) below once it has been held.' },
  acceptedConference: { title: 'Allocation accepted', text: 'Your agency leads. Record the initial child protection conference below once it has been held.' },
  discussion: { title: 'Strategy discussion recorded', text: 'With a section 47 enquiry, record the initial child protection conference below once held; otherwise the case closes once the outcome has gone back to the police.' },
  conference: { title: 'Child protection conference recorded', text: 'The case closes once the outcome has gone back to the police.' },
  declined: { title: 'Allocation declined', text: 'The case goes back to the PIT Stop panel for a new decision, with your reason.' },
};

export async function renderAllocation(
  { auth, cfg, views }: WebDeps,
  req: Request,
  res: Response,
  caseId: string,
  values: FormValues,
  errors?: FormErrors,
  conflict?: string,
) {
  // The API's lead agency view: the allocating decision, about the case, the agency's
  // allocation. A case not allocated to the agency is refused (a 403 page).
  const v = await apiClient(auth, req, res).get<LeadAgencyCaseView>(`/cases/${caseId}`);
  const allocation = v.allocation;
  const key = typeof req.query.done === 'string' ? req.query.done : '';
  renderPage(views, cfg, req, res, 'allocation.njk', {
    pageTitle: errors ? 'Respond to the allocation' : `Allocation, case ${caseId}`,
    v,
    decision: v.decision,
    allocation,
    mayRespond: mayTakeStep(v.stage as Stage, 'respondToAllocation') && allocation?.status === 'requested',
    // s47: the lead agency records the strategy discussion once held (Working Together).
    mayRecordDiscussion: mayTakeStep(v.stage as Stage, 'recordStrategyDiscussion') && allocation?.status === 'accepted',
    // s47 enquiry: then the initial child protection conference, once held.
    mayRecordConference: mayTakeStep(v.stage as Stage, 'recordConference') && allocation?.status === 'accepted',
    // The steps table's forms; the question names the agency asked to lead.
    response: {
      fields: stepFormView('respondToAllocation', values, errors, {
        labels: { response: `Does ${(agencyLabels[allocation?.leadAgency as keyof typeof agencyLabels] ?? 'your agency').toLowerCase()} accept the lead?` },
      }),
      submit: stepForms.respondToAllocation.submit,
    },
    discussion: { fields: stepFormView('recordStrategyDiscussion', values, errors), submit: stepForms.recordStrategyDiscussion.submit },
    conference: { fields: stepFormView('recordConference', values, errors), submit: stepForms.recordConference.submit },
    fieldErrors: errors?.fields ?? {},
    errorSummary: errors?.summary,
    notice: conflict
      ? { title: 'This step is not possible now', text: conflict }
      : done[key]
        ? { type: 'success', ...done[key] }
        : undefined,
  }, errors ? 400 : conflict ? 409 : 200);
}

export function allocationRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/allocations', guard('allocations'), async (req, res) => {
    const user = res.locals.session!.user!;
    const queue = await apiClient(deps.auth, req, res).get<Queue>('/queues/awaiting_acceptance?pageSize=100');
    const key = typeof req.query.done === 'string' ? req.query.done : '';
    const caseId = typeof req.query.case === 'string' && isCaseId(req.query.case) ? req.query.case : undefined;
    renderPage(deps.views, deps.cfg, req, res, 'allocations.njk', {
      pageTitle: 'Allocations',
      agency: user.agency,
      items: queue.items,
      notice: done[key] ? { type: 'success', title: done[key].title, text: `${caseId ? `Case ${caseId}. ` : ''}${done[key].text}` } : undefined,
    });
  });

  router.get('/allocations/:id', guard('allocations'), async (req, res) => {
    await renderAllocation(deps, req, res, caseIdParam(req), {});
  });

  router.post('/allocations/:id', guard('allocations'), async (req, res) => {
    const caseId = caseIdParam(req);
    const { values, payload } = readStepForm('respondToAllocation', req.body as FormBody, { timeZone: deps.policy.calendar.timeZone });
    const answer = await apiClient(deps.auth, req, res).post<StepResult>(`/cases/${caseId}/${stepForms.respondToAllocation.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAllocation(deps, req, res, caseId, values, undefined, answer.problem.detail);
      return renderAllocation(deps, req, res, caseId, values, stepErrors('respondToAllocation', answer.problem, values));
    }
    // An accepted s47 stays with the lead agency until its strategy discussion is recorded:
    // straight on to that form, since no queue lists it for them.
    if (values.response === 'accept' && answer.body.stage === 'awaiting_strategy_discussion') return redirect(deps.cfg, req, res, `/allocations/${caseId}?done=acceptedS47`);
    // The strategy discussion already held (before the acceptance), with an s47 enquiry: on to the conference.
    if (values.response === 'accept' && answer.body.stage === 'awaiting_conference') return redirect(deps.cfg, req, res, `/allocations/${caseId}?done=acceptedConference`);
    const accepted = answer.body.stage === 'awaiting_allocation' ? 'acceptedOthersToAccept' : 'accepted';
    redirect(deps.cfg, req, res, `/allocations?done=${values.response === 'accept' ? accepted : 'declined'}&case=${caseId}`);
  });

  return router;
}
