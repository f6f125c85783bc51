// Decisions a panel can stand behind, on the time-skipping server with the real
// activities: MARAC on the recognised criteria (DASH high, or 14 or more ticks), checked
// again when a manager authorises after a police update raised the risk; statutory
// outcomes led by children's social care.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maracReferralRequired, statutoryLeadProblem } from '../../shared/case/rules.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import type { contactWorkflow } from '../../workflows/contact.js';
import { authoriseDecisionUpdate, receiveNotificationUpdate, recordDecisionUpdate } from '../../workflows/messages.js';
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
