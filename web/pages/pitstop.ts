// Running today's PIT Stop (panel members): choose the meeting, take the register once
// (pitstop-register.ts), work down the agenda red first, and record each joint decision on
// the case's page (pitstop-case.ts).
import { Router, type Request, type Response } from 'express';
import { mayTakeStep } from '../../shared/case/steps.js';
import type { Stage } from '../../shared/case/state.js';
import { isCaseId } from '../../shared/ids.js';
import { localDate } from '../../shared/working-time.js';
import type { CaseSummary } from '../../api/schemas/cases.js';
import type { FrontDoorAgenda } from '../../api/schemas/work.js';
import type { Meeting } from '../../api/schemas/meetings.js';
import { apiClient, type ApiClient } from '../api-client.js';
import { asText, type FormBody } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';

export const waitingForDecision = (c: CaseSummary) => mayTakeStep(c.stage as Stage, 'recordDecision') || c.stage === 'received';

export const agendaOf = (client: ApiClient, date: string) => client.get<FrontDoorAgenda>(`/agenda?date=${date}`);

export interface Attendee {
  name: string;
  agency: string;
}

/**
 * Today's PIT Stop (local date): the meeting whose register every decision recorded today
 * takes, whichever day's agenda the case is on (a case decided ahead of its meeting).
 */
export const todaysMeeting = (deps: WebDeps) => localDate(Date.now(), deps.policy.calendar.timeZone);

/** The meeting's register as recorded (one register: the meeting record), or undefined when the meeting has not been opened. */
export async function registerOf(client: ApiClient, date: string): Promise<Attendee[] | undefined> {
  const m = await client.get<Meeting>(`/meetings/${date}/register`);
  return m.status === 'not_opened' ? undefined : m.register.map((a) => ({ name: a.name, agency: a.agency }));
}

export function meetingDate(req: Request, deps: WebDeps): { date: string; error?: string } {
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

/** The cases still to take after this one, as the agenda shown ordered them (a link's or a form's `then`). */
export const casesThen = (raw: unknown): string[] =>
  (typeof raw === 'string' ? raw.split(',') : []).filter((id) => isCaseId(id)).slice(0, 100);

/** What a decision recorded says: the case, and the linked contacts decided with it. */
export const decidedWords = (caseId: string, together: readonly string[] = []): string =>
  together.length
    ? `The decision on case ${caseId} is recorded, and on the linked contact${together.length === 1 ? '' : 's'} decided with it (${together.join(', ')}); each waits for a manager's authorisation.`
    : `The decision on case ${caseId} is recorded and waits for a manager's authorisation.`;

/** The meeting a form was sent from, or today's. */
export const meetingDateOfForm = (body: FormBody, deps: WebDeps) =>
  /^\d{4}-\d{2}-\d{2}$/.test(asText(body.date)) ? asText(body.date) : localDate(Date.now(), deps.policy.calendar.timeZone);

export function pitStopRoutes(deps: WebDeps): Router {
  const { auth, cfg, views } = deps;
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  router.get('/pitstop', guard('pitstop'), async (req, res) => {
    const { date, error } = meetingDate(req, deps);
    const client = api(req, res);
    const [agenda, register] = await Promise.all([agendaOf(client, date), registerOf(client, todaysMeeting(deps))]);
    // Each case's link carries the cases to take after it, in the agenda's order: recording a
    // decision goes on to the next without reading (and recording as consulted) the agenda again.
    const waiting = agenda.items.filter(waitingForDecision);
    const toDecide = waiting.map((c, i) => ({ ...c, then: [...waiting.slice(i + 1), ...waiting.slice(0, i)].map((x) => x.caseId).join(',') }));
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
      register,
      registerAgencies: new Set(register?.map((a) => a.agency) ?? []).size,
      minAgencies: deps.policy.jointDecision.minAttendingAgencies,
      toDecide,
      done,
      notice: decided
        ? { type: 'success', title: 'Decision recorded', text: `${decidedWords(decided, casesThen(req.query.together))} Every case on the agenda has a decision.` }
        : red
          ? { title: 'Red contacts', text: `${red} red contact${red === 1 ? '' : 's'} must be decided within 4 working hours: take ${red === 1 ? 'it' : 'them'} first.` }
          : undefined,
    });
  });

  return router;
}
