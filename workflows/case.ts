// The contact as a case object, whatever its source: one method per human step, on top of
// the case's record (case-record.ts: state, the one place the stage moves, recording,
// closure, and the parts its source gives it: intake and who hears the outcome). The
// workflows (contact.ts, partner-contact.ts) wire messages to these methods; validators
// here are the authority on order (the stage × step table in shared/case) and on who may
// take a step. All I/O goes through activities.
import {
  caseOutcomeOf,
  childDecisions,
  leadAgencyOf,
  maracRequirement,
  outcomesOf,
  referralOutcomes,
  refersToMarac,
  conferenceOutstanding,
  strategyDiscussionOutstanding,
} from '../shared/case/rules.js';
import type { Actor, DecisionRecord, MeetingSlot, Stage, StepResult } from '../shared/case/state.js';
import type { DecidedTogether, StepMessage } from './messages.js';
import { agencies, type Agency, type RagRating, type TriageOutcome } from '../shared/codes.js';
import { addressedTo } from '../shared/organisations.js';
import type {
  AllocationResponseInput,
  AmendmentInput,
  AuthorisationInput,
  DecisionInput,
  PartnerInformationInput,
  RatingChangeInput,
  StrategyDiscussionInput,
} from '../shared/schemas/steps.js';
import { CaseRecord } from './case-record.js';
import { nowIso } from './clock.js';
import { store } from './io.js';
import { actOnAuthorisedDecision, type DecidingCase } from './outcome.js';
import { notPermitted, outOfOrder, ruleViolation } from './refusals.js';
import { respond, validateResponse } from './allocation.js';
import { checkDecision, checkStepDown, sameDecision } from './decision-checks.js';
import { recordDiscussion, validateDiscussion } from './strategy-discussion.js';

export class ContactCase extends CaseRecord implements DecidingCase {
  // ---- Rating ----------------------------------------------------------------------

  validateRatingChange({ change }: { change: RatingChangeInput }): void {
    this.require('changeRating');
    if (change.rating === this.state.rating) outOfOrder(`the case is already rated ${change.rating}`);
  }

  async changeRating({ actor, change, audit }: StepMessage<{ change: RatingChangeInput }>): Promise<StepResult> {
    const s = this.state;
    const previous = s.rating;
    s.rating = change.rating;
    s.ratingHistory.push({ rating: change.rating, reason: change.reason, by: actor, at: nowIso() });
    // The deadline runs from receipt at the new rating's pace (a re-decision's from the
    // decline); a breach already recorded stays counted.
    s.decisionDueAt = await store.planDecisionDeadline({ receivedAt: s.receivedAt, rating: change.rating });
    const declinedAt = [...s.allocations].reverse().find((a) => a.status === 'declined')?.respondedAt;
    if (s.redecisionDueAt && declinedAt && !this.decided()) {
      s.redecisionDueAt = await store.planDecisionDeadline({ receivedAt: declinedAt, rating: change.rating });
    }
    await this.replan(change.rating);
    await this.persist({ type: 'rating_changed', actor, reason: change.reason, details: { from: previous, to: change.rating, decisionDueAt: s.decisionDueAt }, audit });
    return this.result();
  }

  /**
   * The plan follows the rating: red is triaged at once and partners answer within a short
   * working time, never after the decision is due; back to amber or green, the case goes to
   * the next daily meeting and partners answer by its start.
   */
  private async replan(rating: RagRating): Promise<void> {
    const s = this.state;
    const now = nowIso();
    const immediate = rating === 'red';
    // Re-planned when red comes or goes, or when the meeting planned would now start after
    // the decision is due (the new pace is faster).
    const dueBy = this.meetingDueBy();
    if (s.meeting && (s.meeting.immediate !== immediate || (dueBy !== undefined && s.meeting.startsAt > dueBy))) {
      s.meeting = await store.planMeeting({ after: now, rating, dueBy });
    }
    const open = s.partnerInformation.filter((r) => r.status === 'requested');
    if (open.length === 0 || !s.meeting) return;
    const dueAt = await store.planPartnerInformationDue({ from: now, rating, meeting: s.meeting, decisionDueAt: s.decisionDueAt! });
    for (const r of open) r.dueAt = dueAt;
  }

  // ---- Partner information ---------------------------------------------------------

  validatePartnerInformation({ actor, agency }: { actor: Actor; agency: Agency }): void {
    this.require('submitPartnerInformation');
    if (actor.agency !== agency) notPermitted("a practitioner adds only their own agency's information");
    if (!(agencies as readonly string[]).includes(agency)) notPermitted(`${agency} is not a partner agency`);
  }

  async submitPartnerInformation({ actor, agency, information, audit }: StepMessage<{ agency: Agency; information: PartnerInformationInput }>): Promise<StepResult> {
    const at = nowIso();
    const request = this.state.partnerInformation.find((r) => r.agency === agency);
    // Kept under the sequence number the event should take; another step recording an event
    // in between moves the event on, so the event names it (readers go straight to it).
    const informationSeq = this.seq + 1;
    if (!request || !addressedTo(this.state.organisations, agency, actor.organisation)) {
      // Shared unasked (an agency not asked, or another school or practice than the one
      // asked): accepted and recorded for the panel, but it answers no request and opens
      // none, so it gives its sharer no need to know of the case.
      await store.recordPartnerInformation({ caseId: this.state.caseId, seq: informationSeq, agency, actor, at, late: false, information });
      await this.persist({ type: 'partner_information_received', actor, details: { agency, late: false, informationSeq, unsolicited: true } });
      return this.result();
    }
    const late = request.status === 'missing' || Date.parse(at) > Date.parse(request.dueAt);
    request.status = 'received';
    request.receivedAt = at;
    request.late = late;
    await store.recordPartnerInformation({ caseId: this.state.caseId, seq: informationSeq, agency, actor, at, late, information });
    await this.persist({ type: 'partner_information_received', actor, details: { agency, late, informationSeq }, audit });
    return this.result();
  }

  // ---- Decision and authorisation --------------------------------------------------

  /** Rules that depend on the case and the council, not just the decision's own fields. */
  private checkDecisionAgainstCase(d: DecisionInput, path: string): void {
    checkDecision(this.state, this.rules, d, path);
  }

  private newDecision(actor: Actor, d: DecisionInput, amendmentReason?: string): DecisionRecord {
    const at = nowIso();
    const known = this.state.versionChildPersonIds;
    const each = known?.length || d.children?.length ? { childDecisions: childDecisions(d, known) } : {};
    return {
      ...d,
      ...each,
      leadAgency: leadAgencyOf(d),
      version: this.state.decisions.length + 1,
      status: 'proposed',
      recordedBy: actor,
      recordedAt: at,
      ...(amendmentReason ? { amendmentReason } : {}),
    };
  }

  validateDecision({ decision }: { decision: DecisionInput }): void {
    this.require('recordDecision');
    this.checkDecisionAgainstCase(decision, 'body');
  }

  async recordDecision({ actor, decision, audit, decidedWith, decidedTogether }: StepMessage<{ decision: DecisionInput } & DecidedTogether>): Promise<StepResult> {
    // Linked contacts decided together: each names the other(s) on its decision and timeline entry.
    const together = { ...(decidedWith ? { decidedWith } : {}), ...(decidedTogether?.length ? { decidedTogether } : {}) };
    const record = { ...this.newDecision(actor, decision), ...together };
    this.state.decisions.push(record);
    this.moveTo('awaiting_authorisation');
    await this.persist({ type: 'decision_recorded', actor, reason: decision.rationale, details: { version: record.version, outcome: record.outcome, levelOfNeed: record.levelOfNeed, leadAgency: record.leadAgency, ...together }, audit });
    return this.result();
  }

  validateAuthorisation({ authorisation }: { authorisation: AuthorisationInput }): void {
    this.require('authoriseDecision');
    // A police update may have raised the risk to MARAC's criteria after the panel decided:
    // the manager cannot authorise a decision without the referral, only return it.
    const marac = maracRequirement(this.state);
    if (authorisation.action === 'authorise' && marac && this.current && !refersToMarac(this.current)) {
      ruleViolation('body.action', `${marac}; return the decision to the panel to add it`);
    }
  }

  async authoriseDecision({ actor, authorisation, audit, authorisedWith }: StepMessage<{ authorisation: AuthorisationInput; authorisedWith?: string }>): Promise<StepResult> {
    const decision = this.current!;
    const at = nowIso();
    if (authorisation.action === 'return') {
      // Back to the panel with the manager's comments; the deadline does not move.
      decision.status = 'returned';
      decision.managerComments = authorisation.comments;
      decision.returnedBy = actor;
      decision.returnedAt = at;
      await this.backToPanel(at);
      await this.persist({ type: 'decision_returned', actor, reason: authorisation.comments, details: { version: decision.version, meeting: this.state.meeting }, audit });
      return this.result();
    }
    decision.status = 'authorised';
    decision.authorisedBy = actor;
    decision.authorisedAt = at;
    decision.managerComments = authorisation.comments;
    await actOnAuthorisedDecision(this, decision, {
      type: 'decision_authorised', actor, reason: authorisation.comments, details: { version: decision.version, outcome: decision.outcome, ...(authorisedWith ? { authorisedWith } : {}) }, audit,
    });
    return this.result();
  }

  validateAmendment({ actor, amendment }: { actor: Actor; amendment: AmendmentInput }): void {
    this.require('amendDecision');
    const current = this.current;
    if (current?.status !== 'authorised') outOfOrder('there is no authorised decision to amend');
    // Four eyes: the manager who authorised a decision does not also authorise its change.
    if (this.rules.amendmentByAnotherManager && current.authorisedBy?.id === actor.id) {
      notPermitted('an amendment is made by a manager other than the one who authorised the decision');
    }
    this.checkDecisionAgainstCase(amendment.decision, 'body.decision');
    checkStepDown(current, amendment, this.state.versionChildPersonIds);
    const pending = this.state.pendingAmendment;
    if (amendment.decidedBy === 'managers' && pending && sameDecision(pending.amendment, amendment) && pending.proposedBy.id === actor.id) {
      notPermitted('a second manager confirms the change: you proposed it');
    }
  }

  async amendDecision({ actor, amendment, audit }: StepMessage<{ amendment: AmendmentInput }>): Promise<StepResult> {
    // Two managers: the first proposes (kept, nothing changes yet), a second confirms the same change.
    const pending = this.state.pendingAmendment;
    const confirming = amendment.decidedBy === 'managers' && pending !== undefined && sameDecision(pending.amendment, amendment);
    if (amendment.decidedBy === 'managers' && !confirming) {
      this.state.pendingAmendment = { amendment, proposedBy: actor, proposedAt: nowIso() };
      await this.persist({ type: 'amendment_proposed', actor, reason: amendment.reason, details: { decidedBy: 'managers', outcome: amendment.decision.outcome }, audit });
      return this.result();
    }
    this.state.pendingAmendment = undefined;
    // An authorised decision is never overwritten: the amendment is a new version,
    // authorised by the manager who makes it, with its reason.
    const previous = this.current!;
    previous.status = 'superseded';
    await this.withdrawReferralOf(previous, caseOutcomeOf(amendment.decision), 'decision amended');
    const record = this.newDecision(confirming ? pending.proposedBy : actor, amendment.decision, confirming ? pending.amendment.reason : amendment.reason);
    // The manager who makes it is its decision maker, unless the panel (or two managers) decided it.
    record.decidedBy = amendment.decidedBy ?? 'manager';
    if (confirming) record.confirmedBy = actor;
    record.status = 'authorised';
    record.authorisedBy = actor;
    record.authorisedAt = record.recordedAt;
    this.state.decisions.push(record);
    await actOnAuthorisedDecision(this, record, {
      type: 'decision_amended', actor, reason: amendment.reason,
      details: { version: record.version, supersedes: previous.version, outcome: record.outcome, leadAgency: record.leadAgency, decidedBy: record.decidedBy }, audit,
    });
    return this.result();
  }

  /** A referral stands only while the decision that made it does. */
  async withdrawReferralOf(superseded: DecisionRecord, next: TriageOutcome | undefined, reason: string): Promise<void> {
    if (!outcomesOf(superseded).some((o) => referralOutcomes.includes(o)) || (next !== undefined && referralOutcomes.includes(next))) return;
    await store.withdrawReferral({ caseId: this.state.caseId, decisionVersion: superseded.version, withdrawnAt: nowIso(), reason });
  }

  /** A meeting must start by: the re-decision's deadline after a decline, else the earlier of the RAG
   *  deadline and the backstop. One already passed: no meeting is early enough, triaged at once. */
  meetingDueBy(): string | undefined {
    const s = this.state;
    if (s.redecisionDueAt) return s.redecisionDueAt;
    return [s.decisionDueAt, s.statutoryDueAt].filter((d) => d !== undefined).sort()[0];
  }

  /**
   * Not reached at its meeting: the front door closed on the meeting's day with the case
   * still undecided. It goes to the next meeting (red: triaged when the front door next
   * opens), shown there as carried over, and the meeting it missed is kept in its record.
   */
  async carryOver(missed: MeetingSlot): Promise<void> {
    const s = this.state;
    const next = await store.planMeeting({ after: nowIso(), rating: s.rating!, dueBy: this.meetingDueBy() });
    // Decided, re-rated or returned while the next meeting was being planned: nothing to carry.
    if (s.stage !== 'awaiting_decision' || s.meeting !== missed) return;
    s.meeting = next;
    s.carriedOverFrom = [...(s.carriedOverFrom ?? []), missed.date];
    await this.persist({ type: 'carried_over', details: { from: missed.date, to: s.meeting.date, startsAt: s.meeting.startsAt } });
  }

  /** Returned by the manager or declined by the lead agency: to the panel's next meeting in time. */
  async backToPanel(after: string): Promise<void> {
    this.moveTo('awaiting_decision');
    this.state.meeting = await store.planMeeting({ after, rating: this.state.rating!, dueBy: this.meetingDueBy() });
  }

  // ---- Allocation ------------------------------------------------------------------

  validateAllocationResponse(m: { actor: Actor }): void {
    validateResponse(this, m);
  }

  respondToAllocation(m: StepMessage<{ response: AllocationResponseInput }>): Promise<StepResult> {
    return respond(this, m);
  }

  /** Accepted: closing, unless an s47 strategy discussion, or the conference its enquiry leads to, is still to be recorded. */
  afterAcceptance(): Stage {
    if (strategyDiscussionOutstanding(this.state)) return 'awaiting_strategy_discussion';
    return conferenceOutstanding(this.state) ? 'awaiting_conference' : 'closing';
  }

  // ---- Strategy discussion (s47): workflows/strategy-discussion.ts -----------------

  validateStrategyDiscussion(m: StepMessage<{ discussion: StrategyDiscussionInput }>): void {
    validateDiscussion(this, m);
  }

  recordStrategyDiscussion(m: StepMessage<{ discussion: StrategyDiscussionInput }>): Promise<StepResult> {
    return recordDiscussion(this, m);
  }
}
