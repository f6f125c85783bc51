// Decisions a panel can stand behind, on the time-skipping server with the real
// activities: MARAC on the recognised criteria (DASH high, or 14 or more ticks; escalation:
// 3 or more domestic abuse incidents in 12 months, counted at intake), checked
// again when a manager authorises after a police update raised the risk; statutory
// outcomes led by children's social care; the family's consent to early help; one person counts for one agency; the s47
// strategy discussion with social care and police, after authorisation, its outcome and
// the initial child protection conference's deadline.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlyHelpConsentProblem, jointDecisionProblems, maracEscalation, maracReferralRequired, maracRequirement, statutoryLeadProblem, stepDownProblem, stepsDown } from '../../shared/case/rules.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { strategyDiscussionSchema, type StrategyDiscussionInput } from '../../shared/schemas/steps.js';
import { addWorkingDays } from '../../shared/working-time.js';
import type { contactWorkflow } from '../../workflows/contact.js';
import {
  authoriseDecisionUpdate, receiveNotificationUpdate, recordConferenceUpdate, recordDecisionUpdate, recordStrategyDiscussionUpdate, respondToAllocationUpdate,
} from '../../workflows/messages.js';
import { freshNotification } from '../support/fixtures.js';
import { actors, panelDecision, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await workflowHarness('decision-rules');
});
afterAll(async () => h?.teardown());

const police = { id: 'police-HUM', name: 'Humberside Police', role: 'police_system', agency: 'police' };
const marac = { kind: 'refer_to_marac', agency: 'domestic_abuse_services' } as const;

async function rejection(p: Promise<unknown>) {
  const err = await p.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; details?: unknown[]; message: string };
}

describe('MARAC criteria', () => {
  const da = (dash: { riskLevel: 'standard' | 'medium' | 'high'; score?: number }, type = 'domestic_abuse') =>
    maracReferralRequired({ incident: { type } as never, dash });

  it('are DASH high, or visible high risk (14 or more ticks) whatever the level; domestic abuse only', () => {
    expect(da({ riskLevel: 'high' })).toBe(true);
    expect(da({ riskLevel: 'standard', score: 14 })).toBe(true);
    expect(da({ riskLevel: 'medium', score: 13 })).toBe(false);
    expect(da({ riskLevel: 'medium' })).toBe(false);
    expect(da({ riskLevel: 'high', score: 20 }, 'missing_child')).toBe(false);
  });

  it('include escalation: a domestic abuse contact that makes 3 or more in 12 months with those before it (the council may set the number)', () => {
    expect(maracEscalation('domestic_abuse', 1, 3)).toBeUndefined();
    expect(maracEscalation('domestic_abuse', 2, 3)).toBe(3);
    expect(maracEscalation('domestic_abuse', 5, 3)).toBe(6);
    expect(maracEscalation('missing_child', 5, 3)).toBeUndefined();
    expect(maracEscalation('domestic_abuse', 9, 0)).toBeUndefined();
    expect(maracRequirement({})).toBeUndefined();
    expect(maracRequirement({ maracEscalation: 3 })).toMatch(/^domestic abuse escalation \(3 domestic abuse incidents/);
    expect(maracRequirement({ maracReferralRequired: true })).toMatch(/^high-risk domestic abuse/);
    expect(maracRequirement({ maracReferralRequired: true, maracEscalation: 4 })).toMatch(/DASH high.*so does escalation \(4/);
  });

  it('refuse a decision without the MARAC referral on 14 ticks graded standard', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification((n) => (n.dash = { riskLevel: 'standard', score: 15 })));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.maracReferralRequired).toBe(true);
      const refused = await rejection(handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] }));
      expect(refused.type).toBe('StepRuleViolation');
      expect(JSON.stringify(refused.details)).toContain('body.partnerActions');
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision({ partnerActions: [marac] }) }] });
      await handle.terminate('test finished');
    }));

  it('are checked again at authorisation: a police update raised the risk after the decision, so it can only be returned', () =>
    h.withWorker(async () => {
      const first = freshNotification((n) => (n.children[0].givenName = `Ava${Date.now()}`));
      const handle: WorkflowHandle<typeof contactWorkflow> = await h.startContact(first);
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] });

      const raised = structuredClone(first);
      raised.sentAt = '2026-11-20T11:00:00Z';
      raised.dash = { riskLevel: 'high', score: 16 };
      const receivedAt = new Date(await h.env.currentTimeMs()).toISOString();
      await handle.executeUpdate(receiveNotificationUpdate, { args: [{ actor: police, receivedAt, notification: policeNotificationSchema.parse(raised) }] });
      expect((await untilStatus(handle, (s) => s.maracReferralRequired === true)).stage).toBe('awaiting_authorisation');

      const refused = await rejection(handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] }));
      expect(refused.type).toBe('StepRuleViolation');
      expect(JSON.stringify(refused.details)).toContain('body.action');
      const returned = await handle.executeUpdate(authoriseDecisionUpdate, {
        args: [{ actor: actors.manager, authorisation: { action: 'return', comments: 'Risk raised by the police: add the MARAC referral.' } }],
      });
      expect(returned.stage).toBe('awaiting_decision');
      await handle.terminate('test finished');
    }));
});

describe("the family's consent to early help", () => {
  const decision = { levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' } as const;
  it('is needed when an outcome, the family\'s or a child\'s, is early help', () => {
    expect(earlyHelpConsentProblem(decision)).toEqual({ path: 'earlyHelpConsent', message: expect.stringMatching(/consensual/) });
    expect(earlyHelpConsentProblem({ ...decision, earlyHelpConsent: { status: 'refused' } })).toBeUndefined();
    const s47 = { levelOfNeed: 4, outcome: 'strategy_discussion_s47' } as const;
    expect(earlyHelpConsentProblem(s47)).toBeUndefined();
    expect(earlyHelpConsentProblem({ ...s47, children: [{ personId: 'teen', levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' }] })?.path).toBe('earlyHelpConsent');
  });
  it('is needed for targeted family support too (early help at level 3), for the family or a child', () => {
    const targeted = { levelOfNeed: 3, outcome: 'targeted_family_support' } as const;
    expect(earlyHelpConsentProblem(targeted)?.path).toBe('earlyHelpConsent');
    expect(earlyHelpConsentProblem({ ...targeted, earlyHelpConsent: { status: 'given', by: 'Mother' } })).toBeUndefined();
    const s17 = { levelOfNeed: 4, outcome: 'social_care_assessment_s17' } as const;
    expect(earlyHelpConsentProblem({ ...s17, children: [{ personId: 'teen', levelOfNeed: 3, outcome: 'targeted_family_support' }] })?.path).toBe('earlyHelpConsent');
  });
});

describe('statutory outcomes', () => {
  it('are led by children\'s social care: s17, s47 and already open refuse another lead agency', () => {
    for (const outcome of ['social_care_assessment_s17', 'strategy_discussion_s47', 'already_open_pass_to_allocated_worker'] as const) {
      expect(statutoryLeadProblem({ outcome, leadAgency: 'education' })).toMatchObject({ path: 'leadAgency' });
      expect(statutoryLeadProblem({ outcome, leadAgency: 'childrens_social_care' })).toBeUndefined();
      expect(statutoryLeadProblem({ outcome, leadAgency: undefined })).toBeUndefined();
    }
    expect(statutoryLeadProblem({ outcome: 'early_help', leadAgency: 'education' })).toBeUndefined();
  });

  it('refuse an s17 decision naming education to lead, with the field', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const s17 = panelDecision({ outcome: 'social_care_assessment_s17', levelOfNeed: 4, leadAgency: 'education' });
      const refused = await rejection(handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: s17 }] }));
      expect(refused.type).toBe('StepRuleViolation');
      expect(JSON.stringify(refused.details)).toContain('body.leadAgency');
      await handle.terminate('test finished');
    }));
});

describe('attendees', () => {
  it('count one person for one agency: the same name (however typed) for a second agency is refused at that attendee', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const twice = panelDecision({
        attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'test  panel chair', agency: 'education' }],
      });
      const refused = await rejection(handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: twice }] }));
      expect(refused).toMatchObject({ type: 'StepRuleViolation', details: ['body.attendees.1.agency'] });
      expect(jointDecisionProblems(twice, { minAttendingAgencies: 1, minRationaleLength: 1 })).toHaveLength(1);
      // The same person twice for one agency is one line, not a refusal.
      expect(jointDecisionProblems(panelDecision({ attendees: [...panelDecision().attendees, { name: 'Test DSL', agency: 'education' }] }), { minAttendingAgencies: 2, minRationaleLength: 1 })).toEqual([]);
      await handle.terminate('test finished');
    }));
});

describe('the strategy discussion (s47)', () => {
  const s47 = panelDecision({ outcome: 'strategy_discussion_s47', levelOfNeed: 4, leadAgency: undefined, proposedBy: 'childrens_social_care' });
  const iso = (ms: number) => new Date(ms).toISOString();

  it('includes social care and the police, is held after the decision to hold one, and records its outcome and the conference deadline (15 working days)', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: s47 }] });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'accept', leadProfessional: { name: 'Test SW' } } }] });
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_strategy_discussion');
      const authorisedAt = Date.parse(s.decisions[0].authorisedAt!);
      // Held now, the minute of the authorisation or later (no sleep: this file's server is shared).
      const now = Math.max(await h.env.currentTimeMs(), authorisedAt);
      const record = (discussion: StrategyDiscussionInput) => handle.executeUpdate(recordStrategyDiscussionUpdate, { args: [{ actor: actors.socialCare, discussion }] });
      const base: StrategyDiscussionInput = { heldAt: iso(now), agencies: ['childrens_social_care', 'police', 'health'], outcome: 's47_enquiry' };

      expect(await rejection(record({ ...base, agencies: ['childrens_social_care', 'health'] }))).toMatchObject({ type: 'StepRuleViolation', details: ['body.agencies'] });
      // Held before the decision to hold one was authorised (a date typed wrong, the year 2000): refused.
      expect(await rejection(record({ ...base, heldAt: iso(authorisedAt - 3600_000) }))).toMatchObject({ type: 'StepRuleViolation', details: ['body.heldAt'] });
      expect(await rejection(record({ ...base, heldAt: '2000-01-01T10:00:00Z' }))).toMatchObject({ type: 'StepRuleViolation', details: ['body.heldAt'] });
      const conferenceDueAt = addWorkingDays(Date.parse(base.heldAt), 15, h.policy.calendar).toISOString();
      const tooLate = await rejection(record({ ...base, conferenceAt: iso(Date.parse(conferenceDueAt) + 24 * 3600_000) }));
      expect(tooLate).toMatchObject({ type: 'StepRuleViolation', details: ['body.conferenceAt'] });
      expect((await untilStatus(handle, () => true)).strategyDiscussion).toBeUndefined();

      const conferenceAt = iso(Date.parse(conferenceDueAt) - 24 * 3600_000);
      await record({ ...base, conferenceAt });
      // Changed with issue 20: an s47 enquiry then waits for the conference to be recorded; the case closes after it.
      const waiting = await untilStatus(handle, (s) => s.stage === 'awaiting_conference');
      expect(waiting.strategyDiscussion).toMatchObject({ heldAt: base.heldAt, outcome: 's47_enquiry', conferenceDueAt, conferenceAt });
      await handle.executeUpdate(recordConferenceUpdate, { args: [{ actor: actors.socialCare, conference: { heldAt: base.heldAt, outcome: 'child_protection_plan' } }] });
      const done = await handle.result();
      expect(done).toMatchObject({ stage: 'closed', conference: { heldAt: base.heldAt, late: false, dueAt: conferenceDueAt } });
      const [event] = await h.models.Timeline.find({ caseId: s.caseId, type: 'strategy_discussion_recorded' }).lean();
      expect(event.details).toMatchObject({ outcome: 's47_enquiry', conferenceDueAt, conferenceAt });
    }));

  it('has no conference without an s47 enquiry, and names social care and police (the request schema)', () => {
    const heldAt = '2026-12-01T10:00:00Z';
    expect(strategyDiscussionSchema.safeParse({ heldAt, agencies: ['childrens_social_care', 'police'], outcome: 'no_s47_enquiry' }).success).toBe(true);
    const paths = (body: unknown) => strategyDiscussionSchema.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ heldAt, agencies: ['childrens_social_care', 'police'], outcome: 'no_s47_enquiry', conferenceAt: heldAt })).toEqual(['conferenceAt']);
    expect(paths({ heldAt, agencies: ['housing', 'education'], outcome: 's47_enquiry' })).toEqual(['agencies']);
    expect(paths({ heldAt, agencies: ['childrens_social_care', 'police'] })).toEqual(['outcome']);
  });
});

describe('amendments', () => {
  it('record who decided them; a step down from s47 or s17 is the panel\'s, not one manager\'s', () => {
    expect(stepsDown('strategy_discussion_s47', 'no_further_action')).toBe(true);
    expect(stepsDown('strategy_discussion_s47', 'social_care_assessment_s17')).toBe(true);
    expect(stepsDown('social_care_assessment_s17', 'early_help')).toBe(true);
    expect(stepsDown('social_care_assessment_s17', 'strategy_discussion_s47')).toBe(false);
    expect(stepsDown('social_care_assessment_s17', 'already_open_pass_to_allocated_worker')).toBe(false);
    expect(stepsDown('early_help', 'no_further_action')).toBe(false);
    const nfa = { outcome: 'no_further_action' } as const;
    expect(stepDownProblem('strategy_discussion_s47', { decidedBy: 'manager', decision: nfa })).toMatchObject({ path: 'decidedBy' });
    expect(stepDownProblem('strategy_discussion_s47', { decidedBy: 'panel', decision: nfa })).toBeUndefined();
  });
});
