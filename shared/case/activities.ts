// The I/O a contact's workflow asks for, as an interface: the workflow depends on this
// contract, `activities/` implements it, the worker wires the two. Every activity may
// run more than once, so each is idempotent, keyed by business ids.
import type { Agency, RagRating, TriageOutcome } from '../codes.js';
import type { PoliceNotification } from '../schemas/notification.js';
import type { PartnerInformationInput } from '../schemas/steps.js';
import type { JointDecisionRules, ThresholdRules } from './rules.js';
import type { Actor, CaseStatus, MeetingSlot, NotificationReceipt, PartnerInformationRequest, TimelineEventInput } from './state.js';

/** What intake finds about any contact, police or partner: who it is about, its deadlines' start, its rules. */
export interface ContactIntake {
  statutoryDueAt: string;
  childPersonIds: string[];
  /** The same children's contacts in the previous 12 months, newest first. */
  earlierContactIds: string[];
  recontact: boolean;
  repeatReferral: boolean;
  /** Local rule: a strategy discussion within this many hours of deciding to hold one. */
  strategyDiscussionHours: number;
  /** Local rules fixed for the case at receipt, so a running case stays deterministic. */
  caseRules: CaseRules;
}

/** What a rating sets: the decision deadline (from receipt), the meeting, the partners asked. */
export interface RatedContactPlan {
  decisionDueAt: string;
  meeting: MeetingSlot;
  partnerInformation: PartnerInformationRequest[];
}

/** A police notification's intake: graded, so rated and planned at once. */
export interface IntakeResult extends ContactIntake, RatedContactPlan {
  rating: RagRating;
  ratingReason: string;
}

/** The council's rules a case carries from receipt (configuration at that moment). */
export interface CaseRules {
  jointDecision: JointDecisionRules;
  /** Outcomes each level of need rules out. */
  threshold: ThresholdRules;
  /** An amendment is made by a manager other than the one who authorised the decision. */
  amendmentByAnotherManager: boolean;
  /** A force's system that refuses the outcome (4xx other than 408/429) is tried again for this long. */
  policeFeedbackRejectedRetryHours: number;
  /** Past this, an outcome the force's system has not taken is given up and put to managers. */
  policeFeedbackGiveUpHours: number;
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

/** The force's system refused the outcome for good (4xx other than 408/429). */
export const POLICE_WEBHOOK_REJECTED = 'PoliceWebhookRejected';

export interface NotificationVersionInput {
  caseId: string;
  version: number;
  /** When the front door received this version. */
  receivedAt: string;
  /** When the case was received: the contact's time in a new child's history. */
  caseReceivedAt: string;
  notification: PoliceNotification;
  differences: unknown;
  /** The people the case already names; absent before the first update (then the contact's own lists). */
  childPersonIds?: string[];
  adultPersonIds?: string[];
}

export interface NotificationVersionResult {
  /** Every child and adult the case names, earlier ones first: people are never taken off a case. */
  childPersonIds: string[];
  adultPersonIds: string[];
  /** The children of this version, in its order (what the case's page links, child by child). */
  versionChildPersonIds: string[];
  /** Children this version named for the first time (their histories now list the case). */
  newChildPersonIds: string[];
  /** The rating the version's police grading or DASH level calls for (`initialRating`). */
  rating: RagRating;
}

/** Intake and the case's first step in one activity (workflows/case-record.ts, `intake`). */
export interface ReceiveContactInput {
  caseId: string;
  receivedAt: string;
  notification: PoliceNotification;
  /** The case as received, and the sequence and time of its first event. */
  received: CaseStatus;
  seq: number;
  at: string;
  workflowRunId: string;
  receipt?: NotificationReceipt;
}

export interface CaseActivities {
  /** Records the notification and contact, matches people, plans rating, deadlines, meeting, partners. */
  intakeContact(input: { caseId: string; receivedAt: string; notification: PoliceNotification }): Promise<IntakeResult>;
  /**
   * The same, and in the same activity the case as intake leaves it (`applyIntake`) on
   * its timeline and contact, and the notification's collection in the audit trail.
   */
  receiveContact(input: ReceiveContactInput): Promise<IntakeResult>;
  /** The decision deadline for a (changed) rating, counted from receipt. */
  planDecisionDeadline(input: { receivedAt: string; rating: RagRating }): Promise<string>;
  /** The meeting a case goes (back) to. */
  planMeeting(input: { after: string; rating: RagRating }): Promise<MeetingSlot>;
  /** When the lead agency must accept an allocation by. */
  planAllocationDeadline(input: { from: string }): Promise<string>;
  /** When open partner information requests are due, for a (changed) rating. */
  planPartnerInformationDue(input: { from: string; rating: RagRating; meeting: MeetingSlot; decisionDueAt: string }): Promise<string>;
  /** Appends one timeline event and projects the case onto its contact record. */
  recordCaseEvent(input: { caseId: string; seq: number; event: TimelineEventInput; status: CaseStatus }): Promise<void>;
  recordPartnerInformation(input: {
    caseId: string; seq: number; agency: Agency; actor: Actor; at: string; late: boolean; information: PartnerInformationInput;
  }): Promise<void>;
  recordReferral(input: {
    caseId: string; outcome: TriageOutcome; decisionVersion: number; referredAt: string; strategyDiscussionDueAt?: string;
  }): Promise<void>;
  /** The decision that made the contact a referral was superseded: the referral stands withdrawn. */
  withdrawReferral(input: { caseId: string; decisionVersion: number; withdrawnAt: string; reason: string }): Promise<void>;
  recordResend(input: { caseId: string; receivedAt: string }): Promise<void>;
  /** A police update: the new version kept, its people matched (new children's histories), its rating worked out. */
  recordNotificationVersion(input: NotificationVersionInput): Promise<NotificationVersionResult>;
  deliverPoliceFeedback(input: PoliceFeedbackInput): Promise<PoliceFeedbackResult>;
}
