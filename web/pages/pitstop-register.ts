// The PIT Stop's register (panel members): who attended, taken once per meeting on the
// meeting's record (POST /api/v1/meetings/{date}/open with its chair, then /register). There is
// one register: every decision that day names the meeting and the API takes its register as
// the attendees; the pages keep none of their own. A line on it stays (the record is
// insert-only): the form adds people, it removes nobody. The register taken is today's
// meeting's (the decisions recorded today take it); `date` is the agenda to go back to.
import { Router, type Request, type Response } from 'express';
import { agencies, type Agency } from '../../shared/codes.js';
import { apiClient } from '../api-client.js';
import { agencyOptions, asText, mapProblem, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { meetingDate, meetingDateOfForm, registerOf, todaysMeeting, type Attendee } from './pitstop.js';
import type { WebDeps } from '../deps.js';

/** Rows on the register form; blank rows are ignored. */
const REGISTER_ROWS = 12;

/** Each line of the register with a name and an agency, or nothing: what is wrong, by line. */
function registerErrors(rows: { name: string; agency: string }[]): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  const refuse = (field: string, text: string) => {
    errors.fields[field] = { text };
    errors.summary.push({ text, href: `#${field}` });
  };
  rows.forEach((r, i) => {
    if (r.name && !r.agency) refuse(`agency-${i}`, `Select the agency of ${r.name}`);
    else if (!r.name && r.agency) refuse(`name-${i}`, 'Enter the name of the person who attended');
    else if (r.name.length > 80) refuse(`name-${i}`, 'Name must be 80 characters or fewer');
    if (r.agency && !(agencies as readonly string[]).includes(r.agency)) refuse(`agency-${i}`, 'Select an agency from the list');
  });
  if (!errors.summary.length && !rows.some((r) => r.name && r.agency)) refuse('name-0', 'Enter at least one person who attended');
  return errors;
}

export function registerRoutes(deps: WebDeps): Router {
  const { cfg, views } = deps;
  const router = Router();

  function renderRegister(req: Request, res: Response, date: string, onRegister: Attendee[], rows: { name: string; agency: string }[], errors?: FormErrors, status?: number) {
    const filled = rows.concat(Array.from({ length: Math.max(0, REGISTER_ROWS - rows.length) }, () => ({ name: '', agency: '' })));
    renderPage(views, cfg, req, res, 'pitstop-register.njk', {
      pageTitle: 'Take the register',
      date,
      today: todaysMeeting(deps),
      onRegister,
      minAgencies: deps.policy.jointDecision.minAttendingAgencies,
      rows: filled.slice(0, REGISTER_ROWS).map((r, i) => ({
        index: i,
        name: r.name,
        agencyItems: [{ value: '', text: 'Select the agency', selected: r.agency === '' }, ...agencyOptions.map((o) => ({ ...o, selected: o.value === r.agency }))],
        nameError: errors?.fields[`name-${i}`],
        agencyError: errors?.fields[`agency-${i}`],
      })),
      errorSummary: errors?.summary,
    }, status ?? (errors ? 400 : 200));
  }

  router.get('/pitstop/register', guard('pitstop'), async (req, res) => {
    const { date } = meetingDate(req, deps);
    const user = res.locals.session!.user!;
    const existing = (await registerOf(apiClient(deps.auth, req, res), todaysMeeting(deps))) ?? [];
    // The chair is at the meeting: the first line of a new register (it opens the meeting).
    renderRegister(req, res, date, existing, existing.length ? [] : [{ name: user.name, agency: (agencies as readonly string[]).includes(user.agency) ? user.agency : '' }]);
  });

  router.post('/pitstop/register', guard('pitstop'), async (req, res) => {
    const body = req.body as FormBody;
    const date = meetingDateOfForm(body, deps);
    const client = apiClient(deps.auth, req, res);
    const today = todaysMeeting(deps);
    const existing = (await registerOf(client, today)) ?? [];
    const rows = Array.from({ length: REGISTER_ROWS }, (_, i) => ({ name: asText(body[`name-${i}`]).trim(), agency: asText(body[`agency-${i}`]) }));
    // Checked here so the form can say which line is wrong; the API checks again.
    const errors = existing.length && !rows.some((r) => r.name || r.agency) ? { summary: [], fields: {} } : registerErrors(rows);
    const attendees: Attendee[] = rows.filter((r) => r.name && r.agency).map((r) => ({ name: r.name, agency: r.agency as Agency }));
    const again = (e: FormErrors, status = 400) => renderRegister(req, res, date, existing, rows.filter((r) => r.name || r.agency), e, status);
    if (errors.summary.length) return again(errors);
    // Not yet opened: the first line chairs it and opens it (now, on the meeting's day).
    const [chair, ...rest] = attendees;
    const sent = existing.length
      ? attendees.length ? await client.post(`/meetings/${today}/register`, { attendees }) : { ok: true as const }
      : await client.post(`/meetings/${today}/open`, { chair }).then(async (opened) => (opened.ok && rest.length ? client.post(`/meetings/${today}/register`, { attendees: rest }) : opened));
    if (!sent.ok) {
      return again(mapProblem(sent.problem, { attendees: { href: '#name-0', field: 'name-0' }, chair: { href: '#name-0', field: 'name-0' } }, '#name-0'), sent.problem.status);
    }
    res.redirect(303, `/pitstop?date=${date}`);
  });

  return router;
}
