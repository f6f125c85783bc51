// The rules a decision keeps that depend on the case and the council, not just its own
// fields (those are the schema's): the joint decision's, the threshold document's, the
// statutory lead, each child's, MARAC, and who may take an s47 or s17 down.
import type { CaseRules } from '../shared/case/activities.js';
import {
  childDecisionProblems,
  childDecisions,
  earlyHelpConsentProblem,
  jointDecisionProblems,
  maracRequirement,
  refersToMarac,
  statutoryLeadProblem,
  stepDownProblem,
  thresholdProblem,
} from '../shared/case/rules.js';
import type { CaseStatus, DecisionRecord } from '../shared/case/state.js';
import type { AmendmentInput, DecisionInput } from '../shared/schemas/steps.js';
import { ruleViolation } from './refusals.js';

/** Refuses a decision (at `path`) the case's rules do not allow, naming the field. */
export function checkDecision(s: CaseStatus, rules: CaseRules, d: DecisionInput, path: string): void {
  const [first] = jointDecisionProblems(d, rules.jointDecision);
  if (first) ruleViolation(`${path}.${first.path}`, first.message);
  for (const problem of [thresholdProblem(d, rules.threshold), statutoryLeadProblem(d), earlyHelpConsentProblem(d)]) {
    if (problem) ruleViolation(`${path}.${problem.path}`, problem.message);
  }
  // One family, each child: each child decided apart keeps the same rules, and is a child of the case.
  const [child] = childDecisionProblems(d, rules.threshold);
  if (child) ruleViolation(`${path}.${child.path}`, child.message);
  const known = s.versionChildPersonIds;
  const stranger = known?.length ? (d.children ?? []).findIndex((c) => !known.includes(c.personId)) : -1;
  if (stranger >= 0) ruleViolation(`${path}.children.${stranger}.personId`, 'not a child this case names');
  // MARAC on the recognised criteria: the DASH (high, or 14+ ticks) and escalation (3+ domestic abuse incidents in 12 months).
  const marac = maracRequirement(s);
  if (marac && !refersToMarac(d)) ruleViolation(`${path}.partnerActions`, marac);
}

/** An amendment taking s47 or s17 down, for the family or for any one child, is not one manager's alone. */
export function checkStepDown(current: DecisionRecord, amendment: AmendmentInput, childPersonIds: readonly string[] | undefined): void {
  const before = new Map((current.childDecisions ?? []).map((c) => [c.personId, c.outcome]));
  const after = childDecisions(amendment.decision, childPersonIds);
  const pairs = [[current.outcome, amendment.decision.outcome] as const, ...after.map((c) => [before.get(c.personId) ?? current.outcome, c.outcome] as const)];
  const stepDown = pairs.map(([from, to]) => stepDownProblem(from, { decidedBy: amendment.decidedBy, decision: { outcome: to } })).find((p) => p !== undefined);
  if (stepDown) ruleViolation(`body.${stepDown.path}`, stepDown.message);
}

/** A second manager confirms the same change another proposed: the same decision, decided by two managers. */
export function sameDecision(a: AmendmentInput, b: AmendmentInput): boolean {
  return a.decidedBy === b.decidedBy && canonical(a.decision) === canonical(b.decision);
}
const canonical = (v: unknown): string => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q))) : x));
