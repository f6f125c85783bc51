// What follows an authorised decision: the case moves on at once (to closing or to the
// lead agency), then the referral record, the police feedback and the allocation request
// are written, each idempotent.
import { outcomesClosingWithoutAllocation, referralOutcomes } from '../shared/case/rules.js';
import type { AllocationRecord, DecisionRecord, Stage } from '../shared/case/state.js';
import { nowIso } from './clock.js';
import { watchAllocation, type CaseEvent, type WatchedCase } from './deadlines.js';
import { police, store } from './io.js';

/** What acting on a decision needs of the case: moving its stage and tracking background work. */
export interface DecidingCase extends WatchedCase {
  moveTo(stage: Stage): void;
  track<T>(p: Promise<T>): Promise<T>;
}

/**
 * After authorisation: the next stage is set at once (so no other step or the closing
 * check sees a half-made transition), then the referral record, police feedback and
 * the allocation request are written.
 */
export async function actOnAuthorisedDecision(c: DecidingCase, decision: DecisionRecord, event: CaseEvent): Promise<void> {
  const s = c.state;
  s.outcome = decision.outcome;
  s.decidedAt = decision.authorisedAt;
  const live = s.allocations.at(-1);
  let requested: AllocationRecord | undefined;
  if (outcomesClosingWithoutAllocation.includes(decision.outcome)) {
    if (live?.status === 'requested') live.status = 'withdrawn';
    c.moveTo('closing');
  } else if (live?.status === 'requested' && live.leadAgency === decision.leadAgency) {
    live.decisionVersion = decision.version;
  } else {
    if (live?.status === 'requested') live.status = 'withdrawn';
    requested = { leadAgency: decision.leadAgency!, decisionVersion: decision.version, requestedAt: nowIso(), status: 'requested', escalated: false };
    s.allocations.push(requested);
    c.moveTo('awaiting_allocation');
  }
  await c.persist(event);
  if (referralOutcomes.includes(decision.outcome)) {
    await store.recordReferral({
      caseId: s.caseId,
      outcome: decision.outcome,
      decisionVersion: decision.version,
      referredAt: decision.authorisedAt!,
      strategyDiscussionDueAt: decision.strategyDiscussionDueAt,
    });
  }
  sendPoliceFeedback(c, decision);
  if (requested) {
    requested.dueAt = await store.planAllocationDeadline({ from: requested.requestedAt });
    await c.persist({ type: 'allocation_requested', details: { leadAgency: requested.leadAgency, dueAt: requested.dueAt } });
    c.track(watchAllocation(c, requested));
  }
}

/** The force hears the outcome of its own notification; never what partners shared. */
function sendPoliceFeedback(c: DecidingCase, decision: DecisionRecord): void {
  const s = c.state;
  s.policeFeedback = { status: 'pending', decisionVersion: decision.version };
  c.track(
    (async () => {
      const r = await police.deliverPoliceFeedback({
        caseId: s.caseId,
        forceCode: s.forceCode,
        policeReference: s.policeReference,
        decisionVersion: decision.version,
        outcome: decision.outcome,
        levelOfNeed: decision.levelOfNeed,
        leadAgency: decision.leadAgency,
        decidedAt: decision.authorisedAt!,
      });
      // A later amendment's feedback supersedes this one.
      if (s.policeFeedback.decisionVersion === decision.version) {
        s.policeFeedback = { status: r.status, decisionVersion: decision.version, deliveredAt: r.deliveredAt, attempts: r.attempts };
      }
      await c.persist({ type: r.status === 'delivered' ? 'police_feedback_delivered' : 'police_feedback_no_webhook', details: { decisionVersion: decision.version, attempts: r.attempts } });
    })(),
  );
}
