// The case page (panel and managers) and the manager's step on it: authorise a decision or
// return it to the panel. Changing the rating (case-rating.ts), amending a decision
// (case-amend.ts) and finding a case (case-search.ts) have their own pages.
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { apiClient, PageError } from '../api-client.js';
import { currentDecision, loadCaseView } from '../case-view.js';
import { asList, asText, readStepForm, stepErrors, type FormBody, type FormErrors, type FormValues } from '../forms.js';
import { stepForms } from '../../shared/step-forms.js';
import { stepFormView } from '../step-form-view.js';
import { guard } from '../guard.js';
import { mayUse } from '../access.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import type { WebDeps } from '../deps.js';

/** Banners after a step, chosen by a fixed key: nothing from the URL is shown as it is. */
const doneNotices: Record<string, { title: string; text: string }> = {
  authorised: { title: 'Decision authorised', text: 'The lead agency has been asked to accept the allocation, or the case closes if none is needed.' },
  returned: { title: 'Decision returned', text: 'The case goes back to the panel at its next PIT Stop, with your comments. The deadline does not move.' },
  rating: { title: 'Rating changed', text: 'The deadline now follows the new rating, counted from receipt.' },
  amended: { title: 'Decision amended', text: 'The amendment is a new authorised version; the earlier one is kept as superseded.' },
  address: { title: 'Address marked confidential', text: 'Every address of this case is now withheld from everyone outside the front door.' },
  duplicate: { title: 'Marked as a duplicate', text: 'The contact is closed as a duplicate of the case named; it is not decided separately.' },
  ethnicity: { title: 'Ethnicity recorded', text: "The child's ethnicity now stands as recorded on every case about them, in Annex A and in the census." },
  conference: { title: 'Child protection conference recorded', text: 'The case closes once the outcome has gone back to the police.' },
  amendmentProposed: { title: 'Amendment proposed', text: 'A second manager confirms it by making the same change, decided by two managers; until then the decision stands.' },
};

export function caseIdParam(req: Request): string {
  const id = String(req.params.id);
  if (!isCaseId(id)) throw new PageError(404);
  return id;
}

export function casePageRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  async function renderCase(req: Request, res: Response, caseId: string, extra: { authorisation?: { values: FormValues; errors?: FormErrors; conflict?: string; alsoAuthorises?: string[] } } = {}) {
    const user = res.locals.session!.user!;
    const view = await loadCaseView(api(req, res), caseId, { sharedInformation: true, earlierContacts: true });
    const stage = view.c.stage as Stage;
    const done = typeof req.query.done === 'string' ? doneNotices[req.query.done] : undefined;
    const errors = extra.authorisation?.errors;
    const decision = currentDecision(view.c);
    renderPage(views, cfg, req, res, 'case.njk', {
      pageTitle: `Case ${caseId}`,
      ...view,
      decision,
      // Only the steps this person may take and the case can take now (shared/case/steps.ts).
      mayAuthorise: mayUse(user.role, 'queues') && mayTakeStep(stage, 'authoriseDecision'),
      mayAmend: mayUse(user.role, 'amend') && mayTakeStep(stage, 'amendDecision') && view.c.decisions.some((d) => d.status === 'authorised'),
      // A contact with no police grading takes its initial rating on the same page.
      mayChangeRating: mayUse(user.role, 'rating') && (mayTakeStep(stage, 'changeRating') || mayTakeStep(stage, 'rateContact')),
      mayTriage: mayUse(user.role, 'pitstop') && mayTakeStep(stage, 'recordDecision'),
      // A refuge: the front door withholds the address from everyone else, once.
      addressConfidential: view.c.history.some((e) => e.type === 'address_marked_confidential'),
      mayMarkAddress: mayUse(user.role, 'addressConfidentiality') && mayTakeStep(stage, 'markAddressConfidential'),
      mayMarkDuplicate: mayUse(user.role, 'duplicate') && mayTakeStep(stage, 'markDuplicate'),
      // s47 enquiry: a manager may record the initial child protection conference held.
      mayRecordConference: mayUse(user.role, 'conference') && mayTakeStep(stage, 'recordConference'),
      // A child's ethnicity (NOBT until given) recorded or corrected, at any stage.
      mayRecordEthnicity: mayUse(user.role, 'ethnicity'),
      authorisation: {
        fields: stepFormView('authoriseDecision', extra.authorisation?.values ?? {}, errors, { labels: { action: `Your decision on version ${decision?.version ?? ''}` } }),
        submit: stepForms.authoriseDecision.submit,
        // Linked contacts decided with it in one step: authorised with it unless unticked.
        linked: (decision?.decidedTogether ?? []).map((id) => ({ value: id, text: `Case ${id}`, checked: extra.authorisation?.alsoAuthorises?.includes(id) ?? true })),
        linkedLabel: stepForms.authoriseDecision.fields['authorise.alsoAuthorises'].label,
      },
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: extra.authorisation?.conflict
        ? { title: 'The decision could not be authorised', text: extra.authorisation.conflict }
        : done
          ? { type: 'success', ...done }
          : undefined,
      caseLinks: true,
      chronologyLinks: true,
    }, errors ? 400 : extra.authorisation?.conflict ? 409 : 200);
  }

  router.get('/cases/:id', guard('case'), async (req, res) => {
    await renderCase(req, res, caseIdParam(req));
  });

  router.post('/cases/:id/authorisation', guard('queues'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const { values, payload } = readStepForm('authoriseDecision', body, { timeZone: deps.policy.calendar.timeZone });
    const action = asText(values.action);
    // The linked contacts decided with it that are ticked: authorised in the same step (a return is this case's alone).
    const alsoAuthorises = asList(body.alsoAuthorises).filter((id) => isCaseId(id) && id !== caseId).slice(0, 10);
    if (action === 'authorise' && alsoAuthorises.length) payload.alsoAuthorises = alsoAuthorises;
    const answer = await api(req, res).post(`/cases/${caseId}/${stepForms.authoriseDecision.path}`, payload);
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderCase(req, res, caseId, { authorisation: { values, alsoAuthorises, conflict: answer.problem.detail ?? 'The case is not waiting for authorisation.' } });
      return renderCase(req, res, caseId, { authorisation: { values, alsoAuthorises, errors: stepErrors('authoriseDecision', answer.problem, values) } });
    }
    const done = action === 'return' ? 'returned' : payload.alsoAuthorises ? 'authorisedTogether' : 'authorised';
    redirect(cfg, req, res, `/queues/awaiting-authorisation?done=${done}&case=${caseId}`);
  });

  return router;
}
