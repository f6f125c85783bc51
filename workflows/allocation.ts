// The lead agencies' answers to an allocation: one request per lead agency of the
// decision (each with the children it leads), each answered by its own agency. The case
// moves on once every one has accepted; a decline sends the joint decision back to the
// panel, and the other open requests are withdrawn with it.
import type { Actor, DecisionRecord, Stage, StepResult } from '../shared/case/state.js';
import type { TriageOutcome } from '../shared/codes.js';
import { addressedTo } from '../shared/organisations.js';
import type { AllocationResponseInput } from '../shared/schemas/steps.js';
import type { CaseStep } from '../shared/case/steps.js';
import { nowIso } from './clock.js';
import type { CaseEvent, WatchedCase } from './deadlines.js';
import { store } from './io.js';
import type { StepMessage } from './messages.js';
import { notPermitted } from './refusals.js';

/** What answering an allocation needs of the case. */
export interface AllocatingCase extends WatchedCase {
  readonly current: DecisionRecord | undefined;
  require(step: CaseStep): void;
  moveTo(stage: Stage): void;
  afterAcceptance(): Stage;
  persist(event: CaseEvent): Promise<void>;
  result(): StepResult;
  withdrawReferralOf(superseded: DecisionRecord, next: TriageOutcome | undefined, reason: string): Promise<void>;
  backToPanel(after: string): Promise<void>;
}

/** The allocation an agency answers: its own request, still open (one per lead agency of the decision). */
function allocationFor(c: AllocatingCase, agency: string) {
  return c.state.allocations.find((a) => a.status === 'requested' && a.leadAgency === agency);
}

export function validateResponse(c: AllocatingCase, { actor }: { actor: Actor }): void {
  c.require('respondToAllocation');
  const allocation = allocationFor(c, actor.agency);
  if (!allocation) {
    const leads = c.state.allocations.filter((a) => a.status === 'requested').map((a) => a.leadAgency);
    notPermitted(`the case is allocated to ${leads.join(' and ') || 'no agency'}, not ${actor.agency}`);
  }
  if (!addressedTo(c.state.organisations, allocation.leadAgency, actor.organisation)) notPermitted(`the case is allocated to another organisation of ${allocation.leadAgency}`);
}

export async function respond(c: AllocatingCase, { actor, response, audit }: StepMessage<{ response: AllocationResponseInput }>): Promise<StepResult> {
  const allocation = allocationFor(c, actor.agency)!;
  allocation.respondedBy = actor;
  allocation.respondedAt = nowIso();
  const children = allocation.childPersonIds ? { childPersonIds: allocation.childPersonIds } : {};
  if (response.response === 'accept') {
    allocation.status = 'accepted';
    allocation.leadProfessional = response.leadProfessional;
    // Every lead agency of the decision must accept before the case moves on.
    if (!c.state.allocations.some((a) => a.status === 'requested')) c.moveTo(c.afterAcceptance());
    await c.persist({ type: 'allocation_accepted', actor, details: { leadAgency: allocation.leadAgency, ...children }, audit });
    return c.result();
  }
  // Declined: the joint decision goes back to the panel for a new one, at its next
  // meeting; the other lead agencies' open requests are withdrawn with it.
  allocation.status = 'declined';
  allocation.declineReason = response.reason;
  for (const a of c.state.allocations) if (a.status === 'requested') a.status = 'withdrawn';
  const declined = c.current!;
  declined.status = 'superseded';
  // Nothing is decided any more: the figures must not count the case as decided.
  c.state.outcome = undefined;
  c.state.decidedAt = undefined;
  c.state.strategyDiscussionDueAt = undefined;
  await c.withdrawReferralOf(declined, undefined, 'allocation declined');
  // The re-decision is due at the rating's pace from the decline (watched); the first deadline and breach stay counted.
  c.state.redecisionDueAt = await store.planDecisionDeadline({ receivedAt: allocation.respondedAt, rating: c.state.rating! });
  await c.backToPanel(allocation.respondedAt);
  const details = { leadAgency: allocation.leadAgency, meeting: c.state.meeting, redecisionDueAt: c.state.redecisionDueAt };
  await c.persist({ type: 'allocation_declined', actor, reason: response.reason, details, audit });
  return c.result();
}

