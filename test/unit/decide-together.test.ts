// Linked contacts decided together: the decision as it applies to each linked contact (its
// children only), the step's body (the linked contacts named once each, by case id), and a
// case's validator asked as a query (its refusal answered, nothing thrown).
import { describe, expect, it } from 'vitest';
import { allTaken, decisionFor } from '../../api/commands/decide-together.js';
import { outsideTheMeeting } from '../../api/commands/decision-register.js';
import { HttpProblem } from '../../api/errors.js';
import { caseIdFor } from '../../shared/ids.js';
import { authorisationSchema, decisionSchema, decisionStepSchema, MOST_DECIDED_TOGETHER } from '../../shared/schemas/steps.js';
import { STEP_OUT_OF_ORDER, STEP_RULE_VIOLATION } from '../../workflows/messages.js';
import { outOfOrder, refusalOf, ruleViolation } from '../../workflows/refusals.js';
import { jointly } from '../support/fixtures.js';

const family = decisionSchema.parse({ ...jointly, levelOfNeed: 3, outcome: 'social_care_assessment_s17' });
const ids = Array.from({ length: MOST_DECIDED_TOGETHER + 1 }, (_, i) => caseIdFor('HUM', `HUM-26-LINK${i}`));

describe('the decision as it applies to a linked contact', () => {
  it('is the family decision whole when no child is decided apart', () => {
    expect(decisionFor(family, ['P-a'])).toBe(family);
  });

  it("keeps each child's own entry for the children the contact names, and ignores a child it does not", () => {
    const d = { ...family, children: [{ personId: 'P-a', levelOfNeed: 4 as const, outcome: 'strategy_discussion_s47' as const }, { personId: 'P-b', levelOfNeed: 2 as const }] };
    expect(decisionFor(d, ['P-a', 'P-c']).children).toEqual([d.children[0]]);
    expect(decisionFor(d, ['P-b']).children).toEqual([d.children[1]]);
    // None of its children decided apart: the family's decision, with no children entry at all.
    const none = decisionFor(d, ['P-c']);
    expect(none.children).toBeUndefined();
    expect(none).toMatchObject({ levelOfNeed: 3, outcome: 'social_care_assessment_s17', rationale: jointly.rationale });
  });
});

describe('the decision step names the linked contacts it also decides', () => {
  const paths = (r: { success: boolean; error?: { issues: { path: (string | number)[] }[] } }) => r.error?.issues.map((i) => i.path.join('.')) ?? [];

  it('by case id, each once, at most a few', () => {
    expect(decisionStepSchema.parse({ ...jointly, levelOfNeed: 1, outcome: 'no_further_action', alsoDecides: ids.slice(0, 2) }).alsoDecides).toEqual(ids.slice(0, 2));
    expect(paths(decisionStepSchema.safeParse({ ...jointly, levelOfNeed: 1, outcome: 'no_further_action', alsoDecides: [ids[0], ids[0]] }))).toEqual(['alsoDecides.1']);
    expect(paths(decisionStepSchema.safeParse({ ...jointly, levelOfNeed: 1, outcome: 'no_further_action', alsoDecides: ['C-nope'] }))).toEqual(['alsoDecides.0']);
    expect(paths(decisionStepSchema.safeParse({ ...jointly, levelOfNeed: 1, outcome: 'no_further_action', alsoDecides: ids }))).toEqual(['alsoDecides']);
    // The decision's own rules still hold.
    expect(paths(decisionStepSchema.safeParse({ ...jointly, levelOfNeed: 2, outcome: 'early_help', alsoDecides: [ids[0]] }))).toEqual(['leadAgency']);
  });

  it('is not part of a decision itself (an amendment names none), and authorising together names them the same way', () => {
    expect('alsoDecides' in decisionSchema.parse({ ...jointly, levelOfNeed: 1, outcome: 'no_further_action', alsoDecides: [ids[0]] })).toBe(false);
    expect(authorisationSchema.parse({ action: 'authorise', alsoAuthorises: [ids[0]] })).toEqual({ action: 'authorise', alsoAuthorises: [ids[0]] });
    expect(authorisationSchema.safeParse({ action: 'authorise', alsoAuthorises: [ids[0], ids[0]] }).success).toBe(false);
    expect('alsoAuthorises' in authorisationSchema.parse({ action: 'return', comments: 'Why', alsoAuthorises: [ids[0]] })).toBe(false);
  });
});

describe("a case's validator asked before a step", () => {
  it('answers its refusal with the field, or null, and lets anything else through', () => {
    expect(refusalOf(() => undefined)).toBeNull();
    expect(refusalOf(() => ruleViolation('body.partnerActions', 'MARAC referral required'))).toEqual({ type: STEP_RULE_VIOLATION, message: 'MARAC referral required', path: 'body.partnerActions' });
    expect(refusalOf(() => outOfOrder('the case is awaiting authorisation'))).toEqual({ type: STEP_OUT_OF_ORDER, message: 'the case is awaiting authorisation' });
    expect(() => refusalOf(() => { throw new Error('a bug'); })).toThrow('a bug');
  });
});

describe('linked contacts taken after the case itself', () => {
  const result = (caseId: string) => ({ caseId, stage: 'awaiting_authorisation' as const });
  const [head, b, c, d] = ids;

  it("answers each linked contact's step when every one was taken", () => {
    const taken = allTaken(head, [b, c], [{ status: 'fulfilled', value: result(b) }, { status: 'fulfilled', value: result(c) }], 'decided');
    expect(taken.map((t) => t.caseId)).toEqual([b, c]);
  });

  it('is a 409 naming what was taken and what was not when a linked contact refused after the case was decided', () => {
    let thrown: unknown;
    try {
      allTaken(head, [b, c, d], [
        { status: 'fulfilled', value: result(b) },
        { status: 'rejected', reason: new Error('the case is closed') },
        { status: 'fulfilled', value: result(d) },
      ], 'decided');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HttpProblem);
    const problem = thrown as HttpProblem;
    expect(problem.status).toBe(409);
    expect(problem.detail).toContain(`decided: ${head}, ${b}, ${d}; not decided: ${c}: the case is closed`);
    expect(problem.detail).toContain('same Idempotency-Key');
  });
});

describe('a decision outside the meeting', () => {
  const attendees = [{ name: 'Test Panel Chair', agency: 'childrens_social_care' as const }, { name: 'Test Officer', agency: 'police' as const }];
  const asked = { ...family, attendees };
  const actor = (role: string) => ({ id: 'x', name: 'Test Person', role, agency: 'childrens_social_care' });

  it('is recorded by the panel or a front-door manager, marked as outside the meeting', () => {
    for (const role of ['panel_member', 'front_door_manager']) {
      expect(outsideTheMeeting(asked, 'body', actor(role))).toMatchObject({ outsideMeeting: true, attendees });
    }
  });

  it('is refused (403) to anyone else the policy table does not name, whatever step they may take', () => {
    for (const role of ['lead_agency_worker', 'partner_practitioner', 'auditor', 'police_system']) {
      expect(() => outsideTheMeeting(asked, 'body', actor(role))).toThrowError(expect.objectContaining({ status: 403 }));
    }
  });
});
