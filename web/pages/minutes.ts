// A PIT Stop meeting's minutes (panel, managers, auditors), from GET /api/v1/meetings/{date}:
// the register, start and end, each case on the agenda with the decisions made that day
// or "not reached". Laid out to be printed (web/public/pitstop.css, @media print). The
// panel and managers also record the meeting here: open it (chair, start), add to its
// register (one person at a time; the panel's register page adds several), close it.
import { Router, type Request, type Response } from 'express';
import { agencies } from '../../shared/codes.js';
import { localDate, zonedInstant } from '../../shared/working-time.js';
import { apiClient } from '../api-client.js';
import { mayUse } from '../access.js';
import type { Minutes } from '../../api/schemas/meetings.js';
import { agencyOptions, asText, mapProblem, type FieldRule, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import type { WebDeps } from '../deps.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** What a form sent back, to show again with its errors. */
interface Sent {
  values: Record<string, string>;
  errors: FormErrors;
  status: number;
}

/** A step of the meeting's record: the form's fields, what to send to the API, and where the API's fields show. */
interface MeetingStep {
  fields: string[];
  body(date: string, v: Record<string, string>, req: Request, res: Response): object | FormErrors;
  rules: Record<string, FieldRule>;
}

/** Opening the meeting with its chair, adding to its register, closing it; times in office time (`tz`). */
function meetingSteps(tz: string): Record<string, MeetingStep> {
  /** A time of day on the meeting's date, as the API's instant; undefined when not a time. */
  const instantOn = (date: string, time: string) => {
    const t = TIME.exec(time.trim());
    return t ? new Date(zonedInstant(date, `${t[1].padStart(2, '0')}:${t[2]}`, tz)).toISOString() : undefined;
  };
  const timeError = (field: string, what: string): FormErrors => {
    const text = `Enter the time the meeting ${what} on the 24-hour clock, for example 10:00`;
    return { summary: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
  };

  return {
    open: {
      fields: ['chairName', 'chairAgency', 'startTime'],
      body: (date, v) => {
        const startedAt = instantOn(date, v.startTime);
        return startedAt ? { chair: { name: v.chairName, agency: v.chairAgency }, startedAt } : timeError('startTime', 'started');
      },
      rules: {
        'chair.name': { href: '#chairName', field: 'chairName', missing: 'Enter the name of the chair' },
        'chair.agency': { href: '#chairAgency', field: 'chairAgency', missing: "Select the chair's agency" },
        startedAt: { href: '#startTime', field: 'startTime' },
      },
    },
    register: {
      fields: ['name', 'agency'],
      body: (_date, v) => ({ attendees: [{ name: v.name, agency: v.agency }] }),
      rules: {
        'attendees.0.name': { href: '#name', field: 'name', missing: 'Enter the name of the person who attended' },
        'attendees.0.agency': { href: '#agency', field: 'agency', missing: 'Select the agency of the person who attended' },
      },
    },
    close: {
      fields: ['endTime'],
      body: (date, v) => {
        const endedAt = instantOn(date, v.endTime);
        return endedAt ? { endedAt } : timeError('endTime', 'ended');
      },
      rules: { endedAt: { href: '#endTime', field: 'endTime' } },
    },
  };
}

export function minutesRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();
  const tz = policy.calendar.timeZone;
  const now = () => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());

  async function show(req: Request, res: Response, date: string, sent?: Sent) {
    const minutes = await apiClient(auth, req, res).get<Minutes>(`/meetings/${encodeURIComponent(date)}`);
    const user = res.locals.session!.user!;
    const v = sent?.values ?? {};
    const chairAgency = v.chairAgency ?? ((agencies as readonly string[]).includes(user.agency) ? user.agency : '');
    renderPage(views, cfg, req, res, 'minutes.njk', {
      pageTitle: 'PIT Stop minutes',
      m: minutes,
      // Auditors read the minutes but not the cases' pages.
      linkCases: mayUse(user.role, 'case'),
      linkAgenda: mayUse(user.role, 'pitstop'),
      mayRecord: mayUse(user.role, 'meetingRecord'),
      form: {
        chairName: v.chairName ?? user.name,
        chairAgencyItems: [{ value: '', text: 'Select the agency' }, ...agencyOptions].map((o) => ({ ...o, selected: o.value === chairAgency })),
        startTime: v.startTime ?? (date === localDate(Date.now(), tz) ? now() : policy.meetingTime),
        name: v.name ?? '',
        agencyItems: [{ value: '', text: 'Select the agency' }, ...agencyOptions].map((o) => ({ ...o, selected: o.value === (v.agency ?? '') })),
        endTime: v.endTime ?? now(),
      },
      fieldErrors: sent?.errors.fields ?? {},
      errorSummary: sent?.errors.summary,
    }, sent?.status ?? 200);
  }

  router.get('/pitstop/minutes', guard('minutes'), async (req, res) => {
    const asked = typeof req.query.date === 'string' ? req.query.date : undefined;
    // A date that is not one goes to the API as it is, and comes back as its 400 page.
    await show(req, res, asked ?? localDate(Date.now(), tz));
  });

  const steps = meetingSteps(tz);

  for (const [step, s] of Object.entries(steps)) {
    router.post(`/pitstop/minutes/${step}`, guard('meetingRecord'), async (req, res) => {
      const form = req.body as FormBody;
      const date = asText(form.date);
      if (!DATE.test(date)) return show(req, res, localDate(Date.now(), tz));
      const values = Object.fromEntries(s.fields.map((f) => [f, asText(form[f]).trim()]));
      const body = s.body(date, values, req, res);
      if ('summary' in body) return show(req, res, date, { values, errors: body, status: 400 });
      const answer = await apiClient(auth, req, res).post(`/meetings/${date}/${step}`, body);
      if (!answer.ok) return show(req, res, date, { values, errors: mapProblem(answer.problem, s.rules), status: answer.problem.status });
      redirect(cfg, req, res, `/pitstop/minutes?date=${date}`);
    });
  }

  return router;
}
