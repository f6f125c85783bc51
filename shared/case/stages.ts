// The words a case's state is written in, as plain lists (no zod): the schemas
// (schema.ts) and the workflow's code read the same ones.

/** Where a contact is in the process. */
export const stages = [
  'received',
  /** A contact with no police grading (a referral form, a call): waits for the front door's initial rating. */
  'awaiting_rating',
  'awaiting_decision',
  'awaiting_authorisation',
  'awaiting_allocation',
  /** s47: the lead agency has accepted; the strategy discussion is still to be held. */
  'awaiting_strategy_discussion',
  /** s47 enquiry: the strategy discussion held; the initial child protection conference is still to be recorded. */
  'awaiting_conference',
  'closing',
  'closed',
] as const;
export type Stage = (typeof stages)[number];

export const escalationKinds = [
  'decision_deadline_breached',
  /** After a declined allocation, no new decision authorised by `redecisionDueAt`. */
  'redecision_overdue',
  'allocation_not_accepted',
  'strategy_discussion_overdue',
  /** s47 enquiry: no initial child protection conference recorded by `conferenceDueAt` (15 working days from the strategy discussion). */
  'conference_overdue',
  'police_feedback_failed',
  /** A contact with no police grading was not rated within INITIAL_RATING_WORKING_MINUTES. */
  'initial_rating_overdue',
] as const;
