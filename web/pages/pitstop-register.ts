// The PIT Stop's register (panel members): who attended, taken once per meeting and kept in
// the chair's session; each decision sends it to the API, which checks it again.
import { Router, type Request, type Response } from 'express';
import { agencies, type Agency } from '../../shared/codes.js';
import { agencyOptions, asText, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect, updateSession, type Attendee } from '../session.js';
import { meetingDate, meetingDateOfForm, registerFor } from './pitstop.js';
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
    const date = meetingDateOfForm(body, deps);
    const rows = Array.from({ length: REGISTER_ROWS }, (_, i) => ({ name: asText(body[`name-${i}`]).trim(), agency: asText(body[`agency-${i}`]) }));
    // The register lives in the session until each decision sends it to the API, which
    // checks it again; here it is checked so the form can say which line is wrong.
    const errors = registerErrors(rows);
    const attendees: Attendee[] = rows.filter((r) => r.name && r.agency).map((r) => ({ name: r.name, agency: r.agency as Agency }));
    if (errors.summary.length) return renderRegister(req, res, date, rows.filter((r) => r.name || r.agency), errors);
    updateSession(res, (s) => ({ ...s, register: { date, attendees } }));
    redirect(cfg, req, res, `/pitstop?date=${date}`);
  });

  return router;
}
