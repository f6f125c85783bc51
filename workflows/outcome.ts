// What follows an authorised decision: the case moves on at once (to closing or to the
// lead agency), then the referral record, the police feedback and the allocation request
// are written, each idempotent.
import { ActivityFailure, ApplicationFailure, sleep, TimeoutFailure } from '@temporalio/workflow';
import { POLICE_WEBHOOK_REJECTED, type CaseRules, type PoliceFeedbackInput, type PoliceFeedbackResult } from '../shared/case/activities.js';
import { outcomesClosingWithoutAllocation, referralOutcomes } from '../shared/case/rules.js';
import type { AllocationRecord, DecisionRecord, Stage } from '../shared/case/state.js';
import { nowIso } from './clock.js';
import { watchAllocation, watchStrategyDiscussion, type CaseEvent, type WatchedCase } from './deadlines.js';
import { policeWithin, store } from './io.js';

const HOUR = 3600_000;

/** What acting on a decision needs of the case: moving its stage and tracking background work. */
export interface DecidingCase extends WatchedCase {
  moveTo(stage: Stage): void;
  track<T>(p: Promise<T>): Promise<T>;
  afterAcceptance(): Stage;
  readonly strategyDiscussionHours: number;
  readonly rules: CaseRules;
  /**
   * Who hears the outcome, when not the notifying force: a contact from anyone else tells
   * its referrer (partner-case.ts). Absent on police notifications' cases.
   */
  tellReferrer?(decision: DecisionRecord): void;
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
  const s47 = decision.outcome === 'strategy_discussion_s47';
  // The strategy discussion is due a local number of hours after the decision to hold
  // one is authorised (not after the panel proposed it).
  if (s47) decision.strategyDiscussionDueAt = new Date(Date.parse(decision.authorisedAt!) + c.strategyDiscussionHours * HOUR).toISOString();
  s.strategyDiscussionDueAt = decision.strategyDiscussionDueAt;
  const live = s.allocations.at(-1);
  let requested: AllocationRecord | undefined;
  if (outcomesClosingWithoutAllocation.includes(decision.outcome)) {
    if (live?.status === 'requested') live.status = 'withdrawn';
    c.moveTo('closing');
  } else if (live?.status === 'requested' && live.leadAgency === decision.leadAgency) {
    live.decisionVersion = decision.version;
  } else if (live?.status === 'accepted' && live.leadAgency === decision.leadAgency) {
    // Amended after acceptance with the same lead: the agency already has the case.
    live.decisionVersion = decision.version;
    c.moveTo(c.afterAcceptance());
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
  if (c.tellReferrer) c.tellReferrer(decision);
  else sendPoliceFeedback(c, decision);
  if (s47) c.track(watchStrategyDiscussion(c));
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
  const current = () => s.policeFeedback.decisionVersion === decision.version;
  c.track(
    (async () => {
      let r: PoliceFeedbackResult;
      try {
        r = await deliverUntilGivenUp(c, {
          caseId: s.caseId,
          forceCode: s.forceCode!,
          policeReference: s.policeReference!,
          decisionVersion: decision.version,
          outcome: decision.outcome,
          levelOfNeed: decision.levelOfNeed,
          leadAgency: decision.leadAgency,
          decidedAt: decision.authorisedAt!,
        });
      } catch (err) {
        const failure = givenUp(err);
        if (!failure) throw err;
        // Given up: the case may close; the managers see it and tell the force themselves.
        if (current()) s.policeFeedback = { status: 'failed', decisionVersion: decision.version, failure };
        const dueAt = nowIso();
        s.escalations.push({ kind: 'police_feedback_failed', at: dueAt, dueAt });
        await c.persist({ type: 'escalated', reason: 'police feedback given up', details: { kind: 'police_feedback_failed', decisionVersion: decision.version, failure } });
        return;
      }
      // A later amendment's feedback supersedes this one.
      if (current()) {
        s.policeFeedback = { status: r.status, decisionVersion: decision.version, deliveredAt: r.deliveredAt, attempts: r.attempts };
      }
      await c.persist({ type: r.status === 'delivered' ? 'police_feedback_delivered' : 'police_feedback_no_webhook', details: { decisionVersion: decision.version, attempts: r.attempts } });
    })(),
  );
}

/**
 * Delivery, retried by Temporal while the force's system is unreachable or failing (up
 * to the give-up time), and tried again every half hour while it refuses the outcome
 * outright, the last try at the rejected-retry time (someone may fix a force's configuration).
 */
async function deliverUntilGivenUp(c: DecidingCase, input: PoliceFeedbackInput): Promise<PoliceFeedbackResult> {
  const { policeFeedbackGiveUpHours: giveUpHours, policeFeedbackRejectedRetryHours: rejectedHours } = c.rules;
  const deliver = policeWithin(giveUpHours);
  const stopTryingAt = Date.now() + rejectedHours * HOUR;
  for (;;) {
    try {
      return await deliver.deliverPoliceFeedback(input);
    } catch (err) {
      const wait = Math.min(REJECTED_RETRY_MS, stopTryingAt - Date.now());
      if (failureType(err) !== POLICE_WEBHOOK_REJECTED || wait <= 0) throw err;
      await sleep(wait);
    }
  }
}

const REJECTED_RETRY_MS = HOUR / 2;

function failureType(err: unknown): string | undefined {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type ?? undefined : undefined;
}

/** Why delivery was given up, or undefined for a failure that is not a give-up. */
function givenUp(err: unknown): string | undefined {
  if (failureType(err) === POLICE_WEBHOOK_REJECTED) return "the force's system refused the outcome";
  // Temporal stopped retrying at the give-up time: the cause is the last failure seen.
  if (err instanceof ActivityFailure && (err.retryState === 'TIMEOUT' || err.cause instanceof TimeoutFailure)) {
    return "the force's system did not take the outcome in time";
  }
  return undefined;
}
