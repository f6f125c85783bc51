// The I/O a contact's workflow asks for, as an interface: the workflow depends on this
// contract, `activities/` implements it, the worker wires the two. Every activity may
// run more than once, so each is idempotent, keyed by business ids.
import type { Agency, RagRating, TriageOutcome } from '../codes.js';
import type { PoliceNotification } from '../schemas/notification.js';
import type { PartnerInformationInput } from '../schemas/steps.js';
import type { Actor, CaseStatus, MeetingSlot, PartnerInformationRequest, TimelineEventInput } from './state.js';

export interface IntakeResult {
  rating: RagRating;
  ratingReason: string;
  decisionDueAt: string;
  statutoryDueAt: string;
  meeting: MeetingSlot;
  partnerInformation: PartnerInformationRequest[];
  childPersonIds: string[];
  /** The same children's contacts in the previous 12 months, newest first. */
  earlierContactIds: string[];
  recontact: boolean;
  repeatReferral: boolean;
  /** Local rule: a strategy discussion within this many hours of deciding to hold one. */
  strategyDiscussionHours: number;
}

export interface PoliceFeedbackInput {
  caseId: string;
  forceCode: string;
  policeReference: string;
  decisionVersion: number;
  outcome: TriageOutcome;
  levelOfNeed: number;
  leadAgency?: Agency;
  decidedAt: string;
}

export interface PoliceFeedbackResult {
  status: 'delivered' | 'no_webhook_configured';
  deliveredAt?: string;
  attempts: number;
}

export interface CaseActivities {
  /** Records the notification and contact, matches people, plans rating, deadlines, meeting, partners. */
  intakeContact(input: { caseId: string; receivedAt: string; notification: PoliceNotification }): Promise<IntakeResult>;
  /** The decision deadline for a (changed) rating, counted from receipt. */
  planDecisionDeadline(input: { receivedAt: string; rating: RagRating }): Promise<string>;
  /** The meeting a case goes (back) to. */
  planMeeting(input: { after: string; rating: RagRating }): Promise<MeetingSlot>;
  /** When the lead agency must accept an allocation by. */
  planAllocationDeadline(input: { from: string }): Promise<string>;
  /** Appends one timeline event and projects the case onto its contact record. */
  recordCaseEvent(input: { caseId: string; seq: number; event: TimelineEventInput; status: CaseStatus }): Promise<void>;
  recordPartnerInformation(input: {
    caseId: string; seq: number; agency: Agency; actor: Actor; at: string; late: boolean; information: PartnerInformationInput;
  }): Promise<void>;
  recordReferral(input: {
    caseId: string; outcome: TriageOutcome; decisionVersion: number; referredAt: string; strategyDiscussionDueAt?: string;
  }): Promise<void>;
  recordResend(input: { caseId: string; receivedAt: string }): Promise<void>;
  deliverPoliceFeedback(input: PoliceFeedbackInput): Promise<PoliceFeedbackResult>;
}
