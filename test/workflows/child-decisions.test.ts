// One family, each child: the joint decision names each child's level of need, outcome and
// lead agency (the family's by default), each child's decision keeps the rules, and each
// lead agency is asked to take the children it leads. On the time-skipping server with the
// real activities.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOutcomeOf, childDecisionProblems, childDecisions, leadAgenciesOf } from '../../shared/case/rules.js';
import { decisionSchema } from '../../shared/schemas/steps.js';
import { amendDecisionUpdate, authoriseDecisionUpdate, recordDecisionUpdate, respondToAllocationUpdate } from '../../workflows/messages.js';
import { freshNotification } from '../support/fixtures.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await workflowHarness('child-decisions');
});
afterAll(async () => h?.teardown());

async function rejection(p: Promise<unknown>) {
  const err = await p.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; details?: unknown[]; message: string };
}

/** The family decided at s47, level 4, led by social care: the baby's; the school-age child at level 2, early help led by the school. */
const familyAtS47 = (older: string) =>
  panelDecision({
    levelOfNeed: 4,
    outcome: 'strategy_discussion_s47',
    leadAgency: undefined,
    proposedBy: 'childrens_social_care',
    children: [{ personId: older, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' }],
  });

describe('each child\'s decision', () => {
  it('is the family\'s unless the panel says otherwise, and keeps the same rules', () => {
    const d = familyAtS47('older');
    expect(childDecisions(d, ['baby', 'older'])).toEqual([
      { personId: 'baby', levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care' },
      { personId: 'older', levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' },
    ]);
    expect(leadAgenciesOf({ ...d, childDecisions: childDecisions(d, ['baby', 'older']) })).toEqual([
      { leadAgency: 'childrens_social_care', childPersonIds: ['baby'] },
      { leadAgency: 'education', childPersonIds: ['older'] },
    ]);
    // The case's outcome is the furthest-reaching: s47 for the baby, whatever the family's.
    expect(caseOutcomeOf({ ...panelDecision(), children: [{ personId: 'baby', levelOfNeed: 4, outcome: 'strategy_discussion_s47' }] })).toBe('strategy_discussion_s47');
    const threshold = { '1': ['strategy_discussion_s47' as const] };
    expect(childDecisionProblems(panelDecision({ children: [{ personId: 'a', outcome: 'social_care_assessment_s17', leadAgency: 'education' }] }), threshold)).toMatchObject([{ path: 'children.0.leadAgency' }]);
    expect(childDecisionProblems(panelDecision({ children: [{ personId: 'a', levelOfNeed: 1, outcome: 'strategy_discussion_s47' }] }), threshold)).toMatchObject([{ path: 'children.0.outcome' }]);
    expect(childDecisionProblems(familyAtS47('b'), threshold)).toEqual([]);
    // Early help for one child names its lead: the family's s47 lead is not theirs.
    const noLead = panelDecision({ outcome: 'strategy_discussion_s47', levelOfNeed: 4, leadAgency: undefined, children: [{ personId: 'a', outcome: 'early_help' }] });
    expect(childDecisionProblems(noLead, {})).toMatchObject([{ path: 'children.0.leadAgency' }]);
    const twice = decisionSchema.safeParse({ ...familyAtS47('a'), children: [{ personId: 'a' }, { personId: 'a' }] });
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['children.1.personId']);
  });

  it('is refused for a child the case does not name or against the rules; authorised, each lead agency takes its children', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification((n) => (n.children[0].givenName = `Ava${Date.now()}`)));
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision' && (s.versionChildPersonIds?.length ?? 0) === 2);
      const [ava, leo] = s.versionChildPersonIds!;
      const record = (decision: ReturnType<typeof panelDecision>) => handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision }] });

      expect(await rejection(record({ ...familyAtS47(ava), children: [{ personId: 'someone-else', outcome: 'early_help', leadAgency: 'education' }] })))
        .toMatchObject({ type: 'StepRuleViolation', details: ['body.children.0.personId'] });
      expect(await rejection(record({ ...familyAtS47(ava), children: [{ personId: ava, outcome: 'social_care_assessment_s17', leadAgency: 'education' }] })))
        .toMatchObject({ type: 'StepRuleViolation', details: ['body.children.0.leadAgency'] });

      await record(familyAtS47(ava));
      const proposed = await untilStatus(handle, (s) => s.stage === 'awaiting_authorisation');
      expect(proposed.decisions[0].childDecisions).toEqual([
        { personId: ava, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' },
        { personId: leo, levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care' },
      ]);
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      const allocated = await untilStatus(handle, (s) => s.allocations.length === 2 && s.allocations.every((a) => a.dueAt));
      expect(allocated.outcome).toBe('strategy_discussion_s47');
      expect(allocated.allocations.map((a) => [a.leadAgency, a.childPersonIds, a.status])).toEqual([
        ['education', [ava], 'requested'],
        ['childrens_social_care', [leo], 'requested'],
      ]);
      // The referral is the baby's alone.
      const referral = await h.models.Referral.findById(s.caseId).lean();
      expect(referral).toMatchObject({ outcome: 'strategy_discussion_s47', childPersonIds: [leo] });

      // Health has no allocation on it; each lead answers its own.
      expect((await rejection(handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.health, response: { response: 'accept', leadProfessional: { name: 'X' } } }] }))).type).toBe('StepNotPermitted');
      const school = await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.school, response: { response: 'accept', leadProfessional: { name: 'Test DSL' } } }] });
      expect(school.stage).toBe('awaiting_allocation');
      const sw = await handle.executeUpdate(respondToAllocationUpdate, { args: [{ actor: actors.socialCare, response: { response: 'accept', leadProfessional: { name: 'Test SW' } } }] });
      expect(sw.stage).toBe('awaiting_strategy_discussion');
      await recordHistory(handle, 'family-two-lead-agencies');
      await handle.terminate('test finished');
    }));

  it('without a per-child list, every child takes the family\'s decision and one agency is asked', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      const s = await untilStatus(handle, (s) => s.allocations.length === 1);
      expect(s.decisions[0].childDecisions?.map((c) => c.outcome)).toEqual(['early_help', 'early_help']);
      expect(s.allocations[0]).toMatchObject({ leadAgency: 'education', status: 'requested' });
      await handle.terminate('test finished');
    }));
});

describe('a step down from s47 by two managers', () => {
  it('is proposed by one manager, kept waiting, and made when a second manager confirms the same change', () =>
    h.withWorker(async () => {
      const handle = await h.startContact(freshNotification());
      await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      const s47 = panelDecision({ outcome: 'strategy_discussion_s47', levelOfNeed: 4, leadAgency: undefined, proposedBy: 'childrens_social_care' });
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: s47 }] });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      await untilStatus(handle, (s) => s.stage === 'awaiting_allocation');
      const down = panelDecision({ outcome: 'early_help', levelOfNeed: 3, leadAgency: 'education' });
      const amend = (actor: typeof actors.manager, decidedBy: 'manager' | 'managers') =>
        handle.executeUpdate(amendDecisionUpdate, { args: [{ actor, amendment: { reason: 'New information: no significant harm.', decidedBy, decision: down } }] });

      expect(await rejection(amend(actors.secondManager, 'manager'))).toMatchObject({ type: 'StepRuleViolation', details: ['body.decidedBy'] });
      const proposed = await amend(actors.secondManager, 'managers');
      expect(proposed.stage).toBe('awaiting_allocation');
      const waiting = await untilStatus(handle, (s) => s.pendingAmendment !== undefined);
      expect(waiting.decisions).toHaveLength(1);
      expect((await rejection(amend(actors.secondManager, 'managers'))).type).toBe('StepNotPermitted');

      const third = { id: 'manager-3', name: 'Test Third Manager', role: 'front_door_manager', agency: 'front_door' };
      await amend(third, 'managers');
      const amended = await untilStatus(handle, (s) => s.decisions.length === 2);
      expect(amended.decisions[1]).toMatchObject({ outcome: 'early_help', decidedBy: 'managers', recordedBy: { id: 'manager-2' }, confirmedBy: { id: 'manager-3' }, status: 'authorised' });
      expect(amended.pendingAmendment).toBeUndefined();
      await handle.terminate('test finished');
    }));
});
