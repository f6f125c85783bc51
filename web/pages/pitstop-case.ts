// One case at the PIT Stop (panel members): its notification, what partners know, and the
// joint decision, recorded with the meeting's register; then on to the next case.
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { mayUse } from '../access.js';
import { apiClient } from '../api-client.js';
import { loadCaseView } from '../case-view.js';
import { asList, readStepForm, stepErrors, stepValuesFrom, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { childDecisionRows, childDecisionValues, childrenOf, familyNow, readChildDecisions } from '../child-decisions.js';
import { factorGroups } from '../factor-groups.js';
import { localDate } from '../../shared/working-time.js';
import { stepForms } from '../../shared/step-forms.js';
import { decisionFormOptions, newDecisionValues, stepFormView } from '../step-form-view.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { caseIdParam } from './cases.js';
import { casesThen, decidedWords, meetingDate, meetingDateOfForm, registerOf, todaysMeeting } from './pitstop.js';
import type { WebDeps } from '../deps.js';

/** The family's own level, outcome and lead: the rows per child follow them. */
const familyFields = ['levelOfNeed', 'outcome', 'leadAgency'];

export function triageRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  async function renderTriage(
    req: Request,
    res: Response,
    caseId: string,
    date: string,
    form: { values: FormValues; errors?: FormErrors; conflict?: string; decided?: string; together?: string[]; then?: string[]; prefill?: boolean; alsoDecides?: string[] },
  ) {
    // The agenda is not read here: the API records a list as a consultation of every case
    // on it, and this page shows one case.
    const client = api(req, res);
    const [view, register] = await Promise.all([loadCaseView(client, caseId, { sharedInformation: true, earlierContacts: true, takenWith: true }), registerOf(client, todaysMeeting(deps))]);
    const returned = view.c.decisions.filter((d) => d.status === 'returned').at(-1);
    const children = childrenOf(view.c, localDate(Date.now(), deps.policy.calendar.timeZone));
    // A returned decision comes back as entered, to change what the manager asked for.
    const values = form.prefill && returned && view.c.stage === 'awaiting_decision'
      ? { ...form.values, ...stepValuesFrom('recordDecision', returned), ...childDecisionValues(children, returned.children) }
      : form.values;
    const fields = stepFormView('recordDecision', values, form.errors, decisionFormOptions(
      register?.map((a) => a.agency),
      deps.policy.jointDecision.minRationaleLength,
    ));
    const family = fields.filter((f) => familyFields.includes(String(f.params.name)));
    const factorsAt = fields.findIndex((f) => f.params.name === 'factors');
    const declined = view.c.allocations.filter((a) => a.status === 'declined').at(-1);
    const status = form.errors ? 400 : form.conflict ? 409 : 200;
    // Linked contacts awaiting their decision: decided with this one unless unticked (all ticked at first).
    const linked = (view.c.takenWith ?? []).filter((l) => l.stage === 'awaiting_decision').map((l) => ({
      value: l.caseId, text: `Case ${l.caseId}`, checked: form.alsoDecides ? form.alsoDecides.includes(l.caseId) : true,
    }));
    renderPage(views, cfg, req, res, 'pitstop-case.njk', {
      pageTitle: form.errors ? 'Record the decision' : `Case ${caseId}`,
      ...view,
      date,
      then: (form.then ?? []).join(','),
      register,
      onAgenda: view.c.meeting?.date === date,
      mayDecide: mayTakeStep(view.c.stage as Stage, 'recordDecision'),
      // The panel records a child's ethnicity given at the meeting (NOBT until then).
      mayRecordEthnicity: mayUse(res.locals.session!.user!.role, 'ethnicity'),
      returned: view.c.stage === 'awaiting_decision' ? returned : undefined,
      declined: view.c.stage === 'awaiting_decision' ? declined : undefined,
      familyFields: family,
      // The rest in the form's order, the factors grouped where they stood.
      fields: fields.slice(0, factorsAt).filter((f) => !family.includes(f)),
      fieldsAfterFactors: fields.slice(factorsAt + 1),
      factors: fields[factorsAt],
      factorGroups: factorGroups(fields[factorsAt]),
      childRows: children.length > 1 ? childDecisionRows(children, values) : [],
      familyNow: familyNow(values),
      submit: stepForms.recordDecision.submit,
      linked,
      alsoDecidesLabel: stepForms.recordDecision.fields.alsoDecides.label,
      fieldErrors: form.errors?.fields ?? {},
      errorSummary: form.errors?.summary,
      notice: form.conflict
        ? { title: 'This case cannot take a decision now', text: form.conflict }
        : form.decided
          ? { type: 'success', title: 'Decision recorded', text: `${decidedWords(form.decided, form.together)} This is the next case on the agenda.` }
          : undefined,
      caseLinks: true,
      chronologyLinks: true,
    }, status);
  }

  router.get('/pitstop/cases/:id', guard('pitstop'), async (req, res) => {
    const { date } = meetingDate(req, deps);
    const decided = typeof req.query.decided === 'string' && isCaseId(req.query.decided) ? req.query.decided : undefined;
    await renderTriage(req, res, caseIdParam(req), date, { values: newDecisionValues(), decided, together: casesThen(req.query.together), then: casesThen(req.query.then), prefill: true });
  });

  router.post('/pitstop/cases/:id/decision', guard('pitstop'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const date = meetingDateOfForm(body, deps);
    const then = casesThen(body.then).filter((id) => id !== caseId);
    const client = api(req, res);
    // The meeting's register: the API takes it as the attendees (the decision is jointly accountable).
    const { values, payload } = readStepForm('recordDecision', body, { timeZone: deps.policy.calendar.timeZone, supplied: { meetingDate: todaysMeeting(deps) } });
    // Each child decided apart from the family: only the rows the panel changed.
    const children = readChildDecisions(body, values);
    if (children) payload.children = children;
    // The linked contacts ticked: decided with this one in the same step.
    const alsoDecides = casesThen(asList(body.alsoDecides).join(',')).filter((id) => id !== caseId);
    if (alsoDecides.length) payload.alsoDecides = alsoDecides;
    const answer = await client.post(`/cases/${caseId}/${stepForms.recordDecision.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderTriage(req, res, caseId, date, { values, then, alsoDecides, conflict: answer.problem.detail ?? 'The case is not at that step.' });
      return renderTriage(req, res, caseId, date, {
        values,
        then,
        alsoDecides,
        errors: stepErrors('recordDecision', answer.problem, values, { attendees: `/pitstop/register?date=${date}`, meetingDate: `/pitstop/register?date=${date}`, children: '#each-child', alsoDecides: '#also-decides' }),
      });
    }
    // On to the next case of the agenda as it was shown (the agenda is not read again: the
    // API would record every case on it as consulted), past those decided with this one;
    // after the last, the agenda itself.
    const [next, ...rest] = then.filter((id) => !alsoDecides.includes(id));
    const decided = `decided=${caseId}${alsoDecides.length ? `&together=${alsoDecides.join(',')}` : ''}`;
    if (next) return res.redirect(303, `/pitstop/cases/${next}?date=${date}&${decided}&then=${rest.join(',')}`);
    res.redirect(303, `/pitstop?date=${date}&${decided}`);
  });

  return router;
}
