// A police contact's state once intake has run: what the workflow holds and what the
// intake activity projects onto the contact in the same step (activities/intake.ts), so
// the two are worked out by one function and cannot differ.
import { POLICE_SOURCE } from '../codes.js';
import type { IntakeResult } from './activities.js';
import type { CaseStatus, TimelineEventInput } from './state.js';
import { moveStage } from './steps.js';

/** Intake's plan applied to the case as received: rated, deadlines and meeting set, partners asked, awaiting the decision. */
export function applyIntake(s: CaseStatus, intake: IntakeResult): CaseStatus {
  s.rating = intake.rating;
  s.ratingHistory.push({ rating: intake.rating, reason: intake.ratingReason, at: s.receivedAt });
  s.decisionDueAt = intake.decisionDueAt;
  s.statutoryDueAt = intake.statutoryDueAt;
  s.meeting = intake.meeting;
  s.partnerInformation = intake.partnerInformation;
  s.recontact = intake.recontact;
  s.repeatReferral = intake.repeatReferral;
  if (intake.maracEscalation) s.maracEscalation = intake.maracEscalation;
  s.earlierContactIds = intake.earlierContactIds ?? [];
  if (intake.organisations) s.organisations = intake.organisations;
  // The children the panel decides for, each (one family, each child); an update names them anew.
  s.versionChildPersonIds ??= intake.childPersonIds;
  moveStage(s, 'awaiting_decision');
  return s;
}

/** The first event on a police contact's timeline. */
export function contactReceivedEvent(intake: IntakeResult, workflowRunId: string): Omit<TimelineEventInput, 'at'> {
  return {
    type: 'contact_received',
    details: {
      source: POLICE_SOURCE,
      rating: intake.rating,
      decisionDueAt: intake.decisionDueAt,
      meeting: intake.meeting,
      partnersAsked: intake.partnerInformation.map((r) => r.agency),
      recontact: intake.recontact,
      repeatReferral: intake.repeatReferral,
      workflowRunId,
    },
  };
}
