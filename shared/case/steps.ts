// The human steps of the process and the stages in which each may be taken: one table,
// read by the workflow's validators (the authority on order) and by the API and pages
// (to offer only the steps a case can take now).
import type { CaseStatus, Stage } from './state.js';

export const caseSteps = [
  'rateContact',
  'changeRating',
  'submitPartnerInformation',
  'recordDecision',
  'authoriseDecision',
  'amendDecision',
  'respondToAllocation',
  'recordStrategyDiscussion',
  'recordConference',
  'markAddressConfidential',
  'markDuplicate',
] as const;
export type CaseStep = (typeof caseSteps)[number];

/**
 * Stage → the steps allowed in it. `received` is intake (no person can act yet);
 * `closing` waits for work in flight (police feedback) before `closed`.
 * Contacts from other sources (a referral form, a call) have no police grading: they wait
 * in `awaiting_rating` for the front door's initial rating, then follow the same triage.
 */
export const stepsAllowedIn: Record<Stage, readonly CaseStep[]> = {
  received: [],
  // A contact with no decision before the manager may be found a duplicate of a linked one
  // (closed as such); one awaiting authorisation is returned first.
  awaiting_rating: ['rateContact', 'markAddressConfidential', 'markDuplicate'],
  awaiting_decision: ['changeRating', 'submitPartnerInformation', 'recordDecision', 'markAddressConfidential', 'markDuplicate'],
  awaiting_authorisation: ['changeRating', 'submitPartnerInformation', 'authoriseDecision', 'markAddressConfidential'],
  awaiting_allocation: ['submitPartnerInformation', 'amendDecision', 'respondToAllocation', 'recordStrategyDiscussion', 'markAddressConfidential'],
  awaiting_strategy_discussion: ['submitPartnerInformation', 'amendDecision', 'recordStrategyDiscussion', 'markAddressConfidential'],
  // s47 enquiry: the front door's work is done; the case stays open, watched, until the
  // initial child protection conference is recorded held.
  awaiting_conference: ['amendDecision', 'recordConference', 'markAddressConfidential'],
  // An authorised decision can be amended until the case is closed, including while the
  // outcome is on its way to the force. The family's address can be marked confidential (a
  // refuge) at any stage the front door can still act on, as soon as it is known.
  closing: ['amendDecision', 'markAddressConfidential'],
  closed: [],
};

/** How people read a step in a refusal: "recording a decision is not possible while...". */
export const stepDescriptions: Record<CaseStep, string> = {
  rateContact: 'giving the initial rating',
  changeRating: 'changing the rating',
  submitPartnerInformation: 'adding partner information',
  recordDecision: 'recording a decision',
  authoriseDecision: 'authorising a decision',
  amendDecision: 'amending a decision',
  respondToAllocation: 'responding to an allocation',
  recordStrategyDiscussion: 'recording the strategy discussion',
  recordConference: 'recording the initial child protection conference',
  markAddressConfidential: 'marking the address confidential',
  markDuplicate: 'marking the contact a duplicate',
};

export function mayTakeStep(stage: Stage, step: CaseStep): boolean {
  return stepsAllowedIn[stage].includes(step);
}

/**
 * The one place a case's stage moves: the workflow's `CaseRecord.moveTo`, and intake's
 * plan (`applyIntake`), which the workflow and the intake activity both apply.
 */
export function moveStage(s: Pick<CaseStatus, 'stage'>, stage: Stage): void {
  s.stage = stage;
}
