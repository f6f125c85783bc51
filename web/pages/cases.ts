// The case page (panel and managers) and the manager's steps on it: authorise or return a
// decision, change the rating with a reason, amend an authorised decision; and finding a
// case, by the API's filters or by the police reference.
import { Router, type Request, type Response } from 'express';
import { agencies, incidentTypes, ragRatings } from '../../shared/codes.js';
import { mayTakeStep } from '../../shared/case/steps.js';
import { stages, type Stage } from '../../shared/case/state.js';
import { caseIdFor, isCaseId } from '../../shared/ids.js';
import { apiClient, PageError } from '../api-client.js';
import type { CaseDetail, CaseSummary } from '../../api/schemas/cases.js';
import { currentDecision, loadCaseView } from '../case-view.js';
import {
  asText,
  decisionBody,
  decisionErrors,
  decisionFormView,
  decisionValuesFrom,
  decisionValuesFromForm,
  mapProblem,
  optionalText,
  type DecisionValues,
  type FormBody,
  type FormErrors,
} from '../forms.js';
import { guard } from '../guard.js';
import { mayUse } from '../access.js';
import { agencyLabels, incidentTypeLabels, ratingLabels, stageLabels } from '../labels.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import { safeNext } from './sign-in.js';
import type { WebDeps } from '../deps.js';

/** Banners after a step, chosen by a fixed key: nothing from the URL is shown as it is. */
const doneNotices: Record<string, { title: string; text: string }> = {
  authorised: { title: 'Decision authorised', text: 'The lead agency has been asked to accept the allocation, or the case closes if none is needed.' },
  returned: { title: 'Decision returned', text: 'The case goes back to the panel at its next PIT Stop, with your comments. The deadline does not move.' },
  rating: { title: 'Rating changed', text: 'The deadline now follows the new rating, counted from receipt.' },
  amended: { title: 'Decision amended', text: 'The amendment is a new authorised version; the earlier one is kept as superseded.' },
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

  // --- Find a case ------------------------------------------------------------------

  /** The periods a search can cover, in days back from now; the API's default is 90. */
  const periods: Record<string, { days: number; text: string }> = {
    '30d': { days: 30, text: 'In the last 30 days' },
    '90d': { days: 90, text: 'In the last 90 days' },
    '12m': { days: 365, text: 'In the last 12 months' },
    '3y': { days: 3 * 365 + 1, text: 'In the last 3 years' },
  };

  router.get('/cases', guard('caseSearch'), async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const filters = {
      stage: q.stage ?? '',
      rating: q.rating ?? '',
      breached: q.breached ?? '',
      incidentType: q.incidentType ?? '',
      postcodeDistrict: (q.postcodeDistrict ?? '').trim(),
      leadAgency: q.leadAgency ?? '',
      sort: q.sort ?? '-receivedAt',
      received: q.received && periods[q.received] ? q.received : '90d',
    };
    const page = Math.max(1, Math.min(10_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    // The page's own links keep the period's name; the API is asked for its start.
    const apiParams = new URLSearchParams(params);
    apiParams.delete('received');
    apiParams.set('receivedFrom', new Date(Date.now() - periods[filters.received].days * 24 * 3600_000).toISOString());
    params.set('page', String(page));
    apiParams.set('page', String(page));
    apiParams.set('pageSize', '20');
    let result: { items: CaseSummary[]; total: number; page: number; pageSize: number } = { items: [], total: 0, page, pageSize: 20 };
    let errors: FormErrors | undefined;
    const client = api(req, res);
    // The API validates the filters; a refused one (a malformed postcode district) is shown on the form.
    const answer = await client.find<typeof result>(`/cases?${apiParams}`);
    if (answer) result = answer;
    else errors = { summary: [{ text: 'Postcode district must be the first part of a postcode, for example DN15', href: '#postcodeDistrict' }], fields: { postcodeDistrict: { text: 'Postcode district must be the first part of a postcode, for example DN15' } } };
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const link = (p: number) => {
      const u = new URLSearchParams(params);
      u.set('page', String(p));
      return `/cases?${u}`;
    };
    const option = (values: readonly string[], labels: Record<string, string>, selected: string, any: string) => [
      { value: '', text: any, selected: selected === '' },
      ...values.map((v) => ({ value: v, text: labels[v] ?? v, selected: v === selected })),
    ];
    renderPage(views, cfg, req, res, 'cases.njk', {
      pageTitle: 'Find a case',
      filters,
      forces: Object.keys(auth.policeApiKeys),
      stageItems: option(stages, stageLabels, filters.stage, 'Any stage'),
      ratingItems: option(ragRatings, ratingLabels, filters.rating, 'Any rating'),
      incidentItems: option(incidentTypes, incidentTypeLabels, filters.incidentType, 'Any incident'),
      leadAgencyItems: option(agencies, agencyLabels, filters.leadAgency, 'Any lead agency'),
      receivedItems: Object.entries(periods).map(([value, p]) => ({ value, text: p.text, selected: value === filters.received })),
      receivedText: periods[filters.received].text.toLowerCase(),
      breachedItems: option(['true', 'false'], { true: 'Breached', false: 'Not breached' }, filters.breached, 'Either'),
      sortItems: option(['-receivedAt', 'receivedAt', 'decisionDueAt', '-decisionDueAt'], {
        '-receivedAt': 'Newest first', receivedAt: 'Oldest first', decisionDueAt: 'Soonest due first', '-decisionDueAt': 'Latest due first',
      }, filters.sort, 'Newest first').filter((o) => o.value !== ''),
      result,
      pagination: pages > 1 ? {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
        items: Array.from({ length: pages }, (_, i) => i + 1)
          .filter((p) => p === 1 || p === pages || Math.abs(p - page) <= 2)
          .flatMap((p, i, list) => (i > 0 && p - list[i - 1] > 1 ? [{ ellipsis: true }, { number: p, href: link(p), current: p === page }] : [{ number: p, href: link(p), current: p === page }])),
      } : undefined,
      errorSummary: errors?.summary,
      fieldErrors: errors?.fields ?? {},
    }, errors ? 400 : 200);
  });

  // The case id comes from force + reference (a resend never makes a second case), so a
  // police reference finds its case through the same read as any other.
  router.get('/cases/by-reference', guard('caseSearch'), async (req, res) => {
    const force = String(req.query.force ?? '').trim().toUpperCase();
    const reference = String(req.query.reference ?? '').trim();
    if (force && reference) {
      const id = caseIdFor(force, reference);
      const found = await api(req, res).find<CaseDetail>(`/cases/${id}`);
      if (found) return res.redirect(303, `/cases/${id}`);
    }
    const text = !reference ? 'Enter the police reference' : `No case has police reference ${reference} from force ${force}`;
    renderPage(views, cfg, req, res, 'cases-reference.njk', {
      pageTitle: 'Find a case by police reference',
      forces: Object.keys(auth.policeApiKeys),
      force,
      reference,
      errorSummary: [{ text, href: '#reference' }],
      fieldErrors: { reference: { text } },
    }, reference ? 404 : 400);
  });

  // --- The case -----------------------------------------------------------------------

  async function renderCase(req: Request, res: Response, caseId: string, extra: { authorisation?: { values: Record<string, string>; errors?: FormErrors; conflict?: string } } = {}) {
    const user = res.locals.session!.user!;
    const view = await loadCaseView(api(req, res), caseId, { sharedInformation: true, earlierContacts: true });
    const stage = view.c.stage as Stage;
    const done = typeof req.query.done === 'string' ? doneNotices[req.query.done] : undefined;
    const errors = extra.authorisation?.errors;
    renderPage(views, cfg, req, res, 'case.njk', {
      pageTitle: `Case ${caseId}`,
      ...view,
      decision: currentDecision(view.c),
      // Only the steps this person may take and the case can take now (shared/case/steps.ts).
      mayAuthorise: mayUse(user.role, 'queues') && mayTakeStep(stage, 'authoriseDecision'),
      mayAmend: mayUse(user.role, 'amend') && mayTakeStep(stage, 'amendDecision') && view.c.decisions.some((d) => d.status === 'authorised'),
      // A contact with no police grading takes its initial rating on the same page.
      mayChangeRating: mayUse(user.role, 'rating') && (mayTakeStep(stage, 'changeRating') || mayTakeStep(stage, 'rateContact')),
      mayTriage: mayUse(user.role, 'pitstop') && mayTakeStep(stage, 'recordDecision'),
      authorisation: extra.authorisation?.values ?? {},
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
    const action = asText(body.action);
    const values = { action, authoriseComments: asText(body.authoriseComments), returnComments: asText(body.returnComments) };
    const comments = action === 'return' ? asText(body.returnComments).trim() : optionalText(body.authoriseComments);
    const answer = await api(req, res).post(`/cases/${caseId}/authorisation`, { action: action || undefined, comments });
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderCase(req, res, caseId, { authorisation: { values, conflict: answer.problem.detail ?? 'The case is not waiting for authorisation.' } });
      const commentsField = action === 'return' ? 'returnComments' : 'authoriseComments';
      return renderCase(req, res, caseId, {
        authorisation: {
          values,
          errors: mapProblem(answer.problem, {
            action: { href: '#action', field: 'action', missing: 'Select whether to authorise the decision or return it to the panel' },
            comments: { href: `#${commentsField}`, field: commentsField, missing: action === 'return' ? 'Enter your comments for the panel: why the decision goes back' : 'Enter your comments' },
          }),
        },
      });
    }
    redirect(cfg, req, res, `/queues/awaiting-authorisation?done=${action === 'return' ? 'returned' : 'authorised'}&case=${caseId}`);
  });

  // --- Change the rating, with a reason ------------------------------------------------

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

  // --- Amend an authorised decision -------------------------------------------------------

  async function renderAmend(req: Request, res: Response, caseId: string, values: DecisionValues, reason: string, errors?: FormErrors, conflict?: string) {
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseId}`);
    const authorised = c.decisions.filter((d) => d.status === 'authorised').at(-1);
    if (!authorised) throw new PageError(404, 'no authorised decision to amend');
    renderPage(views, cfg, req, res, 'case-amend.njk', {
      pageTitle: 'Amend the decision',
      c,
      authorised,
      reason,
      form: decisionFormView(values, {
        proposerAgencies: authorised.attendees.map((a) => a.agency),
        minRationaleLength: deps.policy.jointDecision.minRationaleLength,
      }),
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
      notice: conflict ? { title: 'The decision cannot be amended now', text: conflict } : undefined,
    }, errors ? 400 : conflict ? 409 : 200);
  }

  router.get('/cases/:id/amend', guard('amend'), async (req, res) => {
    const caseId = caseIdParam(req);
    const c = await api(req, res).get<CaseDetail>(`/cases/${caseId}`);
    const authorised = c.decisions.filter((d) => d.status === 'authorised').at(-1);
    if (!authorised) throw new PageError(404, 'no authorised decision to amend');
    await renderAmend(req, res, caseId, decisionValuesFrom(authorised), '');
  });

  router.post('/cases/:id/amend', guard('amend'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const values = decisionValuesFromForm(body);
    const reason = asText(body.reason);
    const client = api(req, res);
    const c = await client.get<CaseDetail>(`/cases/${caseId}`);
    // An amendment keeps the register of the meeting that made the decision: the
    // manager's change is recorded as theirs, with its reason.
    const attendees = c.decisions.filter((d) => d.status === 'authorised').at(-1)?.attendees ?? [];
    const answer = await client.post(`/cases/${caseId}/amendments`, { reason, decision: { ...decisionBody(values), attendees } });
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAmend(req, res, caseId, values, reason, undefined, answer.problem.detail);
      const errors = decisionErrors(answer.problem, values, {
        prefix: 'decision.',
        extraRules: { reason: { href: '#reason', field: 'reason', missing: 'Enter the reason for the amendment' } },
      });
      return renderAmend(req, res, caseId, values, reason, errors);
    }
    redirect(cfg, req, res, `/cases/${caseId}?done=amended`);
  });

  return router;
}
