// A joint decision's attendees come from the meeting's register: one register, the meeting
// record (api/commands/meetings.ts), taken once and used by every decision that day.
//
// - `meetingDate` given: the meeting of that date (today's, local time) must be opened; its
//   register is the decision's attendees, or, with `attendees` given too (someone left before
//   this case), each of them must be on it.
// - `attendees` alone: once a meeting is opened today, each must be on its register.
// - `attendees` alone and no meeting opened today: a decision outside the meeting (a red
//   contact triaged at once, before the day's PIT Stop), a deliberate record of its own: the
//   decision is marked `outsideMeeting`, its attendees are distinct people (one person typed
//   twice, for any agency, is refused at that attendee) from at least two agencies whatever
//   DECISION_MIN_AGENCIES says, and its decider one the policy table allows
//   (`decision.outside_meeting`); the workflow's joint-decision rules still apply.
// An attendee not on the register is refused at its field (422): nobody joins a decision
// who is not on the meeting's record.
import type { Actor } from '../../shared/case/state.js';
import type { Agency } from '../../shared/codes.js';
import { normaliseName } from '../../shared/names.js';
import type { DecisionInput } from '../../shared/schemas/steps.js';
import { localDate } from '../../shared/working-time.js';
import type { ApiContext } from '../context.js';
import type { Role } from '../auth/roles.js';
import { problems } from '../errors.js';
import { permits } from '../policies.js';
import { attendeeKey, meetingRecords } from '../queries/meetings.js';

/** A decision as the workflow records it: outside the meeting is the API's finding, never the caller's. */
export type RegisteredDecision = DecisionInput & { outsideMeeting?: true };

/** A decision outside the meeting needs at least this many agencies, whatever the local minimum. */
const OUTSIDE_MEETING_MIN_AGENCIES = 2;

/**
 * The attendees of a decision outside the meeting: distinct people (the same name, however
 * typed, twice is one person: refused at the second), from at least two agencies.
 */
function outsideMeetingProblems(d: DecisionInput, at: string): { path: string; message: string }[] {
  const seen = new Map<string, Agency>();
  const refused = d.attendees.flatMap((a, i) => {
    const person = normaliseName(a.name) || a.name.trim().toLowerCase();
    const first = seen.get(person);
    if (first === undefined) {
      seen.set(person, a.agency);
      return [];
    }
    return [{ path: `${at}.attendees.${i}`, message: `${a.name} is already an attendee (for ${first}): a decision outside the meeting names each person once` }];
  });
  if (new Set(d.attendees.map((a) => a.agency)).size < OUTSIDE_MEETING_MIN_AGENCIES) {
    refused.push({ path: `${at}.attendees`, message: `a decision outside the meeting needs attendees from at least ${OUTSIDE_MEETING_MIN_AGENCIES} agencies` });
  }
  return refused;
}

/**
 * The decision with its attendees from the meeting's register; `at` is the field path of
 * the decision ('body', 'body.decision'); `actor`, who records it.
 */
export async function attendeesFromRegister(ctx: ApiContext, d: DecisionInput, at: string, actor: Actor): Promise<RegisteredDecision> {
  const today = localDate(Date.now(), ctx.policy.calendar.timeZone);
  const date = d.meetingDate ?? today;
  if (d.meetingDate !== undefined && d.meetingDate !== today) {
    throw problems.ruleViolation(`a decision uses the register of the meeting of the day it is recorded, ${today}`, [
      { path: `${at}.meetingDate`, message: `must be today's meeting, ${today}` },
    ]);
  }
  const records = await meetingRecords(ctx.store, date);
  if (!records.opened) {
    if (d.meetingDate === undefined) return outsideTheMeeting(d, at, actor);
    throw problems.ruleViolation(`the meeting of ${date} has not been opened: open it with its chair and take its register first`, [
      { path: `${at}.meetingDate`, message: 'the meeting has not been opened' },
    ]);
  }
  const register = records.attendees.filter((r) => r.person).map((r) => ({ name: r.person!.name, agency: r.person!.agency as Agency }));
  if (!d.attendees.length) return { ...d, attendees: register, meetingDate: date };
  const onRegister = new Set(register.map(attendeeKey));
  const missing = d.attendees.flatMap((a, i) => (onRegister.has(attendeeKey(a)) ? [] : [{ path: `${at}.attendees.${i}`, message: `${a.name} (${a.agency}) is not on the register of the meeting of ${date}` }]));
  if (missing.length) {
    throw problems.ruleViolation(`every attendee must be on the register of the meeting of ${date}: add them to the register first`, missing);
  }
  return { ...d, meetingDate: date };
}

/** No meeting opened today: a decision outside the meeting, kept as such, once its decider and attendees qualify. */
export function outsideTheMeeting(d: DecisionInput, at: string, actor: Actor): RegisteredDecision {
  if (!permits(actor.role as Role, 'decision.outside_meeting')) {
    throw problems.forbidden('a decision outside the meeting is recorded by the panel or a front-door manager');
  }
  const refused = outsideMeetingProblems(d, at);
  if (refused.length) throw problems.ruleViolation('a decision outside the meeting names distinct people from at least two agencies', refused);
  return { ...d, outsideMeeting: true };
}
