// The case's record inside its workflow: the state, the method every stage move goes through,
// the timeline it writes at every step, the background work it waits for, intake and
// closure. The steps people take are in case.ts, on top of this.
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { CaseRules, IntakeResult } from '../shared/case/activities.js';
import { applyIntake } from '../shared/case/received.js';
import { lenientJointDecisionRules, maracReferralRequired } from '../shared/case/rules.js';
import type { CaseStatus, ContactWorkflowInput, DecisionRecord, Stage, StepResult } from '../shared/case/state.js';
import { mayTakeStep, moveStage, stepDescriptions, type CaseStep } from '../shared/case/steps.js';
import type { TriageOutcome } from '../shared/codes.js';
import { nowIso } from './clock.js';
import type { CaseEvent } from './deadlines.js';
import { store, storeHere } from './io.js';
import { outOfOrder } from './refusals.js';

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

  /**
   * A police notification's case, from the notification; a contact from anyone else
   * (partner-case.ts) brings its own received state and its own intake.
   */
  constructor(private readonly input: ContactWorkflowInput | undefined, received?: CaseStatus) {
    if (received) {
      this.state = received;
      return;
    }
    const n = input!.notification;
    this.state = receivedCase({
      caseId: input!.caseId,
      forceCode: n.force.code,
      policeReference: n.policeReference,
      incidentType: n.incident.type,
      receivedAt: input!.receivedAt,
      maracReferralRequired: maracReferralRequired(n),
    });
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

  protected result(): StepResult {
    return { caseId: this.state.caseId, stage: this.state.stage };
  }

  /** Refuses a step the stage × step table does not allow now. */
  protected require(step: CaseStep): void {
    if (!mayTakeStep(this.state.stage, step)) outOfOrder(`${stepDescriptions[step]} is not possible while the case is ${this.state.stage}`);
  }

  // ---- Recording -------------------------------------------------------------------

  /**
   * Every step: one timeline event and a fresh projection of the case. Projections are
   * written one after another: two in flight at once (a deadline firing while a person
   * records a step) could land in either order, and FerretDB checks the guard against
   * an older projection and writes without a lock, so the older one could win.
   */
  async persist(event: CaseEvent): Promise<void> {
    this.seq += 1;
    const input = {
      caseId: this.state.caseId,
      seq: this.seq,
      event: { at: nowIso(), ...event },
      // A copy: the arguments are serialised when the activity is scheduled, by which
      // time later steps may have changed the state.
      status: JSON.parse(JSON.stringify(this.state)) as CaseStatus,
    };
    const write = this.lastProjection.then(() => store.recordCaseEvent(input));
    // A failed write fails its own step; the next one still goes ahead.
    this.lastProjection = write.catch(() => undefined);
    return write;
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

  // ---- Intake ----------------------------------------------------------------------

  /** Receipt: the contact is recorded, people matched, rating, deadlines, meeting and partners planned. */
  async intake(runId: string): Promise<void> {
    const { caseId, receivedAt, notification, receipt } = this.input!;
    // Intake and the first projection are one activity (a third of the database writes
    // and of Temporal's work per notification, README "Benchmarks"), in the projections'
    // line: a step recorded meanwhile is written after it.
    this.seq += 1;
    // A copy: the arguments are serialised when the activity is scheduled.
    const first = { caseId, receivedAt, notification, received: JSON.parse(JSON.stringify(this.state)) as CaseStatus, seq: this.seq, at: nowIso(), workflowRunId: runId };
    const write = this.lastProjection.then(() => storeHere.receiveContact({ ...first, ...(receipt ? { receipt } : {}) }));
    this.lastProjection = write.then(
      () => undefined,
      () => undefined,
    );
    this.takeIntake(await write);
  }

  /** The plan intake made, held by the case (the same function the intake activity projects with). */
  private takeIntake(intake: IntakeResult): void {
    applyIntake(this.state, intake);
    this.strategyDiscussionHours = intake.strategyDiscussionHours;
    this.rules = intake.caseRules;
  }

  /** A police system sent the same notification again: recorded, nothing new started. */
  recordResend(receivedAt: string): void {
    this.track(
      (async () => {
        // Its projection must not carry the state from before intake over intake's own.
        await condition(() => this.state.stage !== 'received');
        await store.recordResend({ caseId: this.state.caseId, receivedAt });
        await this.persist({ type: 'notification_resent', details: { receivedAt } });
      })(),
    );
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
}
