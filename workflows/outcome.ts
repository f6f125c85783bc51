// What follows an authorised decision: the case moves on at once (to closing or to the
// lead agency), then the referral record, the outcome told to whoever hears it (the
// force, or the referrer's agency) and the allocation request are written, each
// idempotent. One delivery of the outcome for every recipient, under one set of rules.
import { ActivityFailure, ApplicationFailure, sleep, TimeoutFailure } from '@temporalio/workflow';
import { WEBHOOK_REJECTED, type CaseRules, type OutcomeDelivery, type OutcomeDeliveryResult, type OutcomeMessage } from '../shared/case/activities.js';
import { caseOutcomeOf, leadAgenciesOf, outcomesOf, referralOutcomes } from '../shared/case/rules.js';
import type { AllocationRecord, DecisionRecord, Stage } from '../shared/case/state.js';
import { nowIso } from './clock.js';
import { watchAllocation, watchStrategyDiscussion, type CaseEvent, type WatchedCase } from './deadlines.js';
import { store, webhookWithin } from './io.js';

const HOUR = 3600_000;

/** What acting on a decision needs of the case: moving its stage and tracking background work. */
export interface DecidingCase extends WatchedCase {
  moveTo(stage: Stage): void;
  track<T>(p: Promise<T>): Promise<T>;
  afterAcceptance(): Stage;
  readonly strategyDiscussionHours: number;
  readonly rules: CaseRules;
  /** The outcome told to whoever hears it: the case's source says who (an `OutcomeRecipient`). */
  tellOutcome(decision: DecisionRecord): void;
}

/** What telling the outcome needs of the case: its state, recording, background work, its rules. */
export interface TellingCase extends Pick<WatchedCase, 'state' | 'persist' | 'track'> {
  readonly rules: CaseRules;
}

/**
 * Who is told a case's outcome (the notifying force, a professional referrer's agency),
 * and what the case keeps of the telling: given by the case's source (police-source.ts,
 * partner-source.ts).
 */
export interface OutcomeRecipient {
  /** Tells the outcome (of an authorised decision, or a duplicate's) in the background; the case waits for it before closing. */
  tell(c: TellingCase, message: OutcomeMessage): void;
}

/**
 * After authorisation: the next stage is set at once (so no other step or the closing
 * check sees a half-made transition), then the referral record, the outcome told and
 * the allocation request are written.
 */
export async function actOnAuthorisedDecision(c: DecidingCase, decision: DecisionRecord, event: CaseEvent): Promise<void> {
  const s = c.state;
  // One family, each child: the case's outcome is the furthest-reaching any child has.
  s.outcome = caseOutcomeOf(decision);
  s.decidedAt = decision.authorisedAt;
  const s47 = outcomesOf(decision).includes('strategy_discussion_s47');
  // The strategy discussion is due a local number of hours after the decision to hold
  // one is authorised (not after the panel proposed it).
  if (s47) decision.strategyDiscussionDueAt = new Date(Date.parse(decision.authorisedAt!) + c.strategyDiscussionHours * HOUR).toISOString();
  s.strategyDiscussionDueAt = decision.strategyDiscussionDueAt;
  // One allocation per lead agency, with the children it leads. An agency that already
  // has the case (requested or accepted) keeps it; the others' live requests are withdrawn.
  const live = s.allocations.filter((a) => a.status === 'requested' || a.status === 'accepted');
  const requested: AllocationRecord[] = [];
  const kept: AllocationRecord[] = [];
  for (const { leadAgency, childPersonIds } of leadAgenciesOf(decision)) {
    const children = childPersonIds.length ? { childPersonIds } : {};
    const already = live.find((a) => a.leadAgency === leadAgency);
    if (already) {
      Object.assign(already, { decisionVersion: decision.version }, children);
      kept.push(already);
      continue;
    }
    const request: AllocationRecord = { leadAgency, decisionVersion: decision.version, requestedAt: nowIso(), status: 'requested', escalated: false, ...children };
    s.allocations.push(request);
    requested.push(request);
  }
  for (const a of live) if (!kept.includes(a) && a.status === 'requested') a.status = 'withdrawn';
  const waiting = [...kept, ...requested].some((a) => a.status === 'requested');
  if (kept.length + requested.length === 0) c.moveTo('closing');
  else c.moveTo(waiting ? 'awaiting_allocation' : c.afterAcceptance());
  await c.persist(event);
  // A referral for the children whose outcome is an assessment or a strategy discussion.
  const referred = (decision.childDecisions ?? []).filter((d) => referralOutcomes.includes(d.outcome));
  const reached = outcomesOf(decision);
  const referralOutcome = reached.includes('strategy_discussion_s47') ? 'strategy_discussion_s47' : referralOutcomes.find((o) => reached.includes(o));
  if (referralOutcome) {
    await store.recordReferral({
      caseId: s.caseId,
      outcome: referralOutcome,
      decisionVersion: decision.version,
      referredAt: decision.authorisedAt!,
      strategyDiscussionDueAt: decision.strategyDiscussionDueAt,
      ...(referred.length ? { childPersonIds: referred.map((d) => d.personId) } : {}),
    });
  }
  c.tellOutcome(decision);
  if (s47) c.track(watchStrategyDiscussion(c));
  for (const request of requested) {
    request.dueAt = await store.planAllocationDeadline({ from: request.requestedAt });
    await c.persist({ type: 'allocation_requested', details: { leadAgency: request.leadAgency, dueAt: request.dueAt, ...(request.childPersonIds ? { childPersonIds: request.childPersonIds } : {}) } });
    c.track(watchAllocation(c, request));
  }
}

/** A contact closed as a duplicate, as its sender is told it: version 0, no decision of its own. */
export const duplicateOutcomeOf = (caseId: string, duplicateOf: string, at: string): OutcomeMessage => ({ caseId, version: 0, decidedAt: at, duplicateOf });

/** An authorised decision's outcome, as anyone outside the front door is told it. */
export function outcomeOf(caseId: string, decision: DecisionRecord): OutcomeMessage {
  return {
    caseId,
    version: decision.version,
    outcome: decision.outcome,
    levelOfNeed: decision.levelOfNeed,
    leadAgency: decision.leadAgency,
    decidedAt: decision.authorisedAt!,
  };
}

/** A delivery given up: why, in words for the managers. */
export type GivenUp = { status: 'failed'; failure: string };

/**
 * The outcome to its recipient's webhook: retried by Temporal while the recipient's system
 * is unreachable or failing (up to the give-up time), and tried again every half hour
 * while it refuses the outcome outright, the last try at the rejected-retry time (someone
 * may fix a configuration). Given up, it answers why; what follows is the recipient's.
 */
export async function deliverOutcome(rules: CaseRules, delivery: OutcomeDelivery): Promise<OutcomeDeliveryResult | GivenUp> {
  const deliver = webhookWithin(rules.policeFeedbackGiveUpHours);
  const stopTryingAt = Date.now() + rules.policeFeedbackRejectedRetryHours * HOUR;
  for (;;) {
    try {
      return await deliver.deliverOutcome(delivery);
    } catch (err) {
      const wait = Math.min(REJECTED_RETRY_MS, stopTryingAt - Date.now());
      if (failureType(err) === WEBHOOK_REJECTED && wait > 0) {
        await sleep(wait);
        continue;
      }
      const failure = givenUp(err, 'force' in delivery ? "the force's system" : "the agency's system");
      if (!failure) throw err;
      return { status: 'failed', failure };
    }
  }
}

const REJECTED_RETRY_MS = HOUR / 2;

function failureType(err: unknown): string | undefined {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type ?? undefined : undefined;
}

/** Why delivery was given up, or undefined for a failure that is not a give-up. */
function givenUp(err: unknown, whose: string): string | undefined {
  if (failureType(err) === WEBHOOK_REJECTED) return `${whose} refused the outcome`;
  // Temporal stopped retrying at the give-up time: the cause is the last failure seen.
  if (err instanceof ActivityFailure && (err.retryState === 'TIMEOUT' || err.cause instanceof TimeoutFailure)) {
    return `${whose} did not take the outcome in time`;
  }
  return undefined;
}
