// The I/O a contact's workflow asks for, whatever its source, as one interface: the
// workflow depends on this contract, `activities/` implements it, the worker wires the
// two. Every activity may run more than once, so each is idempotent, keyed by business ids.
import type { Agency, ContactSource, IncidentType, RagRating, TriageOutcome } from '../codes.js';
import type { PoliceNotification } from '../schemas/notification.js';
import type { ContactKind } from '../schemas/referral.js';
import type { PartnerInformationInput } from '../schemas/steps.js';
import type { AddressedOrganisations } from '../organisations.js';
import type { JointDecisionRules, ThresholdRules } from './rules.js';
import type {
  Actor, AuditReceipt, CaseStatus, MeetingSlot, NotificationReceipt, PartnerContactWorkflowInput, PartnerInformationRequest, TimelineEventInput,
} from './state.js';

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
  /** Where each agency's part of the case goes (shared/organisations.ts); absent on contacts received before. */
  organisations?: AddressedOrganisations;
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
  /** MARAC escalation: the domestic abuse incidents about the children in the 12 months to this one, this one included, when 3 or more. */
  maracEscalation?: number;
}

/** The council's rules a case carries from receipt (configuration at that moment). */
export interface CaseRules {
  jointDecision: JointDecisionRules;
  /** Outcomes each level of need rules out. */
  threshold: ThresholdRules;
  /** An amendment is made by a manager other than the one who authorised the decision. */
  amendmentByAnotherManager: boolean;
  /**
   * A recipient's system that refuses the outcome (4xx other than 408/429) is tried again
   * for this long: a force's or, by the same rule, a referrer's agency's webhook.
   */
  policeFeedbackRejectedRetryHours: number;
  /**
   * Past this, an outcome a recipient's system has not taken is given up: a force's is put
   * to managers; a referrer's agency still has it in its outbox.
   */
  policeFeedbackGiveUpHours: number;
}

/** A decision's outcome as anyone outside the front door is told it: never the rationale or what partners shared. */
export interface OutcomeMessage {
  caseId: string;
  /** The authorised decision's version: a later amendment's outcome supersedes it. 0: a duplicate, no decision of its own. */
  version: number;
  /** The decision's outcome; none for a duplicate (`duplicateOf` instead). */
  outcome?: TriageOutcome;
  levelOfNeed?: number;
  leadAgency?: Agency;
  /** When the decision was authorised, or the contact marked a duplicate. */
  decidedAt: string;
  /**
   * The contact was found a duplicate of this case (the same children and incident, sent
   * twice) and closed without a decision of its own: its sender hears so, and the case id
   * the decision will be made on. Nothing more of that case is sent.
   */
  duplicateOf?: string;
}

/**
 * One delivery of an outcome to a recipient's webhook, exactly the fields that recipient
 * is sent: the notifying force (its notification's reference) or a professional
 * referrer's agency (the referrer's own reference). Which webhook is the local
 * configuration's (POLICE_WEBHOOKS, REFERRER_WEBHOOKS).
 */
export type OutcomeDelivery = OutcomeMessage & ({ force: string; policeReference: string } | { agency: Agency; referrerReference?: string });

export interface OutcomeDeliveryResult {
  status: 'delivered' | 'no_webhook_configured';
  deliveredAt?: string;
  attempts: number;
}

/** The recipient's system refused the outcome for good (4xx other than 408/429). */
export const WEBHOOK_REJECTED = 'WebhookRejected';

/** A partner contact's intake: ungraded, so only the initial rating's due time is planned. */
export interface PartnerIntakeResult extends ContactIntake {
  /** The initial rating is due by then (INITIAL_RATING_WORKING_MINUTES of working time). */
  ratingDueAt: string;
}

/** The outcome in a referrer's agency's outbox: what its webhook is sent, and what the contact was. */
export type ReferrerOutcome = Extract<OutcomeDelivery, { agency: Agency }> & {
  source: ContactSource;
  kind: ContactKind;
  /** The referrer's organisation within the agency: the outbox is that organisation's. */
  organisation?: string;
};

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
  /**
   * A police notification's intake: records the notification and contact, matches people,
   * plans rating, deadlines, meeting, partners; and in the same activity the case as
   * intake leaves it (`applyIntake`) on its timeline and contact, and the notification's
   * collection in the audit trail.
   */
  receiveContact(input: ReceiveContactInput): Promise<IntakeResult>;
  /** The decision deadline for a (changed) rating, counted from receipt. */
  planDecisionDeadline(input: { receivedAt: string; rating: RagRating }): Promise<string>;
  /** The meeting a case goes (back) to: one starting no later than `dueBy`, else triaged at once. */
  planMeeting(input: { after: string; rating: RagRating; dueBy?: string }): Promise<MeetingSlot>;
  /** s47 enquiry: when the initial child protection conference must be held by (15 working days from the strategy discussion). */
  planConferenceDeadline(input: { heldAt: string }): Promise<string>;
  /** When the lead agency must accept an allocation by. */
  planAllocationDeadline(input: { from: string }): Promise<string>;
  /** When open partner information requests are due, for a (changed) rating. */
  planPartnerInformationDue(input: { from: string; rating: RagRating; meeting: MeetingSlot; decisionDueAt: string }): Promise<string>;
  /**
   * Appends one timeline event and projects the case onto its contact record; with `audit`
   * (a person's step) the step's audit entry too, keyed by the event: written once.
   */
  recordCaseEvent(input: { caseId: string; seq: number; event: TimelineEventInput; status: CaseStatus; audit?: AuditReceipt }): Promise<void>;
  recordPartnerInformation(input: {
    caseId: string; seq: number; agency: Agency; actor: Actor; at: string; late: boolean; information: PartnerInformationInput;
  }): Promise<void>;
  recordReferral(input: {
    caseId: string; outcome: TriageOutcome; decisionVersion: number; referredAt: string; strategyDiscussionDueAt?: string;
    /** The children referred (each child's decision); absent: every child of the contact. */
    childPersonIds?: string[];
  }): Promise<void>;
  /** The decision that made the contact a referral was superseded: the referral stands withdrawn. */
  withdrawReferral(input: { caseId: string; decisionVersion: number; withdrawnAt: string; reason: string }): Promise<void>;
  recordResend(input: { caseId: string; receivedAt: string }): Promise<void>;
  /** A police update: the new version kept, its people matched (new children's histories), its rating worked out. */
  recordNotificationVersion(input: NotificationVersionInput): Promise<NotificationVersionResult>;
  /** Any other contact's intake: records the form and the contact, matches people, flags re-contacts, plans the rating's due time. */
  intakePartnerContact(input: PartnerContactWorkflowInput): Promise<PartnerIntakeResult>;
  /** Once rated: the decision deadline from receipt, the meeting and partner requests from the rating. */
  planRatedContact(input: { receivedAt: string; ratedAt: string; rating: RagRating; concern: IncidentType }): Promise<RatedContactPlan>;
  /** Puts the outcome in the referrer's agency's outbox (insert-only; a retry writes nothing new). */
  postReferrerOutcome(input: ReferrerOutcome): Promise<void>;
  /** Seals the audit entries logged since the last run into the hash chain (the `auditSealWorkflow`'s, one run at a time). */
  sealAuditTrail(): Promise<{ sealed: number; links: number }>;
  /** POSTs the outcome to its recipient's webhook, if it has one; throws to be retried while it fails. */
  deliverOutcome(input: OutcomeDelivery): Promise<OutcomeDeliveryResult>;
}
