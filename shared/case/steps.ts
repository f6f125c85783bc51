// The human steps of the process and the stages in which each may be taken: one table,
// read by the workflow's validators (the authority on order) and by the API and pages
// (to offer only the steps a case can take now).
import type { Stage } from './state.js';

export const caseSteps = [
  'changeRating',
  'submitPartnerInformation',
  'recordDecision',
  'authoriseDecision',
  'amendDecision',
  'respondToAllocation',
] as const;
export type CaseStep = (typeof caseSteps)[number];

/**
 * Stage → the steps allowed in it. `received` is intake (no person can act yet);
 * `closing` waits for work in flight (police feedback) before `closed`.
 */
export const stepsAllowedIn: Record<Stage, readonly CaseStep[]> = {
  received: [],
  awaiting_decision: ['changeRating', 'submitPartnerInformation', 'recordDecision'],
  awaiting_authorisation: ['changeRating', 'submitPartnerInformation', 'authoriseDecision'],
  awaiting_allocation: ['submitPartnerInformation', 'amendDecision', 'respondToAllocation'],
  closing: [],
  closed: [],
};

/** How people read a step in a refusal: "recording a decision is not possible while...". */
export const stepDescriptions: Record<CaseStep, string> = {
  changeRating: 'changing the rating',
  submitPartnerInformation: 'adding partner information',
  recordDecision: 'recording a decision',
  authoriseDecision: 'authorising a decision',
  amendDecision: 'amending a decision',
  respondToAllocation: 'responding to an allocation',
};

export function mayTakeStep(stage: Stage, step: CaseStep): boolean {
  return stepsAllowedIn[stage].includes(step);
}
