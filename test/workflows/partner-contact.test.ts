// The partner contact workflow on the time-skipping server: a referral form or a call has no
// police grading, so the front door rates it within INITIAL_RATING_WORKING_MINUTES of
// working time or managers are told; once rated, it is triaged, decided, authorised and
// allocated as a police notification is, and a professional referrer's agency is told the
// outcome (outbox, webhook); an anonymous caller is not.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStatus } from '../../shared/case/schema.js';
import type { Agency } from '../../shared/codes.js';
import { caseIdForReferral, workflowIdFor } from '../../shared/ids.js';
import { referralFormSchema } from '../../shared/schemas/referral.js';
import { addWorkingMinutes } from '../../shared/working-time.js';
import type { partnerContactWorkflow } from '../../workflows/partner-contact.js';
import {
  authoriseDecisionUpdate,
  rateContactUpdate,
  recordDecisionUpdate,
  respondToAllocationUpdate,
} from '../../workflows/messages.js';
import { anonymousCall, schoolReferral } from '../support/referrals.js';
import { eventually } from '../support/stack.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
let webhook: Server;
const webhookCalls: { body: any; key: string | undefined; path: string | undefined }[] = [];

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      webhookCalls.push({ body: JSON.parse(data), key: req.headers['idempotency-key'] as string | undefined, path: req.url });
      // Health's system refuses every outcome (a misconfigured endpoint).
      res.writeHead(req.url?.endsWith('/refuses') ? 404 : 200).end();
    });
  });
  await new Promise<void>((ok) => webhook.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(webhook.address() as { port: number }).port}/outcomes`;
  // Education has a webhook for its referrers' outcomes, and health one that refuses them;
  // a local rule of 90 minutes to rate; a refusing system asked again for two hours.
  h = await workflowHarness('partner', {
    referrerWebhooks: { education: url, health: `${url}/refuses` },
    initialRatingWorkingMinutes: 90,
    policeFeedbackRejectedRetryHours: 2,
  });
});
afterAll(async () => {
  await h?.teardown();
  webhook?.close();
});

type Handle = WorkflowHandle<typeof partnerContactWorkflow>;

async function startPartnerContact(raw: unknown, referrerAgency?: Agency): Promise<Handle> {
  const form = referralFormSchema.parse(raw);
  const caseId = caseIdForReferral(actors.manager.id, { idempotencyKey: randomUUID() });
  const receivedAt = new Date(await h.env.currentTimeMs()).toISOString();
  return h.env.client.workflow.start<typeof partnerContactWorkflow>('partnerContactWorkflow', {
    workflowId: workflowIdFor(caseId),
    taskQueue: h.taskQueue,
    args: [{ caseId, receivedAt, form, referrerAgency, submittedBy: actors.manager }],
  });
}

const msUntil = async (iso: string) => Date.parse(iso) - (await h.env.currentTimeMs());

async function expectRejected(p: Promise<unknown>, type: string) {
  const err = await p.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type });
}

const rate = (handle: Handle, rating: 'red' | 'amber' | 'green', reason = 'Front door officer read the form and checked records.') =>
  handle.executeUpdate(rateContactUpdate, { args: [{ actor: actors.manager, rating: { rating, reason } }] });

describe('partner contact workflow', () => {
  it("escalates a school's referral not rated in time, once; rated late, it is triaged with the police deadlines from receipt, and the school hears the outcome", () =>
    h.withWorker(async () => {
      const handle = await startPartnerContact(schoolReferral(), 'education');
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_rating');
      expect(s).toMatchObject({ source: '2A', incidentType: 'neglect_or_welfare_concern', referrerFeedback: { status: 'not_due' } });
      expect(s.rating).toBeUndefined();
      expect(s.ratingDueAt).toBe(addWorkingMinutes(new Date(s.receivedAt), 90, h.policy.calendar).toISOString());
      // Nothing to decide before the contact is rated.
      await expectRejected(handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] }), 'StepOutOfOrder');

      // One minute before the rating is due: nothing yet; one minute after: managers told, once.
      await h.env.sleep((await msUntil(s.ratingDueAt!)) - 60_000);
      expect((await untilStatus(handle, () => true)).escalations).toEqual([]);
      await h.env.sleep(2 * 60_000);
      const overdue = await untilStatus(handle, (s) => s.escalations.length > 0);
      expect(overdue.escalations).toEqual([expect.objectContaining({ kind: 'initial_rating_overdue', dueAt: s.ratingDueAt })]);
      expect(overdue.stage).toBe('awaiting_rating');
      await h.env.sleep(60 * 60_000);
      expect((await untilStatus(handle, () => true)).escalations).toHaveLength(1);
      await eventually(async () => (await h.models.Timeline.countDocuments({ caseId: s.caseId, type: 'escalated' })) === 1, 10_000, 'escalation recorded');

      // Rated amber: the decision is due one working day from receipt, as for a police notification.
      expect((await rate(handle, 'amber')).stage).toBe('awaiting_decision');
      await expectRejected(rate(handle, 'red'), 'StepOutOfOrder');
      const rated = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(rated.decisionDueAt).toBe(addWorkingMinutes(new Date(s.receivedAt), h.policy.decisionWorkingMinutes.amber, h.policy.calendar).toISOString());
      expect(rated.ratingHistory).toEqual([expect.objectContaining({ rating: 'amber', by: actors.manager })]);
      // Its meeting starts before the decision deadline; rated too late for any meeting, it is triaged at once.
      expect(Date.parse(rated.meeting!.startsAt)).toBeLessThanOrEqual(Date.parse(rated.decisionDueAt!));
      if (rated.meeting!.immediate) expect(rated.meeting!.startsAt).toBe(addWorkingMinutes(Date.parse(rated.ratingHistory[0].at), 0, h.policy.calendar).toISOString());
      expect(rated.partnerInformation.map((r) => r.agency)).toEqual(h.policy.partnersByIncidentType.neglect_or_welfare_concern ?? h.policy.partnersByIncidentType.default);
      const contact = await eventually(async () => {
        const c = await h.models.Contact.findById(s.caseId).lean();
        return c?.stage === 'awaiting_decision' && c;
      }, 10_000, 'rating projected');
      expect(contact).toMatchObject({ source: '2A', kind: 'request_for_service', rating: 'amber', meetingDate: rated.meeting!.date });

      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      await handle.executeUpdate(respondToAllocationUpdate, {
        args: [{ actor: actors.school, response: { response: 'accept', leadProfessional: { name: 'Test DSL' } } }],
      });
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', outcome: 'early_help', policeFeedback: { status: 'not_due' } });
      expect(done.referrerFeedback).toEqual({ status: 'in_outbox', decisionVersion: 1, webhook: 'delivered' });
      // The state the workflow kept is what its schema says a case is: nothing missing, nothing more.
      expect(CaseStatus.strict().parse(done)).toEqual(done);

      const entries = await h.models.OutboxEntry.find({ caseId: s.caseId }).lean();
      expect(entries).toEqual([expect.objectContaining({ _id: `${s.caseId}:v1`, agency: 'education', outcome: 'early_help', leadAgency: 'education', levelOfNeed: 2 })]);
      const call = webhookCalls.find((c) => c.body.caseId === s.caseId)!;
      expect(call.key).toBe(`${s.caseId}:v1`);
      expect(call.body).toMatchObject({ outcome: 'early_help', agency: 'education', referrerReference: expect.stringMatching(/^MARF-/) });
      expect(call.body.rationale).toBeUndefined();
      expect(await h.models.Audit.countDocuments({ caseId: s.caseId, action: 'disclosure.referrer_outcome' })).toBe(2);
      await recordHistory(handle, 'school-rated-late-early-help');
    }));

  it("takes an anonymous call to closure with nothing told back, and counts it in the child's history", () =>
    h.withWorker(async () => {
      const call = anonymousCall();
      const first = await startPartnerContact(call);
      const s = await untilStatus(first, (s) => s.stage === 'awaiting_rating');
      expect(s.referrerFeedback).toEqual({ status: 'none' });

      // A second call about the same child, ten minutes later, is a re-contact, whatever its source.
      await h.env.sleep(10 * 60_000);
      const second = await startPartnerContact(anonymousCall((f) => (f.children = call.children)));
      const again = await untilStatus(second, (s) => s.stage === 'awaiting_rating');
      expect(again).toMatchObject({ recontact: true, earlierContactIds: [s.caseId] });
      // Ended once no activity is in flight: the time-skipping server holds its clock for one
      // cut off by termination, and the next test's sleeps would wait for ever.
      await eventually(async () => ((await second.describe()).raw.pendingActivities ?? []).length === 0, 30_000, 'no activity in flight');
      await second.terminate('test finished');

      // Rated red: triaged at once, decided, closed with no further action.
      await rate(first, 'red');
      const red = await untilStatus(first, (s) => s.stage === 'awaiting_decision');
      expect(red.meeting?.immediate).toBe(true);
      await first.executeUpdate(recordDecisionUpdate, {
        args: [{ actor: actors.panel, decision: panelDecision({ outcome: 'no_further_action', leadAgency: undefined, levelOfNeed: 1, rationale: 'Welfare check found the child cared for; no role for a service at present.' }) }],
      });
      await first.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      const done = await first.result();
      expect(done).toMatchObject({ stage: 'closed', outcome: 'no_further_action', source: '9', referrerFeedback: { status: 'none' }, escalations: [] });
      expect(await h.models.OutboxEntry.countDocuments({ caseId: s.caseId })).toBe(0);
      const form = await h.models.ReferralForm.findById(s.caseId).lean();
      expect(form?.payload.referrer).toBeUndefined();
      await recordHistory(first, 'anonymous-red-nfa');
    }));

  it("gives up on a referrer's agency whose system refuses the outcome by the force's rule (asked again for the configured time, not longer); the outbox still has it", () =>
    h.withWorker(async () => {
      const handle = await startPartnerContact(schoolReferral(), 'health');
      const { caseId } = await untilStatus(handle, (s) => s.stage === 'awaiting_rating');
      await rate(handle, 'red');
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await handle.executeUpdate(recordDecisionUpdate, {
        args: [{ actor: actors.panel, decision: panelDecision({ outcome: 'no_further_action', leadAgency: undefined, levelOfNeed: 1, rationale: 'The school has already met the family; no role for a service at present.' }) }],
      });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      const refusals = () => webhookCalls.filter((c) => c.body.caseId === caseId);
      await eventually(async () => refusals().length >= 1, 10_000, 'first delivery attempt');
      // Refused, asked again every half hour: still trying after 100 minutes, the outcome in the outbox.
      await h.env.sleep(100 * 60_000);
      expect(await untilStatus(handle, () => true)).toMatchObject({ stage: 'closing', referrerFeedback: { status: 'in_outbox', decisionVersion: 1 } });
      await h.env.sleep(30 * 60_000);
      const done = await handle.result();
      expect(done.referrerFeedback).toEqual({ status: 'in_outbox', decisionVersion: 1, webhook: 'failed' });
      // Tried at 0, 30, 60, 90 and 120 minutes, then given up; the managers are not asked to step in.
      expect(refusals()).toHaveLength(5);
      expect(refusals()[0]).toMatchObject({ path: '/outcomes/refuses', key: `${caseId}:v1`, body: { agency: 'health', outcome: 'no_further_action' } });
      expect(done.escalations).toEqual([]);
      expect(await h.models.OutboxEntry.countDocuments({ caseId, agency: 'health' })).toBe(1);
      expect(await h.models.Timeline.countDocuments({ caseId, type: 'referrer_webhook_failed' })).toBe(1);
      // Only the outbox was disclosed.
      expect(await h.models.Audit.countDocuments({ caseId, action: 'disclosure.referrer_outcome' })).toBe(1);
      await recordHistory(handle, 'referrer-webhook-refused');
    }));
});
