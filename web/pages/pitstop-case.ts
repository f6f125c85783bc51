// One case at the PIT Stop (panel members): its notification, what partners know, and the
// joint decision, recorded with the meeting's register; then on to the next case.
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import { loadCaseView } from '../case-view.js';
import { readStepForm, stepErrors, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { stepForms } from '../../shared/step-forms.js';
import { decisionFormOptions, newDecisionValues, stepFormView } from '../step-form-view.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { caseIdParam } from './cases.js';
import { casesThen, meetingDate, meetingDateOfForm, registerFor } from './pitstop.js';
import type { WebDeps } from '../deps.js';

export function triageRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  async function renderTriage(
    req: Request,
    res: Response,
    caseId: string,
    date: string,
    form: { values: FormValues; errors?: FormErrors; conflict?: string; decided?: string; then?: string[] },
  ) {
    // The agenda is not read here: the API records a list as a consultation of every case
    // on it, and this page shows one case.
    const view = await loadCaseView(api(req, res), caseId, { sharedInformation: true, earlierContacts: true });
    const returned = view.c.decisions.filter((d) => d.status === 'returned').at(-1);
    const declined = view.c.allocations.filter((a) => a.status === 'declined').at(-1);
    const status = form.errors ? 400 : form.conflict ? 409 : 200;
    renderPage(views, cfg, req, res, 'pitstop-case.njk', {
      pageTitle: form.errors ? 'Record the decision' : `Case ${caseId}`,
      ...view,
      date,
      then: (form.then ?? []).join(','),
      register: registerFor(res, date),
      onAgenda: view.c.meeting?.date === date,
      mayDecide: mayTakeStep(view.c.stage as Stage, 'recordDecision'),
      returned: view.c.stage === 'awaiting_decision' ? returned : undefined,
      declined: view.c.stage === 'awaiting_decision' ? declined : undefined,
      fields: stepFormView('recordDecision', form.values, form.errors, decisionFormOptions(
        registerFor(res, date)?.map((a) => a.agency),
        deps.policy.jointDecision.minRationaleLength,
      )),
      submit: stepForms.recordDecision.submit,
      fieldErrors: form.errors?.fields ?? {},
      errorSummary: form.errors?.summary,
      notice: form.conflict
        ? { title: 'This case cannot take a decision now', text: form.conflict }
        : form.decided
          ? { type: 'success', title: 'Decision recorded', text: `The decision on case ${form.decided} is recorded and waits for a manager's authorisation. This is the next case on the agenda.` }
          : undefined,
      caseLinks: true,
      chronologyLinks: true,
    }, status);
  }

  router.get('/pitstop/cases/:id', guard('pitstop'), async (req, res) => {
    const { date } = meetingDate(req, deps);
    const decided = typeof req.query.decided === 'string' && isCaseId(req.query.decided) ? req.query.decided : undefined;
    await renderTriage(req, res, caseIdParam(req), date, { values: newDecisionValues(), decided, then: casesThen(req.query.then) });
  });

  router.post('/pitstop/cases/:id/decision', guard('pitstop'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const date = meetingDateOfForm(body, deps);
    const then = casesThen(body.then).filter((id) => id !== caseId);
    const client = api(req, res);
    // The register taken at the start of the meeting: the decision is jointly accountable.
    const attendees = registerFor(res, date) ?? [];
    const { values, payload } = readStepForm('recordDecision', body, { timeZone: deps.policy.calendar.timeZone, supplied: { attendees } });
    const answer = await client.post(`/cases/${caseId}/${stepForms.recordDecision.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderTriage(req, res, caseId, date, { values, then, conflict: answer.problem.detail ?? 'The case is not at that step.' });
      return renderTriage(req, res, caseId, date, {
        values,
        then,
        errors: stepErrors('recordDecision', answer.problem, values, { attendees: `/pitstop/register?date=${date}` }),
      });
    }
    // On to the next case of the agenda as it was shown (the agenda is not read again: the
    // API would record every case on it as consulted); after the last, the agenda itself.
    const [next, ...rest] = then;
    if (next) return res.redirect(303, `/pitstop/cases/${next}?date=${date}&decided=${caseId}&then=${rest.join(',')}`);
    res.redirect(303, `/pitstop?date=${date}&decided=${caseId}`);
  });

  return router;
}
