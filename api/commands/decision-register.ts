// A joint decision's attendees come from the meeting's register: one register, the meeting
// record (api/commands/meetings.ts), taken once and used by every decision that day.
//
// - `meetingDate` given: the meeting of that date (today's, local time) must be opened; its
//   register is the decision's attendees, or, with `attendees` given too (someone left before
//   this case), each of them must be on it.
// - `attendees` alone: once a meeting is opened today, each must be on its register.
// - `attendees` alone and no meeting opened today: a decision outside a meeting (a red
//   contact triaged at once, before the day's PIT Stop): the attendees stand as given, and
//   the workflow's joint-decision rules (agencies, one person one agency) still apply.
// An attendee not on the register is refused at its field (422): nobody joins a decision
// who is not on the meeting's record.
import type { Agency } from '../../shared/codes.js';
import type { DecisionInput } from '../../shared/schemas/steps.js';
import { localDate } from '../../shared/working-time.js';
import type { ApiContext } from '../context.js';
import { problems } from '../errors.js';
import { attendeeKey, meetingRecords } from '../queries/meetings.js';

/** The decision with its attendees from the meeting's register; `at` is the field path of the decision ('body', 'body.decision'). */
export async function attendeesFromRegister(ctx: ApiContext, d: DecisionInput, at: string): Promise<DecisionInput> {
  const today = localDate(Date.now(), ctx.policy.calendar.timeZone);
  const date = d.meetingDate ?? today;
  if (d.meetingDate !== undefined && d.meetingDate !== today) {
    throw problems.ruleViolation(`a decision uses the register of the meeting of the day it is recorded, ${today}`, [
      { path: `${at}.meetingDate`, message: `must be today's meeting, ${today}` },
    ]);
  }
  const records = await meetingRecords(ctx.store, date);
  if (!records.opened) {
    if (d.meetingDate === undefined) return d;
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
