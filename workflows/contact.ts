// One workflow per contact: a police notification moving through intake, partnership
// triage at the PIT Stop, the joint decision, manager authorisation, allocation to the
// lead agency and closure. Human steps arrive as updates (validated before anything is
// written to history, so the API answers a rejected step at once, with the reason);
// deadlines are durable timers raced against the steps.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { agencies, type Agency, type TriageOutcome } from '../shared/codes.js';
import type { CaseActivities as Activities } from '../shared/case/activities.js';
import { defaultLeadAgency, outcomesClosingWithoutAllocation, referralOutcomes } from '../shared/case/rules.js';
import type { Actor, CaseStatus, ContactWorkflowInput, DecisionRecord, Stage, StepResult, TimelineEventInput } from '../shared/case/state.js';
import type { DecisionInput } from '../shared/schemas/steps.js';
import {
  amendDecisionUpdate,
  authoriseDecisionUpdate,
  changeRatingUpdate,
  notificationResentSignal,
  recordDecisionUpdate,
  respondToAllocationUpdate,
  statusQuery,
  STEP_NOT_PERMITTED,
  STEP_OUT_OF_ORDER,
  STEP_RULE_VIOLATION,
  submitPartnerInformationUpdate,
} from './messages.js';

// Writes to MongoDB: short, retried until the database is back. Nothing is lost while
// it is down; the case waits.
const store = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The force's webhook may be down for hours: retried durably until it takes the outcome.
const police = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

const HOUR = 3600_000;

function outOfOrder(message: string): never {
  throw ApplicationFailure.create({ type: STEP_OUT_OF_ORDER, message, nonRetryable: true });
}
function notPermitted(message: string): never {
  throw ApplicationFailure.create({ type: STEP_NOT_PERMITTED, message, nonRetryable: true });
}

function ruleViolation(path: string, message: string): never {
  throw ApplicationFailure.create({ type: STEP_RULE_VIOLATION, message, details: [path], nonRetryable: true });
}

function msUntil(iso: string): number {
  return Math.max(1, Date.parse(iso) - Date.now());
}

export async function contactWorkflow(input: ContactWorkflowInput): Promise<CaseStatus> {
  const n = input.notification;
  const state: CaseStatus = {
    caseId: input.caseId,
    stage: 'received',
    forceCode: n.force.code,
    policeReference: n.policeReference,
    incidentType: n.incident.type,
    receivedAt: input.receivedAt,
    ratingHistory: [],
    breached: false,
    escalations: [],
    partnerInformation: [],
    decisions: [],
    allocations: [],
    policeFeedback: { status: 'not_due' },
    maracReferralRequired: n.incident.type === 'domestic_abuse' && n.dash?.riskLevel === 'high',
  };
  let seq = 0;
  /** Local rule, from intake; histories from before it was configurable had 24. */
  let strategyDiscussionHours = 24;
  /** Background work (police feedback, escalations) the workflow must see finish. */
  const pending = new Set<Promise<unknown>>();

  const nowIso = () => new Date().toISOString();

  /** Every step: one timeline event and a fresh projection of the case. */
  async function persist(event: Omit<TimelineEventInput, 'at'> & { at?: string }): Promise<void> {
    seq += 1;
    await store.recordCaseEvent({
      caseId: state.caseId,
      seq,
      event: { at: nowIso(), ...event },
      // A copy: the arguments are serialised at the end of the activation, by which
      // time later steps may have changed the state.
      status: JSON.parse(JSON.stringify(state)) as CaseStatus,
    });
  }

  function track<T>(p: Promise<T>): Promise<T> {
    pending.add(p);
    // Settled either way it leaves the set; a failure surfaces where the workflow
    // awaits the pending work before closing.
    p.then(
      () => pending.delete(p),
      () => pending.delete(p),
    );
    return p;
  }

  const current = (): DecisionRecord | undefined => state.decisions.at(-1);
  /** The front door has decided once a manager has authorised a decision. */
  const decided = () => state.decisions.some((d) => d.status === 'authorised');
  const result = (): StepResult => ({ caseId: state.caseId, stage: state.stage });
  const requireStage = (allowed: Stage[], step: string) => {
    if (!allowed.includes(state.stage)) outOfOrder(`${step} is not possible while the case is ${state.stage}`);
  };

  /** Rules that depend on the case, not just the decision's own fields. */
  function checkDecisionAgainstCase(d: DecisionInput, path: string) {
    if (state.maracReferralRequired && !d.partnerActions.some((a) => a.kind === 'refer_to_marac')) {
      ruleViolation(`${path}.partnerActions`, 'high-risk domestic abuse (DASH high) also goes to MARAC: add a refer_to_marac partner action');
    }
  }

  function leadAgencyOf(d: DecisionInput): Agency | undefined {
    return d.leadAgency ?? defaultLeadAgency[d.outcome];
  }

  function newDecision(actor: Actor, d: DecisionInput, amendmentReason?: string): DecisionRecord {
    const at = nowIso();
    return {
      ...d,
      leadAgency: leadAgencyOf(d),
      version: state.decisions.length + 1,
      status: 'proposed',
      recordedBy: actor,
      recordedAt: at,
      ...(d.outcome === 'strategy_discussion_s47'
        ? { strategyDiscussionDueAt: new Date(Date.now() + strategyDiscussionHours * HOUR).toISOString() }
        : {}),
      ...(amendmentReason ? { amendmentReason } : {}),
    };
  }

  /**
   * After authorisation: the next stage is set at once (so no other step or the closing
   * check sees a half-made transition), then the referral record, police feedback and
   * the allocation request are written.
   */
  async function actOnAuthorisedDecision(decision: DecisionRecord, event: Parameters<typeof persist>[0]): Promise<void> {
    state.outcome = decision.outcome;
    state.decidedAt = decision.authorisedAt;
    const live = state.allocations.at(-1);
    let requested: CaseStatus['allocations'][number] | undefined;
    if (outcomesClosingWithoutAllocation.includes(decision.outcome)) {
      if (live?.status === 'requested') live.status = 'withdrawn';
      state.stage = 'closing';
    } else if (live?.status === 'requested' && live.leadAgency === decision.leadAgency) {
      live.decisionVersion = decision.version;
    } else {
      if (live?.status === 'requested') live.status = 'withdrawn';
      requested = { leadAgency: decision.leadAgency!, decisionVersion: decision.version, requestedAt: nowIso(), status: 'requested', escalated: false };
      state.allocations.push(requested);
      state.stage = 'awaiting_allocation';
    }
    await persist(event);
    if (referralOutcomes.includes(decision.outcome)) {
      await store.recordReferral({
        caseId: state.caseId,
        outcome: decision.outcome,
        decisionVersion: decision.version,
        referredAt: decision.authorisedAt!,
        strategyDiscussionDueAt: decision.strategyDiscussionDueAt,
      });
    }
    sendPoliceFeedback(decision);
    if (requested) {
      requested.dueAt = await store.planAllocationDeadline({ from: requested.requestedAt });
      await persist({ type: 'allocation_requested', details: { leadAgency: requested.leadAgency, dueAt: requested.dueAt } });
      track(watchAllocation(requested));
    }
  }

  function sendPoliceFeedback(decision: DecisionRecord): void {
    state.policeFeedback = { status: 'pending', decisionVersion: decision.version };
    track(
      (async () => {
        const r = await police.deliverPoliceFeedback({
          caseId: state.caseId,
          forceCode: state.forceCode,
          policeReference: state.policeReference,
          decisionVersion: decision.version,
          outcome: decision.outcome,
          levelOfNeed: decision.levelOfNeed,
          leadAgency: decision.leadAgency,
          decidedAt: decision.authorisedAt!,
        });
        // A later amendment's feedback supersedes this one.
        if (state.policeFeedback.decisionVersion === decision.version) {
          state.policeFeedback = { status: r.status, decisionVersion: decision.version, deliveredAt: r.deliveredAt, attempts: r.attempts };
        }
        await persist({ type: r.status === 'delivered' ? 'police_feedback_delivered' : 'police_feedback_no_webhook', details: { decisionVersion: decision.version, attempts: r.attempts } });
      })(),
    );
  }

  // ---- Deadlines -------------------------------------------------------------------

  /** RAG deadline: no authorised decision in time → escalate to managers, once. */
  async function watchDecisionDeadline(): Promise<void> {
    while (!decided() && !state.breached) {
      const due = state.decisionDueAt!;
      const stepped = await condition(() => decided() || state.decisionDueAt !== due, msUntil(due));
      if (!stepped) {
        state.breached = true;
        state.escalations.push({ kind: 'decision_deadline_breached', at: nowIso(), dueAt: due });
        await persist({ type: 'escalated', reason: 'decision deadline breached', details: { kind: 'decision_deadline_breached', dueAt: due, rating: state.rating } });
      }
    }
  }

  /**
   * Working Together backstop: a decision on the type of response within one working
   * day of receipt, whatever the rating. Missing it is recorded for the managers'
   * timeliness figures; the RAG deadline is what escalates.
   */
  async function watchStatutoryBackstop(): Promise<void> {
    const due = state.statutoryDueAt!;
    if (await condition(decided, msUntil(due))) return;
    state.statutoryDeadlineMissed = true;
    await persist({ type: 'statutory_deadline_missed', details: { dueAt: due } });
  }

  /** Partner information not in by its deadline is marked missing; a late answer is kept. */
  async function watchPartnerInformation(): Promise<void> {
    const open = () => state.partnerInformation.filter((r) => r.status === 'requested');
    const dues = [...new Set(state.partnerInformation.map((r) => r.dueAt))].sort();
    for (const due of dues) {
      await condition(() => open().every((r) => r.dueAt !== due) || state.stage === 'closing', msUntil(due));
      if (state.stage === 'closing') return;
      const missing = open().filter((r) => r.dueAt === due);
      if (missing.length === 0) continue;
      for (const r of missing) r.status = 'missing';
      await persist({ type: 'partner_information_missing', details: { agencies: missing.map((r) => r.agency), dueAt: due } });
    }
  }

  /** The lead agency must accept in time, or the managers are told. */
  async function watchAllocation(allocation: CaseStatus['allocations'][number]): Promise<void> {
    const due = allocation.dueAt!;
    const answered = await condition(() => allocation.status !== 'requested', msUntil(due));
    if (!answered) {
      allocation.escalated = true;
      state.escalations.push({ kind: 'allocation_not_accepted', at: nowIso(), dueAt: due });
      await persist({ type: 'escalated', reason: 'allocation not accepted in time', details: { kind: 'allocation_not_accepted', leadAgency: allocation.leadAgency, dueAt: due } });
    }
  }

  // ---- Human steps -----------------------------------------------------------------

  setHandler(statusQuery, () => state);

  setHandler(notificationResentSignal, ({ receivedAt }) => {
    track(
      (async () => {
        await store.recordResend({ caseId: state.caseId, receivedAt });
        await persist({ type: 'notification_resent', details: { receivedAt } });
      })(),
    );
  });

  setHandler(
    changeRatingUpdate,
    async ({ actor, change }) => {
      const previous = state.rating;
      state.rating = change.rating;
      state.ratingHistory.push({ rating: change.rating, reason: change.reason, by: actor, at: nowIso() });
      // The deadline runs from receipt at the new rating's pace; a breach already
      // recorded stays counted.
      state.decisionDueAt = await store.planDecisionDeadline({ receivedAt: state.receivedAt, rating: change.rating });
      if (change.rating === 'red' && state.meeting && !state.meeting.immediate) {
        state.meeting = await store.planMeeting({ after: nowIso(), rating: 'red' });
      }
      await persist({ type: 'rating_changed', actor, reason: change.reason, details: { from: previous, to: change.rating, decisionDueAt: state.decisionDueAt } });
      return result();
    },
    {
      validator: ({ change }) => {
        requireStage(['awaiting_decision', 'awaiting_authorisation'], 'changing the rating');
        if (change.rating === state.rating) outOfOrder(`the case is already rated ${change.rating}`);
      },
    },
  );

  setHandler(
    submitPartnerInformationUpdate,
    async ({ actor, agency, information }) => {
      const at = nowIso();
      let request = state.partnerInformation.find((r) => r.agency === agency);
      if (!request) {
        request = { agency, requestedAt: at, dueAt: at, status: 'requested' };
        state.partnerInformation.push(request);
      }
      const late = request.status === 'missing' || Date.parse(at) > Date.parse(request.dueAt);
      request.status = 'received';
      request.receivedAt = at;
      request.late = late;
      await store.recordPartnerInformation({ caseId: state.caseId, seq: seq + 1, agency, actor, at, late, information });
      await persist({ type: 'partner_information_received', actor, details: { agency, late } });
      return result();
    },
    {
      validator: ({ actor, agency }) => {
        requireStage(['awaiting_decision', 'awaiting_authorisation', 'awaiting_allocation'], 'adding partner information');
        if (actor.agency !== agency) notPermitted('a practitioner adds only their own agency\'s information');
        if (!(agencies as readonly string[]).includes(agency)) notPermitted(`${agency} is not a partner agency`);
      },
    },
  );

  setHandler(
    recordDecisionUpdate,
    async ({ actor, decision }) => {
      const record = newDecision(actor, decision);
      state.decisions.push(record);
      state.stage = 'awaiting_authorisation';
      await persist({ type: 'decision_recorded', actor, reason: decision.rationale, details: { version: record.version, outcome: record.outcome, levelOfNeed: record.levelOfNeed, leadAgency: record.leadAgency } });
      return result();
    },
    {
      validator: ({ decision }) => {
        requireStage(['awaiting_decision'], 'recording a decision');
        checkDecisionAgainstCase(decision, 'body');
      },
    },
  );

  setHandler(
    authoriseDecisionUpdate,
    async ({ actor, authorisation }) => {
      const decision = current()!;
      const at = nowIso();
      if (authorisation.action === 'return') {
        // Back to the panel with the manager's comments; the deadline does not move.
        decision.status = 'returned';
        decision.managerComments = authorisation.comments;
        state.stage = 'awaiting_decision';
        state.meeting = await store.planMeeting({ after: at, rating: state.rating! });
        await persist({ type: 'decision_returned', actor, reason: authorisation.comments, details: { version: decision.version, meeting: state.meeting } });
        return result();
      }
      decision.status = 'authorised';
      decision.authorisedBy = actor;
      decision.authorisedAt = at;
      decision.managerComments = authorisation.comments;
      await actOnAuthorisedDecision(decision, {
        type: 'decision_authorised', actor, reason: authorisation.comments, details: { version: decision.version, outcome: decision.outcome },
      });
      return result();
    },
    { validator: (_step) => requireStage(['awaiting_authorisation'], 'authorising a decision') },
  );

  setHandler(
    amendDecisionUpdate,
    async ({ actor, amendment }) => {
      // An authorised decision is never overwritten: the amendment is a new version,
      // authorised by the manager who makes it, with its reason.
      const previous = current()!;
      previous.status = 'superseded';
      const record = newDecision(actor, amendment.decision, amendment.reason);
      record.status = 'authorised';
      record.authorisedBy = actor;
      record.authorisedAt = record.recordedAt;
      state.decisions.push(record);
      await actOnAuthorisedDecision(record, {
        type: 'decision_amended', actor, reason: amendment.reason,
        details: { version: record.version, supersedes: previous.version, outcome: record.outcome, leadAgency: record.leadAgency },
      });
      return result();
    },
    {
      validator: ({ amendment }) => {
        requireStage(['awaiting_allocation'], 'amending a decision');
        checkDecisionAgainstCase(amendment.decision, 'body.decision');
      },
    },
  );

  setHandler(
    respondToAllocationUpdate,
    async ({ actor, response }) => {
      const allocation = state.allocations.at(-1)!;
      allocation.respondedBy = actor;
      allocation.respondedAt = nowIso();
      if (response.response === 'accept') {
        allocation.status = 'accepted';
        allocation.leadProfessional = response.leadProfessional;
        state.stage = 'closing';
        await persist({ type: 'allocation_accepted', actor, details: { leadAgency: allocation.leadAgency } });
        return result();
      }
      // Declined: back to the panel for a new decision, at its next meeting.
      allocation.status = 'declined';
      allocation.declineReason = response.reason;
      current()!.status = 'superseded';
      state.stage = 'awaiting_decision';
      state.meeting = await store.planMeeting({ after: allocation.respondedAt, rating: state.rating! });
      await persist({ type: 'allocation_declined', actor, reason: response.reason, details: { leadAgency: allocation.leadAgency, meeting: state.meeting } });
      return result();
    },
    {
      validator: ({ actor }) => {
        requireStage(['awaiting_allocation'], 'responding to an allocation');
        const allocation = state.allocations.at(-1)!;
        if (actor.agency !== allocation.leadAgency) notPermitted(`the case is allocated to ${allocation.leadAgency}, not ${actor.agency}`);
      },
    },
  );

  // ---- The process -----------------------------------------------------------------

  const intake = await store.intakeContact({ caseId: input.caseId, receivedAt: input.receivedAt, notification: n });
  state.rating = intake.rating;
  state.ratingHistory.push({ rating: intake.rating, reason: intake.ratingReason, at: input.receivedAt });
  state.decisionDueAt = intake.decisionDueAt;
  state.statutoryDueAt = intake.statutoryDueAt;
  state.meeting = intake.meeting;
  state.partnerInformation = intake.partnerInformation;
  state.recontact = intake.recontact;
  state.repeatReferral = intake.repeatReferral;
  state.earlierContactIds = intake.earlierContactIds ?? [];
  strategyDiscussionHours = intake.strategyDiscussionHours ?? 24;
  state.stage = 'awaiting_decision';
  await persist({
    type: 'contact_received',
    details: {
      source: '6',
      rating: intake.rating,
      decisionDueAt: intake.decisionDueAt,
      meeting: intake.meeting,
      partnersAsked: intake.partnerInformation.map((r) => r.agency),
      recontact: intake.recontact,
      repeatReferral: intake.repeatReferral,
      workflowRunId: workflowInfo().runId,
    },
  });

  track(watchDecisionDeadline());
  track(watchPartnerInformation());
  // Added after contacts were already running: their histories have no such timer.
  if (patched('statutory-backstop')) track(watchStatutoryBackstop());

  // Close only once every step in flight has been written and the force has its
  // outcome; a step still running may yet move the case on, so look again after.
  for (;;) {
    await condition(() => state.stage === 'closing');
    await condition(allHandlersFinished);
    while (pending.size > 0) await Promise.all([...pending]);
    if ((state.stage as Stage) === 'closing') break;
  }
  state.stage = 'closed';
  state.closedAt = nowIso();
  await persist({ type: 'case_closed', details: { outcome: state.outcome as TriageOutcome } });
  return state;
}
