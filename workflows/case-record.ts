// The case's record inside its workflow, whatever its source: the state, the method every
// stage move goes through, the timeline it writes at every step, the background work it
// waits for, and closure. What differs by source (the state as received, intake, who
// hears the outcome) is a `ContactSource` the workflow gives it. The steps people take
// are in case.ts, on top of this.
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { CaseRules, ContactIntake } from '../shared/case/activities.js';
import { lenientJointDecisionRules } from '../shared/case/rules.js';
import type { CaseStatus, DecisionRecord, Stage, StepResult } from '../shared/case/state.js';
import { mayTakeStep, moveStage, stepDescriptions, type CaseStep } from '../shared/case/steps.js';
import type { TriageOutcome } from '../shared/codes.js';
import type { AddressConfidentialityInput, DuplicateInput } from '../shared/schemas/steps.js';
import { nowIso } from './clock.js';
import type { CaseEvent } from './deadlines.js';
import { store } from './io.js';
import type { StepMessage } from './messages.js';
import { duplicateOutcomeOf, outcomeOf, type OutcomeRecipient } from './outcome.js';
import { outOfOrder, ruleViolation } from './refusals.js';

/**
 * Where a contact came from, as the case needs it: a police notification (police-source.ts)
 * or a contact from anyone else (partner-source.ts). Everything else is the same case.
 */
export interface ContactSource {
  /** The case as received (`receivedCase`). */
  readonly received: CaseStatus;
  /** Receipt: the contact recorded, people matched, and planned as far as its source allows. */
  intake(c: CaseRecord, runId: string): Promise<void>;
  /** Who is told the outcome of an authorised decision. */
  readonly recipient: OutcomeRecipient;
}

/** A case as received, whatever its source: nothing rated, decided or escalated yet. */
export function receivedCase(about: Pick<CaseStatus, 'caseId' | 'incidentType' | 'receivedAt' | 'maracReferralRequired'> & Partial<CaseStatus>): CaseStatus {
  return {
    stage: 'received',
    ratingHistory: [],
    breached: false,
    escalations: [],
    partnerInformation: [],
    decisions: [],
    allocations: [],
    policeFeedback: { status: 'not_due' },
    ...about,
  };
}

export class CaseRecord {
  readonly state: CaseStatus;
  protected seq = 0;
  /** Local rule, from intake: a strategy discussion within this many hours of deciding to hold one. */
  strategyDiscussionHours = 24;
  /**
   * The council's rules as they stood at receipt (from intake): a configuration change
   * never reaches a running case. These stand only until intake returns.
   */
  rules: CaseRules = {
    jointDecision: lenientJointDecisionRules,
    threshold: {},
    amendmentByAnotherManager: false,
    policeFeedbackRejectedRetryHours: 0,
    policeFeedbackGiveUpHours: 0,
  };
  /** Background work (police feedback, escalations) the case must see finish before it closes. */
  private readonly pending = new Set<Promise<unknown>>();
  /** The projection write last scheduled: the next waits for it (see `persist`). */
  private lastProjection: Promise<void> = Promise.resolve();

  constructor(private readonly source: ContactSource) {
    this.state = source.received;
  }

  // ---- The stage -------------------------------------------------------------------

  /** Every step moves the stage here (through the one function that moves it, `moveStage`). */
  moveTo(stage: Stage): void {
    moveStage(this.state, stage);
  }

  get stage(): Stage {
    return this.state.stage;
  }

  /** The decision the case is working on: the newest version. */
  get current(): DecisionRecord | undefined {
    return this.state.decisions.at(-1);
  }

  /** The front door has decided once a manager has authorised a decision. */
  readonly decided = (): boolean => this.state.decisions.some((d) => d.status === 'authorised');

  result(): StepResult {
    return { caseId: this.state.caseId, stage: this.state.stage };
  }

  /** Refuses a step the stage × step table does not allow now. */
  require(step: CaseStep): void {
    if (!mayTakeStep(this.state.stage, step)) outOfOrder(`${stepDescriptions[step]} is not possible while the case is ${this.state.stage}`);
  }

  // ---- Recording -------------------------------------------------------------------

  /**
   * Every step: one timeline event and a fresh projection of the case; a person's step
   * also its audit entry, in the same activity (keyed by the event: written once).
   */
  async persist({ audit, ...event }: CaseEvent): Promise<void> {
    const at = nowIso();
    // A copy: the arguments are serialised when the activity is scheduled, by which
    // time later steps may have changed the state.
    const status = JSON.parse(JSON.stringify(this.state)) as CaseStatus;
    return this.inLine((seq) => store.recordCaseEvent({ caseId: this.state.caseId, seq, event: { at, ...event }, status, ...(audit ? { audit } : {}) }));
  }

  /**
   * A write of the case's next event (numbered `seq`), in the projections' line. They are
   * written one after another: two in flight at once (a deadline firing while a person
   * records a step) could land in either order, and FerretDB checks the guard against an
   * older projection and writes without a lock, so the older one could win.
   */
  inLine<T>(write: (seq: number) => Promise<T>): Promise<T> {
    const seq = ++this.seq;
    const done = this.lastProjection.then(() => write(seq));
    // A failed write fails its own step; the next one still goes ahead.
    this.lastProjection = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  /** Work the case must see settle before closing (feedback, escalations, watchers). */
  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    // Settled either way it leaves the set; a failure surfaces where the case awaits
    // the pending work before closing.
    p.then(
      () => this.pending.delete(p),
      () => this.pending.delete(p),
    );
    return p;
  }

  // ---- Intake and outcome: the source's -----------------------------------------

  /** Receipt, as the contact's source takes it in. */
  intake(runId: string): Promise<void> {
    return this.source.intake(this, runId);
  }

  /** The local rules intake read for the case: it keeps them for its whole life. */
  keepRules(intake: ContactIntake): void {
    this.strategyDiscussionHours = intake.strategyDiscussionHours;
    this.rules = intake.caseRules;
  }

  /** The outcome of an authorised decision, told to whoever the source says hears it. */
  tellOutcome(decision: DecisionRecord): void {
    this.source.recipient.tell(this, outcomeOf(this.state.caseId, decision));
  }

  // ---- Closure ---------------------------------------------------------------------

  /**
   * Closes once the case is `closing`, every step in flight has been written and the
   * force has its outcome; a step still running may yet move the case on, so look again.
   */
  async closeWhenDone(): Promise<CaseStatus> {
    const settled = () => this.state.stage === 'closing' && allHandlersFinished();
    for (;;) {
      await condition(settled);
      while (this.pending.size > 0) await Promise.all([...this.pending]);
      // A step that arrived while the background work ran (an amendment, then an
      // acceptance) may have moved the case, or still be writing: look again.
      if (settled()) break;
    }
    this.moveTo('closed');
    this.state.closedAt = nowIso();
    await this.persist({ type: 'case_closed', details: { outcome: this.state.outcome as TriageOutcome } });
    return this.state;
  }

  // ---- A confidential address ------------------------------------------------------

  validateAddressConfidentiality(): void {
    this.require('markAddressConfidential');
    if (this.state.addressConfidential) outOfOrder('the address is already confidential');
  }

  /** From now on every address of the case is withheld outside the front door (api/presenters/case-views.ts). */
  async markAddressConfidential({ actor, confidentiality, audit }: StepMessage<{ confidentiality: AddressConfidentialityInput }>): Promise<StepResult> {
    this.state.addressConfidential = { at: nowIso(), by: actor };
    await this.persist({ type: 'address_marked_confidential', actor, reason: confidentiality.reason, audit });
    return this.result();
  }

  // ---- A duplicate -----------------------------------------------------------------

  validateDuplicate({ duplicate }: { duplicate: DuplicateInput }): void {
    this.require('markDuplicate');
    if (duplicate.duplicateOf === this.state.caseId) ruleViolation('duplicateOf', 'a contact is not a duplicate of itself');
    // Decided once already (then declined back to the panel): it has its own decision.
    if (this.state.decisions.some((d) => d.status !== 'returned')) outOfOrder('the case has a decision of its own');
  }

  /**
   * Found a duplicate of another contact (the same children and incident, received twice):
   * not decided separately. It closes as "duplicate of" that case, the outcome recorded on
   * its timeline; its deadlines stop being watched (the case it duplicates carries them).
   * Whoever sent it (the force, a professional referrer's agency) still hears an outcome:
   * that it is a duplicate of that case.
   */
  async markDuplicate({ actor, duplicate, audit }: StepMessage<{ duplicate: DuplicateInput }>): Promise<StepResult> {
    const at = nowIso();
    this.state.duplicateOf = { caseId: duplicate.duplicateOf, reason: duplicate.reason, at, by: actor };
    this.moveTo('closing');
    await this.persist({ type: 'marked_duplicate', actor, reason: duplicate.reason, details: { duplicateOf: duplicate.duplicateOf }, audit });
    this.source.recipient.tell(this, duplicateOutcomeOf(this.state.caseId, duplicate.duplicateOf, at));
    return this.result();
  }
}
