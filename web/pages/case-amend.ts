// Amending an authorised decision (managers): a new authorised version with its reason;
// the earlier one is kept as superseded. The form is the steps table's (amendDecision: the
// reason, then the decision), with a row per child carrying each child's decision as it
// stands (one family, each child): an amendment changes what the manager changes, never
// resets a child to the family's. A manager's amendment keeps the attendees of the meeting
// that made the decision; one the panel decided names today's meeting, whose register the
// API takes.
import { Router, type Request, type Response } from 'express';
import type { CaseDetail } from '../../api/schemas/cases.js';
import { stepForms } from '../../shared/step-forms.js';
import { apiClient, PageError } from '../api-client.js';
import { readStepForm, stepErrors, stepValuesFrom, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { childDecisionRows, childDecisionValues, childrenOf, familyNow, readChildDecisions } from '../child-decisions.js';
import { localDate } from '../../shared/working-time.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { decisionFormOptions, newDecisionValues, stepFormView } from '../step-form-view.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

const authorisedOf = (c: CaseDetail) => c.decisions.filter((d) => d.status === 'authorised').at(-1);

export function amendmentRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  async function renderAmend(req: Request, res: Response, c: CaseDetail, values: FormValues | undefined, errors?: FormErrors, conflict?: string) {
    const authorised = authorisedOf(c);
    if (!authorised) throw new PageError(404, 'no authorised decision to amend');
    const children = childrenOf(c, localDate(Date.now(), deps.policy.calendar.timeZone));
    // A new amendment starts from the authorised decision, each child's included.
    const shown = values ?? { ...stepValuesFrom('amendDecision', { decision: authorised }, newDecisionValues()), ...childDecisionValues(children, authorised.children) };
    const fields = stepFormView('amendDecision', shown, errors, decisionFormOptions(authorised.attendees.map((a) => a.agency), deps.policy.jointDecision.minRationaleLength));
    // The rows per child follow the family's lead agency.
    const lead = fields.findIndex((f) => f.params.name === 'leadAgency') + 1;
    renderPage(views, cfg, req, res, 'case-amend.njk', {
      pageTitle: 'Amend the decision',
      c,
      authorised,
      fields: lead ? fields.slice(0, lead) : fields,
      fieldsAfterChildren: lead ? fields.slice(lead) : [],
      childRows: children.length > 1 ? childDecisionRows(children, shown) : [],
      familyNow: familyNow(shown),
      submit: stepForms.amendDecision.submit,
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The decision cannot be amended now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/cases/:id/amend', guard('amend'), async (req, res) => {
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseIdParam(req)}`);
    await renderAmend(req, res, c, undefined);
  });

  router.post('/cases/:id/amend', guard('amend'), async (req, res) => {
    const caseId = caseIdParam(req);
    const client = api(req, res);
    const c = await client.get<CaseDetail>(`/cases/${caseId}`);
    // An amendment keeps the register of the meeting that made the decision: the
    // manager's change is recorded as theirs, with its reason.
    const attendees = authorisedOf(c)?.attendees ?? [];
    const body = req.body as FormBody;
    // The panel decided it at today's meeting: the API takes that meeting's register.
    const supplied = body.decidedBy === 'panel' ? { 'decision.meetingDate': localDate(Date.now(), deps.policy.calendar.timeZone) } : { 'decision.attendees': attendees };
    const { values, payload } = readStepForm('amendDecision', body, { timeZone: deps.policy.calendar.timeZone, supplied });
    // Each child's decision as the rows say (only those that differ from the family's).
    const children = readChildDecisions(body, values);
    if (children) (payload.decision as { children?: unknown }).children = children;
    const answer = await client.post(`/cases/${caseId}/${stepForms.amendDecision.path}`, payload);
    if (!answer.ok) {
      const now = await client.get<CaseDetail>(`/cases/${caseId}`);
      if (answer.problem.status === 409) return renderAmend(req, res, now, values, undefined, answer.problem.detail);
      return renderAmend(req, res, now, values, stepErrors('amendDecision', answer.problem, values, { 'decision.children': '#each-child' }));
    }
    // Two managers: the first manager's change waits for a second to confirm it.
    const proposed = payload.decidedBy === 'managers' && (await client.get<CaseDetail>(`/cases/${caseId}`)).decisions.length === c.decisions.length;
    redirect(cfg, req, res, `/cases/${caseId}?done=${proposed ? 'amendmentProposed' : 'amended'}`);
  });

  return router;
}
