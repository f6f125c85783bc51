// The front door's rules at their edges, on the time-skipping server: plans that follow
// a rating change, a decline that un-decides, referrals withdrawn with their decision,
// the strategy discussion watched from authorisation, police feedback that gives up,
// amendments before closure by a second manager, joint decisions that are joint.
// Every deadline is checked "not yet" one minute before it, and then after it.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionInput } from '../../shared/schemas/steps.js';
import { nextWorkingDayAt, zonedInstant, localDate } from '../../shared/working-time.js';
import type { contactWorkflow } from '../../workflows/contact.js';
import {
  amendDecisionUpdate,
  authoriseDecisionUpdate,
  changeRatingUpdate,
  recordConferenceUpdate,
  recordDecisionUpdate,
  recordStrategyDiscussionUpdate,
  respondToAllocationUpdate,
} from '../../workflows/messages.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
let webhook: Server;
/** How each force's system answers: NYP refuses for good; CLE is down for a while. */
const answers: Record<string, () => number> = {};
const calls: Record<string, number[]> = {};
const HOUR = 3600_000;
const MINUTE = 60_000;

beforeAll(async () => {
  webhook = createServer((req, res) => {
    const force = req.url!.split('/').pop()!;
    req.resume();
    req.on('end', () => {
      const status = answers[force]?.() ?? 200;
      (calls[force] ??= []).push(status);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => webhook.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(webhook.address() as { port: number }).port}/outcomes`;
});
afterAll(() => {
  webhook?.close();
});
// Each test on a time-skipping server of its own: the server holds its clock while an
// activity it handed out is outstanding, so on a loaded machine one test's leftovers
// could otherwise stall every test after it.
let base: string;
beforeEach(async () => {
  h = await workflowHarness('rules', {
    policeWebhooks: { NYP: `${base}/NYP`, CLE: `${base}/CLE` },
    policeFeedbackRejectedRetryHours: 2,
    policeFeedbackGiveUpHours: 6,
  });
});
afterEach(async () => {
  await h?.teardown();
});

const decision = panelDecision;
const s17 = decision({ outcome: 'social_care_assessment_s17', leadAgency: undefined, levelOfNeed: 4, proposedBy: 'childrens_social_care' });
const s47 = decision({ outcome: 'strategy_discussion_s47', leadAgency: undefined, levelOfNeed: 4, proposedBy: 'childrens_social_care' });
const nfa = decision({ outcome: 'no_further_action', leadAgency: undefined, levelOfNeed: 1 });

type Handle = WorkflowHandle<typeof contactWorkflow>;
const now = async () => h.env.currentTimeMs();
const iso = (ms: number) => new Date(ms).toISOString();
/** A local wall-clock time on the day of `ms`, London time. */
const localAt = (ms: number, time: string) => zonedInstant(localDate(ms, 'Europe/London'), time, 'Europe/London');

/** Moves the server's clock to the next working day at `time`, so every plan below is exact. */
async function atNextWorkingDay(time: string): Promise<number> {
  const t = await now();
  const at = nextWorkingDayAt(t, time, h.policy.calendar).getTime();
  await h.env.sleep(at - t);
  return at;
}

/** The case was received a moment after the clock was set: its plans are that moment later. */
function expectAbout(actual: string | undefined, expected: number) {
  const drift = Date.parse(actual!) - expected;
  expect(drift).toBeGreaterThanOrEqual(0);
  expect(drift).toBeLessThan(MINUTE);
}

async function sleepUntil(ms: number) {
  await h.env.sleep(Math.max(1, ms - (await now())));
}

async function rejection(p: Promise<unknown>) {
  const err = await p.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; details?: unknown[]; message: string };
}

/**
 * Ends a test's case once nothing is in flight: the time-skipping server keeps time still
 * for an activity it handed out, and one cut off by termination would hold it for ever.
 */
async function terminateWhenIdle(handle: Handle) {
  await untilStatus(handle, (s) => s.policeFeedback.status !== 'pending' && s.allocations.every((a) => a.dueAt !== undefined));
  // However slow the machine, no activity may still be out when the case is ended.
  await eventually(async () => ((await handle.describe()).raw.pendingActivities ?? []).length === 0, 30_000, 'no activity in flight');
  await handle.terminate('test finished');
}

async function decide(handle: Handle, d: DecisionInput, manager = actors.manager) {
  await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: d }] });
  return handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: manager, authorisation: { action: 'authorise' } }] });
}

describe('plans follow the rating', () => {
  it('amber to red: triaged today, partners due within the hour and before the decision; missing one minute after, not one before', () =>
    h.withWorker(async () => {
      const received = await atNextWorkingDay('11:00');
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('amber');
      expect(s.meeting?.immediate).toBe(false);
      await handle.executeUpdate(changeRatingUpdate, { args: [{ actor: actors.manager, change: { rating: 'red', reason: 'Child disclosed an injury at school.' } }] });
      const red = await untilStatus(handle, (s) => s.rating === 'red');
      // Red: decided within 4 working hours of receipt (11:00 → 15:00 the same day).
      expectAbout(red.decisionDueAt, localAt(received, '15:00'));
      expect(red.meeting).toMatchObject({ immediate: true, date: localDate(received, 'Europe/London') });
      // Partners: one working hour after the change (12:00), before the decision.
      const partnerDue = red.partnerInformation[0].dueAt;
      expectAbout(partnerDue, localAt(received, '12:00'));
      expect(red.partnerInformation.every((r) => r.dueAt === partnerDue)).toBe(true);

      await sleepUntil(Date.parse(partnerDue) - MINUTE);
      expect((await untilStatus(handle, () => true)).partnerInformation.some((r) => r.status === 'missing')).toBe(false);
      await h.env.sleep(2 * MINUTE);
      const missing = await untilStatus(handle, (s) => s.partnerInformation.every((r) => r.status === 'missing'));
      expect(missing.partnerInformation).toHaveLength(5);
      await terminateWhenIdle(handle);
    }));

  it('red back to amber: the case goes to the next daily meeting and partners answer by its start', () =>
    h.withWorker(async () => {
      const received = await atNextWorkingDay('11:00');
      const handle = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.meeting?.immediate).toBe(true);
      await handle.executeUpdate(changeRatingUpdate, { args: [{ actor: actors.manager, change: { rating: 'amber', reason: 'Perpetrator in custody; risk reduced.' } }] });
      const amber = await untilStatus(handle, (s) => s.rating === 'amber');
      const nextMeeting = nextWorkingDayAt(received, '10:00', h.policy.calendar).toISOString();
      expect(amber.meeting).toMatchObject({ immediate: false, startsAt: nextMeeting });
      expect(amber.partnerInformation.every((r) => r.dueAt === nextMeeting)).toBe(true);
      await terminateWhenIdle(handle);
    }));
});

describe('a decision superseded', () => {
  it('a declined allocation un-decides the case and withdraws the referral; a later referral stands; an amendment away from it withdraws it again', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const { caseId } = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decide(handle, s17);
      await eventually(async () => (await h.models.Referral.findById(caseId).lean())?.status === 'active', 10_000, 'referral');

      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'decline', reason: 'Already open to the disabled children team.' } }] });
      const back = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(back.outcome).toBeUndefined();
      expect(back.decidedAt).toBeUndefined();
      await eventually(async () => {
        const c = await h.models.Contact.findById(caseId).lean();
        return c?.stage === 'awaiting_decision' && !('outcome' in c);
      }, 10_000, 'outcome removed from the projection');
      expect(await h.models.Referral.findById(caseId).lean()).toMatchObject({ status: 'withdrawn', decisionVersion: 1, withdrawalReason: 'allocation declined' });

      await decide(handle, s47);
      await eventually(async () => (await h.models.Referral.findById(caseId).lean())?.status === 'active', 10_000, 'referral again');
      const again = await h.models.Referral.findById(caseId).lean();
      expect(again).toMatchObject({ decisionVersion: 2, outcome: 'strategy_discussion_s47' });
      expect(again?.withdrawnAt).toBeUndefined();

      // A step down from s47 is not one manager's alone: the panel decides it.
      const alone = await rejection(handle.executeUpdate(amendDecisionUpdate, {
        args: [{ actor: actors.secondManager, amendment: { reason: 'Strategy discussion found no s47 threshold.', decidedBy: 'manager', decision: decision() } }],
      }));
      expect(alone).toMatchObject({ type: 'StepRuleViolation', details: ['body.decidedBy'] });
      await handle.executeUpdate(amendDecisionUpdate, {
        args: [{ actor: actors.secondManager, amendment: { reason: 'Strategy discussion found no s47 threshold.', decidedBy: 'panel', decision: decision() } }],
      });
      expect((await untilStatus(handle, (s) => s.decisions.length === 3)).decisions[2]).toMatchObject({ decidedBy: 'panel', recordedBy: { id: actors.secondManager.id } });
      await eventually(async () => (await h.models.Referral.findById(caseId).lean())?.status === 'withdrawn', 10_000, 'withdrawn by amendment');
      expect((await h.models.Referral.findById(caseId).lean())?.withdrawalReason).toBe('decision amended');
      await terminateWhenIdle(handle);
    }));
});

describe('the strategy discussion (s47)', () => {
  it('is due from authorisation, escalated one minute after and not before, and keeps the case open until recorded held', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: s47 }] });
      // The manager authorises an hour after the panel: the clock starts then.
      await h.env.sleep(HOUR);
      const authorisedAt = await now();
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
      const due = Date.parse(s.strategyDiscussionDueAt!);
      expect(due).toBeGreaterThanOrEqual(authorisedAt + 24 * HOUR);
      expect(due).toBeLessThan(authorisedAt + 24 * HOUR + MINUTE);
      expect(s.decisions[0].strategyDiscussionDueAt).toBe(s.strategyDiscussionDueAt);

      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'accept', leadProfessional: { name: 'Test SW' } } }] });
      expect((await untilStatus(handle, (s) => s.stage === 'awaiting_strategy_discussion')).escalations).toEqual([]);

      await sleepUntil(due - MINUTE);
      expect((await untilStatus(handle, () => true)).escalations.map((e) => e.kind)).not.toContain('strategy_discussion_overdue');
      await h.env.sleep(2 * MINUTE);
      const overdue = await untilStatus(handle, (s) => s.escalations.some((e) => e.kind === 'strategy_discussion_overdue'));
      expect(overdue.stage).toBe('awaiting_strategy_discussion');

      // Only the lead agency records it, and only once held.
      const other = await rejection(handle.executeUpdate(recordStrategyDiscussionUpdate, {
        args: [{ actor: actors.school, discussion: { heldAt: iso(await now()), agencies: ['childrens_social_care', 'police'], outcome: 's47_enquiry' } }],
      }));
      expect(other.type).toBe('StepNotPermitted');
      const future = await rejection(handle.executeUpdate(recordStrategyDiscussionUpdate, {
        args: [{ actor: actors.socialCare, discussion: { heldAt: iso((await now()) + HOUR), agencies: ['childrens_social_care', 'police'], outcome: 's47_enquiry' } }],
      }));
      expect(future).toMatchObject({ type: 'StepRuleViolation', details: ['body.heldAt'] });

      await handle.executeUpdate(recordStrategyDiscussionUpdate, {
        args: [{ actor: actors.socialCare, discussion: { heldAt: iso(await now()), agencies: ['childrens_social_care', 'police', 'health'], outcome: 'no_s47_enquiry' } }],
      });
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', strategyDiscussion: { agencies: ['childrens_social_care', 'police', 'health'] } });
      expect(done.escalations.filter((e) => e.kind === 'strategy_discussion_overdue')).toHaveLength(1);
      await recordHistory(handle, 's47-strategy-discussion-overdue');
    }));
});

describe('the initial child protection conference (s47 enquiry)', () => {
  /** To a strategy discussion that decides on an s47 enquiry, held now: the conference then awaited. */
  async function toConference(handle: Handle) {
    await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
    await decide(handle, s47);
    await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
    await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'accept', leadProfessional: { name: 'Test SW' } } }] });
    await untilStatus(handle, (s) => s.stage === 'awaiting_strategy_discussion');
    // No conference before the discussion that decides on the enquiry.
    const early = await rejection(handle.executeUpdate(recordConferenceUpdate, { args: [{ actor: actors.socialCare, conference: { heldAt: iso(await now()), outcome: 'child_protection_plan' } }] }));
    expect(early.type).toBe('StepOutOfOrder');
    const heldAt = await now();
    const r = await handle.executeUpdate(recordStrategyDiscussionUpdate, {
      args: [{ actor: actors.socialCare, discussion: { heldAt: iso(heldAt), agencies: ['childrens_social_care', 'police'], outcome: 's47_enquiry' } }],
    });
    expect(r.stage).toBe('awaiting_conference');
    const s = await untilStatus(handle, (s) => s.stage === 'awaiting_conference');
    const due = Date.parse(s.strategyDiscussion!.conferenceDueAt!);
    // 15 working days: from before Monday's opening to Friday's close two weeks on, at the least.
    expect(due - heldAt).toBeGreaterThanOrEqual(18 * 24 * HOUR);
    return { heldAt, due };
  }
  const conferenceOverdue = (s: { escalations: { kind: string }[] }) => s.escalations.filter((e) => e.kind === 'conference_overdue');

  it('not recorded by its deadline: escalated once, one minute after and not before; the case still waits; late needs its reason', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const { due } = await toConference(handle);
      await sleepUntil(due - MINUTE);
      expect(conferenceOverdue(await untilStatus(handle, () => true))).toEqual([]);
      await h.env.sleep(2 * MINUTE);
      const overdue = await untilStatus(handle, (s) => conferenceOverdue(s).length > 0);
      expect(overdue.stage).toBe('awaiting_conference');
      expect(conferenceOverdue(overdue)).toMatchObject([{ dueAt: iso(due) }]);

      // Only social care (the lead) or a front-door manager records it; held late, with the reason.
      const other = await rejection(handle.executeUpdate(recordConferenceUpdate, {
        args: [{ actor: actors.school, conference: { heldAt: iso(await now()), outcome: 'child_protection_plan', lateReason: 'Moved at the family’s request.' } }],
      }));
      expect(other.type).toBe('StepNotPermitted');
      const noReason = await rejection(handle.executeUpdate(recordConferenceUpdate, { args: [{ actor: actors.socialCare, conference: { heldAt: iso(await now()), outcome: 'child_protection_plan' } }] }));
      expect(noReason).toMatchObject({ type: 'StepRuleViolation', details: ['body.lateReason'] });
      const future = await rejection(handle.executeUpdate(recordConferenceUpdate, {
        args: [{ actor: actors.socialCare, conference: { heldAt: iso((await now()) + HOUR), outcome: 'child_protection_plan', lateReason: 'Moved at the family’s request.' } }],
      }));
      expect(future).toMatchObject({ type: 'StepRuleViolation', details: ['body.heldAt'] });

      await h.env.sleep(HOUR);
      const heldAt = iso(await now());
      await handle.executeUpdate(recordConferenceUpdate, {
        args: [{ actor: actors.socialCare, conference: { heldAt, outcome: 'child_protection_plan', lateReason: 'Moved at the family’s request.' } }],
      });
      const done = await handle.result();
      expect(done).toMatchObject({
        stage: 'closed',
        conference: { heldAt, outcome: 'child_protection_plan', dueAt: iso(due), late: true, lateReason: 'Moved at the family’s request.', recordedBy: { id: actors.socialCare.id } },
      });
      expect(conferenceOverdue(done)).toHaveLength(1);
      expect(await h.models.Timeline.countDocuments({ caseId: done.caseId, type: 'escalated', 'details.kind': 'conference_overdue' })).toBe(1);
      await recordHistory(handle, 's47-conference-overdue');
    }));

  it('recorded in time (a manager may): the case closes with no escalation', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const { heldAt, due } = await toConference(handle);
      const before = await rejection(handle.executeUpdate(recordConferenceUpdate, { args: [{ actor: actors.manager, conference: { heldAt: iso(heldAt - HOUR), outcome: 'no_child_protection_plan' } }] }));
      expect(before).toMatchObject({ type: 'StepRuleViolation', details: ['body.heldAt'] });
      await sleepUntil(due - HOUR);
      const r = await handle.executeUpdate(recordConferenceUpdate, { args: [{ actor: actors.manager, conference: { heldAt: iso(await now()), outcome: 'no_child_protection_plan' } }] });
      expect(r.stage).toBe('closing');
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', conference: { outcome: 'no_child_protection_plan', late: false, recordedBy: { id: actors.manager.id } } });
      expect(done.conference?.lateReason).toBeUndefined();
      expect(conferenceOverdue(done)).toEqual([]);
      await recordHistory(handle, 's47-conference-in-time');
    }));

  it('no longer awaited once the decision is amended away from s47: the case closes, the watch ends without escalating', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await toConference(handle);
      await handle.executeUpdate(amendDecisionUpdate, {
        args: [{ actor: actors.secondManager, amendment: { reason: 'The panel met again: an assessment under s17 instead.', decidedBy: 'panel', decision: s17 } }],
      });
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', outcome: 'social_care_assessment_s17' });
      expect(done.conference).toBeUndefined();
      expect(conferenceOverdue(done)).toEqual([]);
    }));
});

describe('police feedback', () => {
  it('gives up on a force that refuses the outcome after the configured time (not before), puts it to managers and closes', () =>
    h.withWorker(async () => {
      answers.NYP = () => 404;
      const handle = await h.startContact(freshNotification((n) => (n.force = { code: 'NYP', name: 'North Yorkshire Police' })));
      const { caseId } = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decide(handle, nfa);
      await eventually(async () => (calls.NYP?.length ?? 0) >= 1, 10_000, 'first delivery attempt');
      // Refused, tried again every half hour: still trying after 100 minutes.
      await h.env.sleep(100 * MINUTE);
      const trying = await untilStatus(handle, () => true);
      expect(trying).toMatchObject({ stage: 'closing', policeFeedback: { status: 'pending' } });
      await h.env.sleep(30 * MINUTE);
      const done = await handle.result();
      expect(done.policeFeedback).toMatchObject({ status: 'failed', decisionVersion: 1 });
      expect(done.escalations.map((e) => e.kind)).toEqual(['police_feedback_failed']);
      expect(calls.NYP.every((s) => s === 404)).toBe(true);
      // Tried at 0, 30, 60, 90 and 120 minutes, then given up.
      expect(calls.NYP).toHaveLength(5);
      expect(await h.models.PoliceFeedback.findById(`${caseId}:v1`).lean()).toMatchObject({ status: 'rejected', httpStatus: 404 });
      // Nothing was disclosed, so nothing is logged as a disclosure.
      expect(await h.models.Audit.countDocuments({ caseId, action: 'disclosure.police_feedback' })).toBe(0);
      await recordHistory(handle, 'police-feedback-rejected');
    }));

  it('gives up on a force whose system stays down past the give-up time, and logs a delivery as a disclosure', () =>
    h.withWorker(async () => {
      answers.CLE = () => 503;
      const handle = await h.startContact(freshNotification((n) => (n.force = { code: 'CLE', name: 'Cleveland Police' })));
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decide(handle, nfa);
      await h.env.sleep(5 * HOUR);
      expect((await untilStatus(handle, () => true)).stage).toBe('closing');
      await h.env.sleep(2 * HOUR);
      const done = await handle.result();
      expect(done.policeFeedback.status).toBe('failed');
      expect(done.escalations.map((e) => e.kind)).toEqual(['police_feedback_failed']);

      answers.CLE = () => 200;
      const delivered = await h.startContact(freshNotification((n) => (n.force = { code: 'CLE', name: 'Cleveland Police' })));
      const { caseId } = await untilStatus(delivered, (s) => s.stage === 'awaiting_decision');
      await decide(delivered, nfa);
      expect((await delivered.result()).policeFeedback.status).toBe('delivered');
      const disclosures = await h.models.Audit.find({ caseId, action: 'disclosure.police_feedback' }).lean();
      expect(disclosures).toHaveLength(1);
      expect(disclosures[0]).toMatchObject({ resource: 'police webhook of force CLE', actor: { id: 'pitstop-engine' } });
    }));

  it('delivers the outcome once to a force whose system was down for hours and is back before the give-up time', () =>
    h.withWorker(async () => {
      // Down for four hours of the six the harness allows (POLICE_FEEDBACK_GIVE_UP_HOURS),
      // then back: retried at most 30 minutes apart, so within half an hour it has it, once.
      let down = true;
      answers.CLE = () => (down ? 503 : 200);
      calls.CLE = [];
      const handle = await h.startContact(freshNotification((n) => (n.force = { code: 'CLE', name: 'Cleveland Police' })));
      const { caseId } = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decide(handle, nfa);
      await h.env.sleep(4 * HOUR);
      expect(await untilStatus(handle, () => true)).toMatchObject({ stage: 'closing', policeFeedback: { status: 'pending' } });
      down = false;
      const done = await handle.result();
      expect(done.policeFeedback).toMatchObject({ status: 'delivered', decisionVersion: 1 });
      expect(done.escalations).toEqual([]);
      expect(calls.CLE.filter((s) => s === 200)).toHaveLength(1);
      expect(calls.CLE.filter((s) => s === 503).length).toBeGreaterThan(5);
      expect(await h.models.Audit.countDocuments({ caseId, action: 'disclosure.police_feedback' })).toBe(1);
    }));
});

describe('amendments', () => {
  it('are refused without an authorised decision and to the manager who authorised; allowed to another while the outcome is still on its way', () =>
    h.withWorker(async () => {
      let failuresLeft = 3;
      answers.CLE = () => (failuresLeft-- > 0 ? 503 : 200);
      const handle = await h.startContact(freshNotification((n) => (n.force = { code: 'CLE', name: 'Cleveland Police' })));
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const amend = (actor: typeof actors.manager) =>
        handle.executeUpdate(amendDecisionUpdate, { args: [{ actor, amendment: { reason: 'The school has new information.', decidedBy: 'manager', decision: decision() } }] });
      expect((await rejection(amend(actors.secondManager))).type).toBe('StepOutOfOrder');

      await decide(handle, nfa);
      expect((await untilStatus(handle, () => true)).stage).toBe('closing');
      const own = await rejection(amend(actors.manager));
      expect(own).toMatchObject({ type: 'StepNotPermitted' });
      await amend(actors.secondManager);
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
      expect(s.decisions.map((d) => [d.status, d.outcome, d.authorisedBy?.id])).toEqual([
        ['superseded', 'no_further_action', 'manager-1'],
        ['authorised', 'early_help', 'manager-2'],
      ]);
      await h.env.sleep(HOUR);
      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.school, response: { response: 'accept', leadProfessional: { name: 'Test DSL' } } }] });
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', outcome: 'early_help', policeFeedback: { status: 'delivered', decisionVersion: 2 } });
    }));
});

describe('joint decisions', () => {
  it('need attendees from two agencies, a usable rationale, a proposing agency that attended, and an outcome the level of need allows', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const refuse = (d: DecisionInput) => rejection(handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: d }] }));
      const oneAgency = await refuse(decision({ attendees: [{ name: 'A', agency: 'education' }, { name: 'B', agency: 'education' }] }));
      expect(oneAgency).toMatchObject({ type: 'StepRuleViolation', details: ['body.attendees'] });
      const terse = await refuse(decision({ rationale: 'EH.' }));
      expect(terse).toMatchObject({ type: 'StepRuleViolation', details: ['body.rationale'] });
      const absent = await refuse(decision({ proposedBy: 'health' }));
      expect(absent).toMatchObject({ type: 'StepRuleViolation', details: ['body.proposedBy'] });
      // The threshold document: level 4 (significant harm) never ends in no further action.
      const contradicts = await refuse(decision({ levelOfNeed: 4, outcome: 'no_further_action', leadAgency: undefined }));
      expect(contradicts).toMatchObject({ type: 'StepRuleViolation', details: ['body.outcome'] });
      expect((await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: decision() }] })).stage).toBe('awaiting_authorisation');
      await terminateWhenIdle(handle);
    }));
});

describe('escalations are not early', () => {
  it('the statutory backstop and the allocation deadline: nothing one minute before, escalated one minute after', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification((n) => {
        n.riskGrading = 'standard';
        delete n.dash;
      }));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await sleepUntil(Date.parse(s.statutoryDueAt!) - MINUTE);
      expect((await untilStatus(handle, () => true)).statutoryDeadlineMissed).toBeUndefined();
      await h.env.sleep(2 * MINUTE);
      await untilStatus(handle, (s) => s.statutoryDeadlineMissed === true);

      await decide(handle, decision());
      const allocated = await untilStatus(handle, (s) => s.allocations[0]?.dueAt !== undefined);
      await sleepUntil(Date.parse(allocated.allocations[0].dueAt!) - MINUTE);
      expect((await untilStatus(handle, () => true)).allocations[0].escalated).toBe(false);
      await h.env.sleep(2 * MINUTE);
      await untilStatus(handle, (s) => s.allocations[0].escalated);
      await terminateWhenIdle(handle);
    }));
});
