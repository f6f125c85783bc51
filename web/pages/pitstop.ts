// Running today's PIT Stop (panel members): choose the meeting, take the register once,
// work down the agenda red first, and record each joint decision on the case's page.
import { Router, type Request, type Response } from 'express';
import { agencies, type Agency } from '../../shared/codes.js';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { localDate } from '../../shared/working-time.js';
import { apiClient, PageError, type ApiClient } from '../api-client.js';
import type { CaseSummary } from '../../api/schemas/cases.js';
import type { Agenda } from '../../api/schemas/work.js';
import { loadCaseView } from '../case-view.js';
import {
  agencyOptions,
  asText,
  decisionBody,
  decisionErrors,
  decisionFormView,
  decisionValuesFromForm,
  emptyDecisionValues,
  type DecisionValues,
  type FormBody,
  type FormErrors,
} from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect, updateSession, type Attendee } from '../session.js';
import type { WebDeps } from '../deps.js';

/** Rows on the register form; blank rows are ignored. */
const REGISTER_ROWS = 12;

const waitingForDecision = (c: CaseSummary) => mayTakeStep(c.stage as Stage, 'recordDecision') || c.stage === 'received';

function meetingDate(req: Request, deps: WebDeps): { date: string; error?: string } {
  const today = localDate(Date.now(), deps.policy.calendar.timeZone);
  const q = req.query as Record<string, string | undefined>;
  // From the date form (day, month, year) or a link (?date=YYYY-MM-DD).
  if (q.day !== undefined || q.month !== undefined || q.year !== undefined) {
    const [d, m, y] = [q.day, q.month, q.year].map((v) => Number(String(v ?? '').trim()));
    const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const check = new Date(`${iso}T12:00:00Z`);
    if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 2000 || Number.isNaN(+check) || check.toISOString().slice(0, 10) !== iso) {
      return { date: today, error: 'Meeting date must be a real date, for example 27 11 2026' };
    }
    return { date: iso };
  }
  if (typeof q.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(q.date) && !Number.isNaN(+new Date(`${q.date}T12:00:00Z`))) return { date: q.date };
  return { date: today };
}

export function pitStopRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);
  const registerFor = (res: Response, date: string) => {
    const r = res.locals.session?.register;
    return r && r.date === date ? r.attendees : undefined;
  };
  const agendaOf = (client: ApiClient, date: string) => client.get<Agenda>(`/agenda?date=${date}`);

  router.get('/pitstop', guard('pitstop'), async (req, res) => {
    const { date, error } = meetingDate(req, deps);
    const agenda = await agendaOf(api(req, res), date);
    const toDecide = agenda.items.filter(waitingForDecision);
    const done = agenda.items.filter((c) => !waitingForDecision(c));
    const red = toDecide.filter((c) => c.rating === 'red').length;
    const decided = typeof req.query.decided === 'string' && isCaseId(req.query.decided) ? req.query.decided : undefined;
    const [y, m, d] = date.split('-');
    renderPage(views, cfg, req, res, 'pitstop.njk', {
      pageTitle: `PIT Stop meeting`,
      date,
      dateParts: { day: String(Number(d)), month: String(Number(m)), year: y },
      dateError: error ? { text: error } : undefined,
      errorSummary: error ? [{ text: error, href: '#meeting-day' }] : undefined,
      meetingTime: agenda.meetingTime,
      register: registerFor(res, date),
      registerAgencies: new Set(registerFor(res, date)?.map((a) => a.agency) ?? []).size,
      minAgencies: deps.policy.jointDecision.minAttendingAgencies,
      toDecide,
      done,
      notice: decided
        ? { type: 'success', title: 'Decision recorded', text: `The decision on case ${decided} is recorded and waits for a manager's authorisation. Every case on the agenda has a decision.` }
        : red
          ? { title: 'Red contacts', text: `${red} red contact${red === 1 ? '' : 's'} must be decided within 4 working hours: take ${red === 1 ? 'it' : 'them'} first.` }
          : undefined,
    });
  });

  // --- The register: who attended, taken once per meeting ----------------------------

  function renderRegister(req: Request, res: Response, date: string, rows: { name: string; agency: string }[], errors?: FormErrors) {
    const filled = rows.concat(Array.from({ length: Math.max(0, REGISTER_ROWS - rows.length) }, () => ({ name: '', agency: '' })));
    renderPage(views, cfg, req, res, 'pitstop-register.njk', {
      pageTitle: 'Take the register',
      date,
      minAgencies: deps.policy.jointDecision.minAttendingAgencies,
      rows: filled.slice(0, REGISTER_ROWS).map((r, i) => ({
        index: i,
        name: r.name,
        agencyItems: [{ value: '', text: 'Select the agency', selected: r.agency === '' }, ...agencyOptions.map((o) => ({ ...o, selected: o.value === r.agency }))],
        nameError: errors?.fields[`name-${i}`],
        agencyError: errors?.fields[`agency-${i}`],
      })),
      errorSummary: errors?.summary,
    }, errors ? 400 : 200);
  }

  router.get('/pitstop/register', guard('pitstop'), (req, res) => {
    const { date } = meetingDate(req, deps);
    const user = res.locals.session!.user!;
    const existing = registerFor(res, date);
    // The chair is at the meeting: the first line of a new register.
    renderRegister(req, res, date, existing ?? [{ name: user.name, agency: (agencies as readonly string[]).includes(user.agency) ? user.agency : '' }]);
  });

  router.post('/pitstop/register', guard('pitstop'), (req, res) => {
    const body = req.body as FormBody;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(asText(body.date)) ? asText(body.date) : localDate(Date.now(), deps.policy.calendar.timeZone);
    const rows = Array.from({ length: REGISTER_ROWS }, (_, i) => ({ name: asText(body[`name-${i}`]).trim(), agency: asText(body[`agency-${i}`]) }));
    // The register lives in the session until each decision sends it to the API, which
    // checks it again; here it is checked so the form can say which line is wrong.
    const errors: FormErrors = { summary: [], fields: {} };
    rows.forEach((r, i) => {
      if (r.name && !r.agency) {
        errors.fields[`agency-${i}`] = { text: `Select the agency of ${r.name}` };
        errors.summary.push({ text: `Select the agency of ${r.name}`, href: `#agency-${i}` });
      } else if (!r.name && r.agency) {
        errors.fields[`name-${i}`] = { text: 'Enter the name of the person who attended' };
        errors.summary.push({ text: 'Enter the name of the person who attended', href: `#name-${i}` });
      } else if (r.name.length > 80) {
        errors.fields[`name-${i}`] = { text: 'Name must be 80 characters or fewer' };
        errors.summary.push({ text: 'Name must be 80 characters or fewer', href: `#name-${i}` });
      }
      if (r.agency && !(agencies as readonly string[]).includes(r.agency)) {
        errors.fields[`agency-${i}`] = { text: 'Select an agency from the list' };
        errors.summary.push({ text: 'Select an agency from the list', href: `#agency-${i}` });
      }
    });
    const attendees: Attendee[] = rows.filter((r) => r.name && r.agency).map((r) => ({ name: r.name, agency: r.agency as Agency }));
    if (!errors.summary.length && attendees.length === 0) {
      errors.fields['name-0'] = { text: 'Enter at least one person who attended' };
      errors.summary.push({ text: 'Enter at least one person who attended', href: '#name-0' });
    }
    if (errors.summary.length) return renderRegister(req, res, date, rows.filter((r) => r.name || r.agency), errors);
    updateSession(res, (s) => ({ ...s, register: { date, attendees } }));
    redirect(cfg, req, res, `/pitstop?date=${date}`);
  });

  // --- One case at the meeting: its notification, what partners know, the decision ----

  async function renderTriage(
    req: Request,
    res: Response,
    caseId: string,
    date: string,
    form: { values: DecisionValues; errors?: FormErrors; conflict?: string; decided?: string },
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
      register: registerFor(res, date),
      onAgenda: view.c.meeting?.date === date,
      mayDecide: mayTakeStep(view.c.stage as Stage, 'recordDecision'),
      returned: view.c.stage === 'awaiting_decision' ? returned : undefined,
      declined: view.c.stage === 'awaiting_decision' ? declined : undefined,
      form: decisionFormView(form.values, {
        proposerAgencies: registerFor(res, date)?.map((a) => a.agency),
        minRationaleLength: deps.policy.jointDecision.minRationaleLength,
      }),
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

  const caseIdOf = (req: Request) => {
    const id = String(req.params.id);
    if (!isCaseId(id)) throw new PageError(404);
    return id;
  };

  router.get('/pitstop/cases/:id', guard('pitstop'), async (req, res) => {
    const { date } = meetingDate(req, deps);
    const decided = typeof req.query.decided === 'string' && isCaseId(req.query.decided) ? req.query.decided : undefined;
    await renderTriage(req, res, caseIdOf(req), date, { values: emptyDecisionValues(), decided });
  });

  router.post('/pitstop/cases/:id/decision', guard('pitstop'), async (req, res) => {
    const caseId = caseIdOf(req);
    const body = req.body as FormBody;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(asText(body.date)) ? asText(body.date) : localDate(Date.now(), deps.policy.calendar.timeZone);
    const values = decisionValuesFromForm(body);
    const client = api(req, res);
    // The register taken at the start of the meeting: the decision is jointly accountable.
    const attendees = registerFor(res, date) ?? [];
    const answer = await client.post(`/cases/${caseId}/decision`, { ...decisionBody(values), attendees });
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderTriage(req, res, caseId, date, { values, conflict: answer.problem.detail ?? 'The case is not at that step.' });
      return renderTriage(req, res, caseId, date, {
        values,
        errors: decisionErrors(answer.problem, values, { registerHref: `/pitstop/register?date=${date}` }),
      });
    }
    // On to the next case on the agenda that still needs a decision.
    const agenda = await agendaOf(client, date);
    const remaining = agenda.items.filter((c) => c.caseId !== caseId && waitingForDecision(c));
    const here = agenda.items.findIndex((c) => c.caseId === caseId);
    const next = remaining.find((c) => agenda.items.indexOf(c) > here) ?? remaining[0];
    if (next) return res.redirect(303, `/pitstop/cases/${next.caseId}?date=${date}&decided=${caseId}`);
    res.redirect(303, `/pitstop?date=${date}&decided=${caseId}`);
  });

  return router;
}
