// Every path and timer of the contact workflow, on the time-skipping server: hours and
// days of working time pass in moments, and each deadline lands exactly.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { contactWorkflow } from '../../workflows/contact.js';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStatus } from '../../shared/case/schema.js';
import type { DecisionInput } from '../../shared/schemas/steps.js';
import {
  amendDecisionUpdate,
  authoriseDecisionUpdate,
  changeRatingUpdate,
  markDuplicateUpdate,
  notificationResentSignal,
  recordConferenceUpdate,
  recordDecisionUpdate,
  recordStrategyDiscussionUpdate,
  respondToAllocationUpdate,
  submitPartnerInformationUpdate,
} from '../../workflows/messages.js';
import { partnerContributions } from '../../api/queries/cases.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
let webhook: Server;
let webhookUrl: string;
const webhookCalls: { body: any; key: string | undefined; answered: number }[] = [];
let webhookFailuresLeft = 0;

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const answered = webhookFailuresLeft > 0 ? 503 : 200;
      if (webhookFailuresLeft > 0) webhookFailuresLeft -= 1;
      webhookCalls.push({ body: JSON.parse(data), key: req.headers['idempotency-key'] as string | undefined, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((ok) => webhook.listen(0, '127.0.0.1', ok));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as { port: number }).port}/outcomes`;
  // Force WYP has a webhook; HUM has none configured.
  // A local rule of 12 hours for strategy discussions, to see the configured value used.
  h = await workflowHarness('contact', { policeWebhooks: { WYP: webhookUrl }, strategyDiscussionHours: 12 });
});
afterAll(async () => {
  await h?.teardown();
  webhook?.close();
});

const decision = panelDecision;

/** The panel records a decision and a manager authorises it. */
async function decideAndAuthorise(handle: WorkflowHandle<typeof contactWorkflow>, d: DecisionInput) {
  await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: d }] });
  return handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
}

const msUntil = async (iso: string) => Date.parse(iso) - (await h.env.currentTimeMs());

async function expectRejected(p: Promise<unknown>, type: string) {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type });
}

describe('contact workflow', () => {
  it('escalates a red contact whose decision deadline passes, and keeps it counted as breached', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('red');
      expect(s.meeting?.immediate).toBe(true);

      // One minute before the deadline: nothing yet.
      await h.env.sleep((await msUntil(s.decisionDueAt!)) - 60_000);
      expect((await untilStatus(handle, () => true)).breached).toBe(false);

      await h.env.sleep(2 * 60_000);
      const breached = await untilStatus(handle, (s) => s.breached);
      expect(breached.escalations).toEqual([expect.objectContaining({ kind: 'decision_deadline_breached', dueAt: s.decisionDueAt })]);
      await eventually(async () => (await h.models.Contact.findById(s.caseId).lean())?.breached === true, 10_000, 'breach projected');
      expect(await h.models.Timeline.countDocuments({ caseId: s.caseId, type: 'escalated' })).toBe(1);

      // A decision after the breach does not clear it.
      await decideAndAuthorise(handle, decision({ outcome: 'no_further_action', leadAgency: undefined, levelOfNeed: 1 }));
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', outcome: 'no_further_action', breached: true });
      expect(done.allocations).toEqual([]);
      await recordHistory(handle, 'red-breach-nfa');
    }));

  it('closes a duplicate at once as "duplicate of" the other, watching none of its deadlines; one decided before is not a duplicate', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const duplicate = { duplicateOf: 'C-0123456789ABCDEF0123', reason: 'The same incident, sent twice.' };
      await expectRejected(handle.executeUpdate(markDuplicateUpdate, { args: [{ actor: actors.manager, duplicate: { ...duplicate, duplicateOf: s.caseId } }] }), 'StepRuleViolation');
      expect(await handle.executeUpdate(markDuplicateUpdate, { args: [{ actor: actors.manager, duplicate }] })).toMatchObject({ stage: 'closing' });
      // Closed without waiting for a deadline: the red one's four working hours are never breached.
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', breached: false, escalations: [], duplicateOf: { caseId: duplicate.duplicateOf, reason: duplicate.reason } });
      expect(done.statutoryDeadlineMissed ?? false).toBe(false);
      expect(done.decisions).toEqual([]);
      // The force still hears an outcome: that it was a duplicate (version 0, no decision of its own).
      expect(done.policeFeedback).toMatchObject({ decisionVersion: 0 });
      expect(['delivered', 'no_webhook_configured']).toContain(done.policeFeedback.status);
      await eventually(async () => (await h.models.Timeline.countDocuments({ caseId: s.caseId, type: 'marked_duplicate' })) === 1, 10_000, 'recorded');
      await recordHistory(handle, 'marked-duplicate');

      // A case awaiting authorisation is returned first: not a duplicate then.
      const decided = await h.startContact(freshNotification());
      await untilStatus(decided, (s) => s.stage === 'awaiting_decision');
      await decided.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: decision() }] });
      await expectRejected(decided.executeUpdate(markDuplicateUpdate, { args: [{ actor: actors.manager, duplicate }] }), 'StepOutOfOrder');
      await decided.terminate('test finished');
    }));

  it('records a missed statutory backstop (one working day) on a green contact before its RAG deadline', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification((n) => {
        n.riskGrading = 'standard';
        delete n.dash;
      }));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('green');
      expect(Date.parse(s.statutoryDueAt!)).toBeLessThan(Date.parse(s.decisionDueAt!));
      await h.env.sleep((await msUntil(s.statutoryDueAt!)) + 60_000);
      const missed = await untilStatus(handle, (s) => s.statutoryDeadlineMissed === true);
      // Recorded for the figures; the green RAG deadline has not passed, so no escalation.
      expect(missed.breached).toBe(false);
      expect(missed.escalations).toEqual([]);
      await eventually(async () => (await h.models.Timeline.countDocuments({ caseId: s.caseId, type: 'statutory_deadline_missed' })) === 1, 10_000, 'recorded');
      await handle.terminate('test finished');
    }));

  it('returns a decision to the panel without moving the deadline', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      // Authorising before any decision is out of order.
      await expectRejected(
        handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] }),
        'StepOutOfOrder',
      );
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: decision() }] });
      const returned = await handle.executeUpdate(authoriseDecisionUpdate, {
        args: [{ actor: actors.manager, authorisation: { action: 'return', comments: 'Consider DA services as lead.' } }],
      });
      expect(returned.stage).toBe('awaiting_decision');
      const after = await untilStatus(handle, () => true);
      expect(after.decisionDueAt).toBe(s.decisionDueAt);
      expect(after.decisions[0]).toMatchObject({ status: 'returned', managerComments: 'Consider DA services as lead.' });

      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: decision({ leadAgency: 'domestic_abuse_services' }) }] });
      const authorised = await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      expect(authorised.stage).toBe('awaiting_allocation');
      await handle.executeUpdate(respondToAllocationUpdate, {
        args: [{ actor: { ...actors.school, agency: 'domestic_abuse_services' }, response: { response: 'accept', leadProfessional: { name: 'Test DA Worker' } } }],
      });
      const done = await handle.result();
      expect(done.decisions.map((d) => d.status)).toEqual(['returned', 'authorised']);
      expect(done.allocations[0]).toMatchObject({ leadAgency: 'domestic_abuse_services', status: 'accepted' });
      const events = (await h.models.Timeline.find({ caseId: s.caseId }).sort({ seq: 1 }).lean()).map((e) => e.type);
      expect(events).toContain('decision_returned');
      await recordHistory(handle, 'returned-then-authorised');
    }));

  it('sends a declined allocation back to the panel, then allocates elsewhere', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decideAndAuthorise(handle, decision());
      // Only the allocated agency may answer.
      await expectRejected(
        handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'accept', leadProfessional: { name: 'X' } } }] }),
        'StepNotPermitted',
      );
      const declined = await handle.executeUpdate(respondToAllocationUpdate, {
        args: [{ actor: actors.school, response: { response: 'decline', reason: 'Child has left the school roll.' } }],
      });
      expect(declined.stage).toBe('awaiting_decision');
      await decideAndAuthorise(handle, decision({ outcome: 'targeted_family_support', leadAgency: undefined, levelOfNeed: 3 }));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
      // Targeted family support defaults to early help as lead.
      expect(s.allocations.map((a) => [a.leadAgency, a.status])).toEqual([
        ['education', 'declined'],
        ['early_help', 'requested'],
      ]);
      await handle.executeUpdate(respondToAllocationUpdate, {
        args: [{ actor: { ...actors.school, agency: 'early_help' }, response: { response: 'accept', leadProfessional: { name: 'Test Family Worker' } } }],
      });
      const done = await handle.result();
      expect(done.outcome).toBe('targeted_family_support');
      await recordHistory(handle, 'allocation-declined');
    }));

  it('escalates an allocation not accepted in time', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decideAndAuthorise(handle, decision());
      const s = await untilStatus(handle, (s) => s.allocations[0]?.dueAt !== undefined);
      await h.env.sleep((await msUntil(s.allocations[0].dueAt!)) + 60_000);
      const late = await untilStatus(handle, (s) => s.allocations[0].escalated);
      expect(late.escalations.map((e) => e.kind)).toContain('allocation_not_accepted');
      expect(late.stage).toBe('awaiting_allocation');
      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.school, response: { response: 'accept', leadProfessional: { name: 'Test DSL' } } }] });
      expect((await handle.result()).stage).toBe('closed');
      await recordHistory(handle, 'allocation-late');
    }));

  it('retries police feedback while the force webhook is down, and records the delivery', () =>
    h.withWorker(async () => {
      webhookFailuresLeft = 3;
      webhookCalls.length = 0;
      const handle = await h.startContact(freshNotification((n) => (n.force = { code: 'WYP', name: 'West Yorkshire Police' })));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await handle.executeUpdate(recordDecisionUpdate, {
        args: [{ actor: actors.panel, decision: decision({ outcome: 'information_and_signposting', leadAgency: undefined, levelOfNeed: 1 }) }],
      });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      // The case cannot close until the force has its outcome.
      await eventually(async () => webhookCalls.length >= 1, 10_000, 'first delivery attempt');
      expect((await untilStatus(handle, () => true)).stage).toBe('closing');
      await h.env.sleep('2 hours');
      const done = await handle.result();
      expect(done.policeFeedback).toMatchObject({ status: 'delivered', decisionVersion: 1 });
      expect(webhookCalls.map((c) => c.answered)).toEqual([503, 503, 503, 200]);
      expect(webhookCalls[3].key).toBe(`${s.caseId}:v1`);
      expect(webhookCalls[3].body).toMatchObject({ caseId: s.caseId, force: 'WYP', outcome: 'information_and_signposting' });
      // The force is sent what its police view shows (POLICE_VIEW_FIELDS: no level of need by default).
      expect(webhookCalls[3].body).not.toHaveProperty('levelOfNeed');
      // Nothing partners shared goes to the police.
      expect(Object.keys(webhookCalls[3].body).sort()).toEqual(['caseId', 'decidedAt', 'force', 'outcome', 'policeReference', 'version']);
      const delivery = await h.models.PoliceFeedback.findById(`${s.caseId}:v1`).lean();
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, httpStatus: 200 });
      await recordHistory(handle, 'police-webhook-retry');
    }));

  it('watches its three deadlines with one timer at a time: each passes once, and a decision then closes the case', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const deadlines = [s.decisionDueAt!, s.statutoryDueAt!, ...s.partnerInformation.map((r) => r.dueAt)].sort();
      const timersStarted = async () =>
        ((await handle.fetchHistory()).events ?? []).filter((e) => e.timerStartedEventAttributes).length;
      // Intake leaves one timer running, for the first deadline, where there were three.
      expect(await timersStarted()).toBe(1);

      // Past the last of them: the breach, the missed backstop and the missing partners, once each.
      await h.env.sleep((await msUntil(deadlines.at(-1)!)) + 60_000);
      const passed = await untilStatus(handle, (s) => s.breached && s.statutoryDeadlineMissed === true && s.partnerInformation.every((r) => r.status === 'missing'));
      expect(passed.escalations.map((e) => e.kind)).toEqual(['decision_deadline_breached']);
      const recorded = async () =>
        (await h.models.Timeline.find({ caseId: s.caseId, type: { $in: ['escalated', 'statutory_deadline_missed', 'partner_information_missing'] } }).lean()).map((e) => e.type).sort();
      await eventually(async () => (await recorded()).length === 3, 10_000, 'deadline events recorded');
      expect(await recorded()).toEqual(['escalated', 'partner_information_missing', 'statutory_deadline_missed']);

      // Nothing left to watch once decided: the watcher ends, so the case can close.
      await decideAndAuthorise(handle, decision({ outcome: 'no_further_action', leadAgency: undefined, levelOfNeed: 1 }));
      expect(await handle.result()).toMatchObject({ stage: 'closed', breached: true, statutoryDeadlineMissed: true });
    }));

  it('marks partner information missing at the meeting and keeps a late answer', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.partnerInformation.map((r) => r.agency)).toEqual([
        'childrens_social_care', 'early_help', 'health', 'education', 'domestic_abuse_services',
      ]);
      expect(s.partnerInformation.every((r) => r.dueAt === s.meeting!.startsAt)).toBe(true);
      // Another agency's practitioner cannot add health's information.
      await expectRejected(
        handle.executeUpdate(submitPartnerInformationUpdate, { args: [{ actor: actors.health, agency: 'education', information: { currentInvolvement: false, noInformationHeld: true } }] }),
        'StepNotPermitted',
      );
      await handle.executeUpdate(submitPartnerInformationUpdate, {
        args: [{ actor: actors.health, agency: 'health', information: { currentInvolvement: true, involvementSummary: 'Health visitor sees the younger child.', noInformationHeld: false } }],
      });
      await h.env.sleep((await msUntil(s.meeting!.startsAt)) + 60_000);
      const missing = await untilStatus(handle, (s) => s.partnerInformation.some((r) => r.status === 'missing'));
      expect(missing.partnerInformation.filter((r) => r.status === 'missing').map((r) => r.agency)).toEqual([
        'childrens_social_care', 'early_help', 'education', 'domestic_abuse_services',
      ]);
      const school = { ...actors.health, id: 'dsl-1', agency: 'education' };
      await handle.executeUpdate(submitPartnerInformationUpdate, {
        args: [{ actor: school, agency: 'education', information: { currentInvolvement: true, concerns: 'Attendance falling.', noInformationHeld: false } }],
      });
      const after = await untilStatus(handle, () => true);
      expect(after.partnerInformation.find((r) => r.agency === 'education')).toMatchObject({ status: 'received', late: true });
      expect(after.partnerInformation.find((r) => r.agency === 'health')).toMatchObject({ status: 'received', late: false });
      const stored = await h.models.PartnerInformation.find({ caseId: s.caseId }).sort({ submittedAt: 1 }).lean();
      expect(stored.map((p) => [p.agency, p.late])).toEqual([['health', false], ['education', true]]);
      // Each event names where its information is kept, and the case page reads it from there.
      const received = await h.models.Timeline.find({ caseId: s.caseId, type: 'partner_information_received' }).sort({ seq: 1 }).lean();
      expect(received.map((e) => `${s.caseId}:${e.details.agency}:${e.details.informationSeq}`)).toEqual(stored.map((p) => p._id));
      expect((await partnerContributions(h.store, s.caseId, {})).map((p) => p.agency)).toEqual(['health', 'education']);
      await handle.terminate('test finished');
    }));

  it('writes the projection one step at a time, so the contact ends as the newest step left it', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      // Three agencies answer at the same moment: three steps, three projections.
      const practitioner = (agency: string) => ({ ...actors.health, id: `p-${agency}`, agency });
      await Promise.all((['health', 'education', 'early_help'] as const).map((agency) =>
        handle.executeUpdate(submitPartnerInformationUpdate, {
          args: [{ actor: practitioner(agency), agency, information: { currentInvolvement: false, noInformationHeld: true } }],
        })));
      // Never two projection writes in flight at once (FerretDB could land them in either order).
      let inFlight = 0;
      let most = 0;
      const scheduled = new Map<string, boolean>();
      for (const e of (await handle.fetchHistory()).events ?? []) {
        const sch = e.activityTaskScheduledEventAttributes;
        if (sch) {
          const isProjection = sch.activityType?.name === 'recordCaseEvent';
          scheduled.set(String(e.eventId), isProjection);
          if (isProjection) most = Math.max(most, ++inFlight);
        }
        const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
        if (done && scheduled.get(String(done.scheduledEventId))) inFlight -= 1;
      }
      expect(most).toBe(1);
      const after = await untilStatus(handle, (x) => x.partnerInformation.filter((r) => r.status === 'received').length === 3);
      await eventually(async () => {
        const contact = await h.models.Contact.findById(s.caseId).lean();
        return (contact?.status?.partnerInformation ?? []).filter((r: { status: string }) => r.status === 'received').length === 3;
      }, 10_000, 'the contact shows all three answers');
      expect(after.stage).toBe('awaiting_decision');
      await handle.terminate('test finished');
    }));

  it('changes a rating only with a reason, moving the deadline, and records the resend of a notification', () =>
    h.withWorker(async () => {
      const raw = freshNotification();
      const handle = await h.startContact(raw);
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('amber');
      await handle.executeUpdate(changeRatingUpdate, { args: [{ actor: actors.manager, change: { rating: 'red', reason: 'Child disclosed an injury to the school.' } }] });
      const red = await untilStatus(handle, () => true);
      expect(red.rating).toBe('red');
      expect(Date.parse(red.decisionDueAt!)).toBeLessThan(Date.parse(s.decisionDueAt!));
      expect(red.ratingHistory.map((r) => [r.rating, r.reason])).toEqual([
        ['amber', 'initial rating from police risk grading medium'],
        ['red', 'Child disclosed an injury to the school.'],
      ]);
      expect(red.meeting?.immediate).toBe(true);
      await expectRejected(
        handle.executeUpdate(changeRatingUpdate, { args: [{ actor: actors.manager, change: { rating: 'red', reason: 'again' } }] }),
        'StepOutOfOrder',
      );

      // A resend mid-process: recorded against the same case, nothing new started.
      await handle.signal(notificationResentSignal, { receivedAt: new Date(await h.env.currentTimeMs()).toISOString() });
      await eventually(async () => (await h.models.Timeline.countDocuments({ caseId: s.caseId, type: 'notification_resent' })) === 1, 10_000, 'resend recorded');
      expect((await h.models.Notification.findById(s.caseId).lean())?.resends).toHaveLength(1);
      await handle.terminate('test finished');
    }));

  it('amends an authorised decision as a new version, never an overwrite', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await decideAndAuthorise(handle, decision());
      await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
      await handle.executeUpdate(amendDecisionUpdate, {
        args: [{ actor: actors.secondManager, amendment: { reason: 'New police information: s47 threshold met.', decidedBy: 'manager', decision: decision({ outcome: 'strategy_discussion_s47', leadAgency: undefined, levelOfNeed: 4 }) } }],
      });
      const s = await untilStatus(handle, (s) => s.allocations.length === 2);
      expect(s.decisions.map((d) => [d.version, d.status, d.outcome])).toEqual([
        [1, 'superseded', 'early_help'],
        [2, 'authorised', 'strategy_discussion_s47'],
      ]);
      expect(s.decisions[1].amendmentReason).toBe('New police information: s47 threshold met.');
      // The manager who made it is its decision maker (a step up is theirs to make).
      expect(s.decisions[1]).toMatchObject({ decidedBy: 'manager', recordedBy: { id: actors.secondManager.id }, authorisedBy: { id: actors.secondManager.id } });
      expect(s.decisions[1].strategyDiscussionDueAt).toBe(new Date(Date.parse(s.decisions[1].recordedAt) + 12 * 3600_000).toISOString());
      expect(s.allocations.map((a) => [a.leadAgency, a.status])).toEqual([
        ['education', 'withdrawn'],
        ['childrens_social_care', 'requested'],
      ]);
      await eventually(async () => (await h.models.Referral.findById(s.caseId).lean())?.outcome === 'strategy_discussion_s47', 10_000, 'referral');
      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'accept', leadProfessional: { name: 'Test SW' } } }] });
      // s47 stays open until social care records the strategy discussion held.
      await untilStatus(handle, (s) => s.stage === 'awaiting_strategy_discussion');
      await handle.executeUpdate(recordStrategyDiscussionUpdate, {
        args: [{ actor: actors.socialCare, discussion: { heldAt: new Date(await h.env.currentTimeMs()).toISOString(), agencies: ['childrens_social_care', 'police', 'health'], outcome: 's47_enquiry' } }],
      });
      // Changed with issue 20: an s47 enquiry waits for the initial child protection conference, then closes.
      await untilStatus(handle, (s) => s.stage === 'awaiting_conference');
      await handle.executeUpdate(recordConferenceUpdate, {
        args: [{ actor: actors.socialCare, conference: { heldAt: new Date(await h.env.currentTimeMs()).toISOString(), outcome: 'child_protection_plan' } }],
      });
      const done = await handle.result();
      expect(done.outcome).toBe('strategy_discussion_s47');
      // The state the workflow kept is what its schema says a case is: nothing missing, nothing more.
      expect(CaseStatus.strict().parse(done)).toEqual(done);
      await recordHistory(handle, 'amended-to-s47');
    }));
});
