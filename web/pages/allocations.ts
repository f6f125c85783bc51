// Lead agency workers: allocations waiting for their agency, each accepted naming the lead
// professional, or declined with a reason (back to the panel).
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import type { CaseSummary } from '../api-types.js';
import { currentDecision, loadCaseView } from '../case-view.js';
import { asText, mapProblem, optionalText, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../routes.js';

const done: Record<string, { title: string; text: string }> = {
  accepted: { title: 'Allocation accepted', text: 'Your agency leads. The case closes once the outcome has gone back to the police.' },
  declined: { title: 'Allocation declined', text: 'The case goes back to the PIT Stop panel for a new decision, with your reason.' },
};

export function allocationRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  router.get('/allocations', guard('allocations'), async (req, res) => {
    const user = res.locals.session!.user!;
    const queue = await apiClient(auth, req, res).get<{ items: CaseSummary[] }>('/queues/awaiting_acceptance');
    const key = typeof req.query.done === 'string' ? req.query.done : '';
    const caseId = typeof req.query.case === 'string' && isCaseId(req.query.case) ? req.query.case : undefined;
    renderPage(views, cfg, req, res, 'allocations.njk', {
      pageTitle: 'Allocations',
      agency: user.agency,
      items: queue.items,
      notice: done[key] ? { type: 'success', title: done[key].title, text: `${caseId ? `Case ${caseId}. ` : ''}${done[key].text}` } : undefined,
    });
  });

  async function renderAllocation(req: Request, res: Response, caseId: string, values: Record<string, string>, errors?: FormErrors, conflict?: string) {
    const user = res.locals.session!.user!;
    // The API lets a lead agency read only the cases allocated to it: any other is a 403 page.
    const view = await loadCaseView(apiClient(auth, req, res), caseId, { sharedInformation: false, earlierContacts: false });
    const allocation = view.c.allocations.at(-1);
    renderPage(views, cfg, req, res, 'allocation.njk', {
      pageTitle: errors ? 'Respond to the allocation' : `Allocation, case ${caseId}`,
      ...view,
      earlier: [],
      partnerView: true,
      decision: currentDecision(view.c),
      allocation,
      mayRespond: mayTakeStep(view.c.stage as Stage, 'respondToAllocation') && allocation?.status === 'requested' && allocation.leadAgency === user.agency,
      values,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The allocation cannot be answered now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/allocations/:id', guard('allocations'), async (req, res) => {
    await renderAllocation(req, res, caseIdParam(req), {});
  });

  router.post('/allocations/:id', guard('allocations'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const values = {
      response: asText(body.response),
      name: asText(body.name),
      team: asText(body.team),
      email: asText(body.email),
      reason: asText(body.reason),
    };
    const payload =
      values.response === 'accept'
        ? { response: 'accept', leadProfessional: { name: values.name.trim(), team: optionalText(body.team), email: optionalText(body.email) } }
        : values.response === 'decline'
          ? { response: 'decline', reason: values.reason }
          : { response: undefined };
    const answer = await apiClient(auth, req, res).post(`/cases/${caseId}/allocation`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAllocation(req, res, caseId, values, undefined, answer.problem.detail);
      return renderAllocation(req, res, caseId, values, mapProblem(answer.problem, {
        response: { href: '#response', field: 'response', missing: 'Select whether your agency accepts the allocation' },
        'leadProfessional.name': { href: '#name', field: 'name', missing: 'Enter the name of the lead professional' },
        'leadProfessional.team': { href: '#team', field: 'team' },
        'leadProfessional.email': { href: '#email', field: 'email', missing: 'Enter an email address in the correct format, like name@example.com' },
        leadProfessional: { href: '#name', field: 'name', missing: 'Enter the name of the lead professional' },
        reason: { href: '#reason', field: 'reason', missing: 'Enter why your agency declines the allocation' },
      }));
    }
    redirect(cfg, req, res, `/allocations?done=${values.response === 'accept' ? 'accepted' : 'declined'}&case=${caseId}`);
  });

  return router;
}
