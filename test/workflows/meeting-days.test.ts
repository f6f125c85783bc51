// Every case's meeting falls before its decision is due, on real days of the week, on the
// time-skipping server with the real activities: a red received on a Saturday is on
// Monday's agenda (and the out-of-hours queue until decided); an amber received on Monday
// at 09:30 (after the agenda's cut-off) is decided at Monday's meeting, in time; a case not
// reached on Monday is on Tuesday's agenda, triaged when the front door opens if Tuesday's
// meeting would start after its deadline; a return or a decline re-plans the same way, and
// a declined allocation's re-decision is watched. Office hours 09:00-17:00, meeting 10:00,
// agenda cut-off 09:00 (the defaults).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workQueue } from '../../api/queries/work.js';
import { agendaCaseIds } from '../../shared/db/working-set.js';
import { addDays, dayOfWeek, isWorkingDay, localDate, zonedInstant } from '../../shared/working-time.js';
import type { contactWorkflow } from '../../workflows/contact.js';
import { authoriseDecisionUpdate, recordDecisionUpdate, respondToAllocationUpdate } from '../../workflows/messages.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';
import type { WorkflowHandle } from '@temporalio/client';

let h: WorkflowHarness;
// A server of its own per test: each moves its clock to the day it needs.
beforeEach(async () => {
  h = await workflowHarness('meeting-days');
});
afterEach(async () => h?.teardown());

const MINUTE = 60_000;
type Handle = WorkflowHandle<typeof contactWorkflow>;
const now = () => h.env.currentTimeMs();
const tz = () => h.policy.calendar.timeZone;
const at = (date: string, time: string) => zonedInstant(date, time, tz());
const iso = (ms: number) => new Date(ms).toISOString();
async function sleepUntil(ms: number) {
  await h.env.sleep(Math.max(1, ms - (await now())));
}

/** The next date (after the server's today) that is `weekday` (0 Sunday) and for which `ok` holds. */
async function next(weekday: number, ok: (date: string) => boolean): Promise<string> {
  let date = addDays(localDate(await now(), tz()), 1);
  while (dayOfWeek(date) !== weekday || !ok(date)) date = addDays(date, 1);
  return date;
}
const working = (date: string) => isWorkingDay(date, h.policy.calendar);
/** A Monday and the Tuesday after it, both working days. */
const ordinaryMonday = () => next(1, (d) => working(d) && working(addDays(d, 1)));

async function decide(handle: Handle, decision = panelDecision()) {
  await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision }] });
  await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
}

/** Ends a case once no activity is in flight (the server holds its clock for one handed out). */
async function terminateWhenIdle(handle: Handle) {
  await eventually(async () => ((await handle.describe()).raw.pendingActivities ?? []).length === 0, 30_000, 'no activity in flight');
  await handle.terminate('test finished');
}

const outOfHoursQueue = async () => (await workQueue(h.store, 'out_of_hours', {}, localDate(await now(), tz()), h.policy.calendar)).map((c) => c._id);

describe('a red contact received on a Saturday', () => {
  it("is on Monday's agenda, triaged when the front door opens, and on the out-of-hours queue with its receipt until decided", () =>
    h.withWorker(async () => {
      const saturday = await next(6, (d) => working(addDays(d, 2)));
      const monday = addDays(saturday, 2);
      await sleepUntil(at(saturday, '14:00'));
      const handle = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('red');
      expect(s.meeting).toMatchObject({ date: monday, startsAt: iso(at(monday, '09:00')), immediate: true });
      expect(s.decisionDueAt).toBe(iso(at(monday, '13:00'))); // 4 working hours from Monday's opening
      await eventually(async () => (await agendaCaseIds(h.models, monday)).includes(s.caseId), 10_000, "on Monday's agenda");
      expect(await agendaCaseIds(h.models, saturday)).not.toContain(s.caseId);
      await eventually(async () => (await outOfHoursQueue()).includes(s.caseId), 10_000, 'on the out-of-hours queue');
      const [listed] = await workQueue(h.store, 'out_of_hours', {}, saturday, h.policy.calendar);
      expect(listed.receivedAt.toISOString()).toBe(s.receivedAt);

      // A red received on Monday in office hours is triaged at once and is not the out-of-hours team's.
      await sleepUntil(at(monday, '11:00'));
      const inHours = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
      const t = await untilStatus(inHours, (s) => s.stage === 'awaiting_decision');
      expect(t.meeting).toMatchObject({ date: monday, immediate: true });
      await eventually(async () => (await h.models.Contact.findById(t.caseId).lean())?.stage === 'awaiting_decision', 10_000, 'projected');
      expect(await outOfHoursQueue()).not.toContain(t.caseId);

      // Decided: off the out-of-hours queue.
      await decide(handle);
      await eventually(async () => !(await outOfHoursQueue()).includes(s.caseId), 10_000, 'off the out-of-hours queue once decided');
      await terminateWhenIdle(handle);
      await terminateWhenIdle(inHours);
    }));
});

describe('an amber contact received on Monday at 09:30, after the agenda closed', () => {
  it("joins Monday's 10:00 meeting and is decided there in time: no breach, no statutory miss", () =>
    h.withWorker(async () => {
      const monday = await ordinaryMonday();
      await sleepUntil(at(monday, '09:30'));
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('amber');
      expect(s.meeting).toMatchObject({ date: monday, startsAt: iso(at(monday, '10:00')), immediate: false });
      const due = Date.parse(s.decisionDueAt!);
      expect(Date.parse(s.meeting!.startsAt)).toBeLessThan(due);

      await sleepUntil(at(monday, '10:30'));
      await decide(handle);
      const decided = await untilStatus(handle, (s) => s.decidedAt !== undefined);
      expect(Date.parse(decided.decidedAt!)).toBeLessThan(due);
      await sleepUntil(Math.max(due, Date.parse(s.statutoryDueAt!)) + MINUTE);
      const later = await untilStatus(handle, () => true);
      expect(later.breached).toBe(false);
      expect(later.statutoryDeadlineMissed ?? false).toBe(false);
      expect(later.escalations).toEqual([]);
      await terminateWhenIdle(handle);
    }));
});

describe('a case not reached on Monday', () => {
  it("is on Tuesday's agenda, triaged when the front door opens, as its deadline has passed", () =>
    h.withWorker(async () => {
      const monday = await ordinaryMonday();
      const tuesday = addDays(monday, 1);
      // Received before the front door opens: Monday's meeting; due when it closes (one working day from the opening).
      await sleepUntil(at(monday, '08:30'));
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.meeting).toMatchObject({ date: monday, startsAt: iso(at(monday, '10:00')) });
      expect(s.decisionDueAt).toBe(iso(at(monday, '17:00')));

      await sleepUntil(at(monday, '17:00') + MINUTE);
      const carried = await untilStatus(handle, (c) => c.meeting?.date === tuesday);
      expect(carried.carriedOverFrom).toEqual([monday]);
      expect(carried.meeting).toMatchObject({ date: tuesday, startsAt: iso(at(tuesday, '09:00')), immediate: true });
      await eventually(async () => (await agendaCaseIds(h.models, tuesday)).includes(s.caseId), 10_000, "on Tuesday's agenda");

      await sleepUntil(at(tuesday, '09:15'));
      await decide(handle);
      expect((await untilStatus(handle, (s) => s.decidedAt !== undefined)).breached).toBe(true); // due on Monday: counted late
      await terminateWhenIdle(handle);
    }));
});

describe('a case back before the panel', () => {
  it('returned by the manager when the next meeting would be too late is triaged at once, that day', () =>
    h.withWorker(async () => {
      const monday = await ordinaryMonday();
      await sleepUntil(at(monday, '09:30'));
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await sleepUntil(at(monday, '10:30'));
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] });
      await sleepUntil(at(monday, '11:00'));
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'return', comments: 'Say who leads the early help.' } }] });
      const back = await untilStatus(handle, (c) => c.stage === 'awaiting_decision');
      // Tuesday's 10:00 meeting starts after the decision is due (Tuesday 09:30).
      expect(back.decisionDueAt).toBe(s.decisionDueAt);
      expect(back.meeting).toMatchObject({ date: monday, immediate: true });
      expect(Date.parse(back.meeting!.startsAt)).toBeLessThanOrEqual(Date.parse(s.decisionDueAt!));
      await terminateWhenIdle(handle);
    }));

  it('after a declined allocation has a re-decision deadline, is planned before it, and is escalated one minute after it, not before', () =>
    h.withWorker(async () => {
      const monday = await ordinaryMonday();
      const tuesday = addDays(monday, 1);
      await sleepUntil(at(monday, '09:30'));
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await sleepUntil(at(monday, '10:30'));
      await decide(handle);
      await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
      await sleepUntil(at(monday, '12:00'));
      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.school, response: { response: 'decline', reason: 'The family has moved out of the school’s area.' } }] });
      const back = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      // One working day (amber) from the decline; Tuesday's meeting is before it.
      const drift = Date.parse(back.redecisionDueAt!) - at(tuesday, '12:00');
      expect(drift).toBeGreaterThanOrEqual(0);
      expect(drift).toBeLessThan(MINUTE);
      expect(back.meeting).toMatchObject({ date: tuesday, startsAt: iso(at(tuesday, '10:00')), immediate: false });

      const due = Date.parse(back.redecisionDueAt!);
      await sleepUntil(due - MINUTE);
      expect((await untilStatus(handle, () => true)).escalations.map((e) => e.kind)).not.toContain('redecision_overdue');
      await h.env.sleep(2 * MINUTE);
      const overdue = await untilStatus(handle, (s) => s.escalations.some((e) => e.kind === 'redecision_overdue'));
      expect(overdue.escalations.filter((e) => e.kind === 'redecision_overdue')).toEqual([expect.objectContaining({ dueAt: back.redecisionDueAt })]);
      await eventually(async () => (await h.models.Timeline.find({ caseId: back.caseId, type: 'escalated' }).lean()).some((e) => e.details?.kind === 'redecision_overdue'), 10_000, 'escalated on the timeline');

      // Decided again: the watch ends; nothing more is escalated.
      await decide(handle, panelDecision({ leadAgency: 'health', proposedBy: 'childrens_social_care' }));
      await h.env.sleep(2 * 24 * 60 * MINUTE);
      expect((await untilStatus(handle, () => true)).escalations.filter((e) => e.kind === 'redecision_overdue')).toHaveLength(1);
      await recordHistory(handle, 'declined-redecision-overdue');
      await terminateWhenIdle(handle);
    }));
});
