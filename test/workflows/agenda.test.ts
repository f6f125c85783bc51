// Nothing drops off the agenda, on the time-skipping server with the real activities: a
// case not reached at its meeting (still undecided when the front door closes that day) is
// carried over to the next meeting and is on that meeting's agenda, as often as it takes,
// until it is decided (triaged when the front door opens once its deadline has passed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentMinutes } from '../../api/presenters/meetings.js';
import { meetingMinutes } from '../../api/queries/meetings.js';
import { agendaCaseIds } from '../../shared/db/working-set.js';
import { nextWorkingDayAt, zonedInstant } from '../../shared/working-time.js';
import { authoriseDecisionUpdate, recordDecisionUpdate } from '../../workflows/messages.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await workflowHarness('agenda');
});
afterAll(async () => h?.teardown());

const MINUTE = 60_000;
const now = () => h.env.currentTimeMs();
async function sleepUntil(ms: number) {
  await h.env.sleep(Math.max(1, ms - (await now())));
}
/** When the front door closes on a meeting's date. */
const closesOn = (date: string) => zonedInstant(date, h.policy.calendar.closes, h.policy.calendar.timeZone);
/** The case as a meeting's minutes show it. */
async function minutesItem(date: string, caseId: string) {
  const m = await meetingMinutes({ store: h.store, policy: h.policy }, date);
  return presentMinutes(m.records, m.meetingTime, m.cases, h.policy.calendar.timeZone).items.find((i) => i.caseId === caseId);
}
const timeline = (caseId: string, type: string) => h.models.Timeline.find({ caseId, type }).sort({ seq: 1 }).lean();

describe('a case not reached at its meeting', () => {
  it('is carried over to the next meeting when the front door closes that day, is on its agenda, and stops being carried once decided', () =>
    h.withWorker(async () => {
      // Received at 11:00 on a working day: amber, on the next day's 10:00 meeting.
      const t = await now();
      await sleepUntil(nextWorkingDayAt(t, '11:00', h.policy.calendar).getTime());
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const first = s.meeting!;
      expect(first).toMatchObject({ immediate: false, endsAt: new Date(closesOn(first.date)).toISOString() });

      // One minute before the front door closes on the meeting's day: still on it.
      await sleepUntil(closesOn(first.date) - MINUTE);
      expect((await untilStatus(handle, () => true)).meeting).toEqual(first);
      // One minute after: carried over to the next working day, and on its agenda. Its
      // decision was due by then, so no meeting is early enough: triaged when the front door opens.
      await h.env.sleep(2 * MINUTE);
      const carried = await untilStatus(handle, (s) => s.meeting?.date !== first.date);
      const second = carried.meeting!;
      expect(Date.parse(s.decisionDueAt!)).toBeLessThan(closesOn(first.date));
      expect(second).toMatchObject({ immediate: true, startsAt: nextWorkingDayAt(closesOn(first.date), h.policy.calendar.opens, h.policy.calendar).toISOString() });
      expect(carried.carriedOverFrom).toEqual([first.date]);
      const [event] = await eventually(async () => {
        const e = await timeline(s.caseId, 'carried_over');
        return e.length === 1 && e;
      }, 10_000, 'carried over on the timeline');
      expect(event.details).toMatchObject({ from: first.date, to: second.date });
      await eventually(async () => (await agendaCaseIds(h.models, second.date)).includes(s.caseId), 10_000, 'on the next agenda');
      expect(await agendaCaseIds(h.models, first.date)).toContain(s.caseId); // the missed meeting's agenda keeps it
      // The missed meeting's minutes still list it, not reached and where it went.
      expect(await minutesItem(first.date, s.caseId)).toMatchObject({ consideration: 'not_reached', carriedOverTo: second.date });
      expect(await minutesItem(second.date, s.caseId)).toMatchObject({ consideration: 'not_reached' });

      // Not reached again: carried over again.
      await sleepUntil(closesOn(second.date) + MINUTE);
      const again = await untilStatus(handle, (s) => (s.carriedOverFrom ?? []).length === 2);
      expect(again.carriedOverFrom).toEqual([first.date, second.date]);
      expect(await minutesItem(first.date, s.caseId)).toMatchObject({ carriedOverTo: second.date });
      await eventually(async () => (await minutesItem(second.date, s.caseId))?.carriedOverTo === again.meeting!.date, 10_000, 'second minutes say where it went');

      // Decided at its third meeting: no longer carried over.
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      await sleepUntil(closesOn(again.meeting!.date) + MINUTE);
      const decided = await untilStatus(handle, () => true);
      expect(decided.carriedOverFrom).toHaveLength(2);
      expect(decided.meeting).toEqual(again.meeting);
      await recordHistory(handle, 'carried-over-twice');
      await handle.terminate('test finished');
    }));

  it('red, triaged at once but not decided by the close: triaged first thing the next working day', () =>
    h.withWorker(async () => {
      const t = await now();
      await sleepUntil(nextWorkingDayAt(t, '11:00', h.policy.calendar).getTime());
      const handle = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.meeting).toMatchObject({ immediate: true });
      await sleepUntil(closesOn(s.meeting!.date) + MINUTE);
      const carried = await untilStatus(handle, (c) => c.meeting?.date !== s.meeting!.date);
      const nextOpening = nextWorkingDayAt(closesOn(s.meeting!.date), h.policy.calendar.opens, h.policy.calendar).toISOString();
      expect(carried.meeting).toMatchObject({ immediate: true, startsAt: nextOpening });
      await handle.terminate('test finished');
    }));
});
