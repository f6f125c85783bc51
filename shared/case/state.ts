// The case as the engine knows it: a contact moving from receipt through partnership
// triage, the joint decision, manager authorisation and allocation to closure. These
// types are shared by the workflow (which owns the state), the activities (which
// project it to MongoDB) and the API (which presents it); none of them owns the words.
import type { Agency, ContactSource, RagRating, TriageOutcome } from '../codes.js';
import type { PoliceNotification } from '../schemas/notification.js';
import type { ReferralForm } from '../schemas/referral.js';
import type { DecisionInput } from '../schemas/steps.js';

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
  'closing',
  'closed',
] as const;
export type Stage = (typeof stages)[number];

/** Who did a step: from the caller's credentials, never from the request body. */
export interface Actor {
  id: string;
  name: string;
  role: string;
  agency: string;
}

export interface ContactWorkflowInput {
  caseId: string;
  /** When the front door accepted the notification: the clock for every deadline. */
  receivedAt: string;
  notification: PoliceNotification;
  /**
   * A police update to a case that had already closed opens a new contact about the same
   * notification: the case it follows (shared/notification-versions.ts, README "Police updates").
   */
  recontactOf?: string;
  /**
   * Who submitted it, for the audit trail's record of its collection: written by the
   * case's intake (so the 202 waits for no audit write, and a crash after the start
   * cannot lose the entry). Absent when a contact is started without the API (tests).
   */
  receipt?: NotificationReceipt;
}

/** The audit entry of a notification's collection, as the API saw the request. */
export interface NotificationReceipt {
  action: 'notification.submit' | 'notification.update';
  actor: { id: string; name?: string; role?: string; agency?: string; force?: string };
  resource: string;
  requestId?: string;
  reason?: string;
  outcome: number;
}

/** A contact from anyone but the police (a multi-agency referral form, a call): no grading, rated by the front door. */
export interface PartnerContactWorkflowInput {
  caseId: string;
  /** When the front door accepted the form: the clock for the rating and every deadline. */
  receivedAt: string;
  form: ReferralForm;
  /** The partner agency the referrer acts for (from their credentials): told the outcome. None for the public or anonymous. */
  referrerAgency?: Agency;
  /** Who sent or took down the form. */
  submittedBy: Actor;
}

export interface MeetingSlot {
  /** Local date of the PIT Stop meeting, YYYY-MM-DD. */
  date: string;
  startsAt: string;
  /** Red contacts are triaged at once, not held for the meeting. */
  immediate: boolean;
  /**
   * When the front door closes on the meeting's day: a case still undecided then was not
   * reached, and is carried over to the next meeting. (Absent on slots planned before.)
   */
  endsAt?: string;
}

export interface PartnerInformationRequest {
  agency: Agency;
  requestedAt: string;
  dueAt: string;
  status: 'requested' | 'received' | 'missing';
  receivedAt?: string;
  /** Answered after it was marked missing: kept all the same. */
  late?: boolean;
}

export interface DecisionRecord extends DecisionInput {
  version: number;
  status: 'proposed' | 'returned' | 'authorised' | 'superseded';
  recordedBy: Actor;
  recordedAt: string;
  leadAgency?: Agency;
  /** Strategy discussion (s47): within a local number of hours of the decision to hold one. */
  strategyDiscussionDueAt?: string;
  authorisedBy?: Actor;
  authorisedAt?: string;
  managerComments?: string;
  /** Set when this version amends an authorised decision. */
  amendmentReason?: string;
}

export interface AllocationRecord {
  leadAgency: Agency;
  decisionVersion: number;
  requestedAt: string;
  dueAt?: string;
  status: 'requested' | 'accepted' | 'declined' | 'withdrawn';
  escalated: boolean;
  leadProfessional?: { name: string; team?: string; email?: string };
  respondedBy?: Actor;
  respondedAt?: string;
  declineReason?: string;
}

export const escalationKinds = [
  'decision_deadline_breached',
  'allocation_not_accepted',
  'strategy_discussion_overdue',
  'police_feedback_failed',
  /** A contact with no police grading was not rated within INITIAL_RATING_WORKING_MINUTES. */
  'initial_rating_overdue',
] as const;

export interface Escalation {
  kind: (typeof escalationKinds)[number];
  at: string;
  dueAt: string;
}

export interface PoliceFeedbackState {
  /** `failed`: the force's system refused or stayed unreachable past the time allowed; on the managers' queue. */
  status: 'not_due' | 'pending' | 'delivered' | 'no_webhook_configured' | 'failed';
  decisionVersion?: number;
  deliveredAt?: string;
  attempts?: number;
  failure?: string;
}

/** A strategy discussion (s47) held by the lead agency, with the agencies that took part. */
export interface StrategyDiscussionRecord {
  heldAt: string;
  agencies: Agency[];
  recordedBy: Actor;
  recordedAt: string;
  decisionVersion: number;
}

export interface RatingChange {
  rating: RagRating;
  reason: string;
  by?: Actor;
  at: string;
}

/** The outcome told to a professional referrer: their agency's outbox, and its webhook if configured. */
export interface ReferrerFeedbackState {
  /** `not_due` until a decision is authorised; `none` for a referrer the front door does not answer (anonymous, the public). */
  status: 'not_due' | 'none' | 'pending' | 'in_outbox';
  decisionVersion?: number;
  /** The agency's webhook, when it has one: delivered, or given up (the outbox still holds the outcome). */
  webhook?: 'delivered' | 'no_webhook_configured' | 'failed';
}

/** The workflow's view of a case; projected to MongoDB after every step. */
export interface CaseStatus {
  caseId: string;
  stage: Stage;
  /** CIN census contact source; absent on police notifications' cases (source 6). */
  source?: ContactSource;
  /** Police notifications only. */
  forceCode?: string;
  policeReference?: string;
  incidentType: string;
  receivedAt: string;
  rating?: RagRating;
  ratingHistory: RatingChange[];
  decisionDueAt?: string;
  /** A contact with no police grading: the initial rating is due by then (INITIAL_RATING_WORKING_MINUTES). */
  ratingDueAt?: string;
  statutoryDueAt?: string;
  /** No authorised decision within one working day (Working Together backstop). */
  statutoryDeadlineMissed?: boolean;
  breached: boolean;
  escalations: Escalation[];
  meeting?: MeetingSlot;
  /** The meetings a case was on but not reached at (their dates), each carried over to the next. */
  carriedOverFrom?: string[];
  partnerInformation: PartnerInformationRequest[];
  decisions: DecisionRecord[];
  allocations: AllocationRecord[];
  policeFeedback: PoliceFeedbackState;
  /** Contacts from referrers other than the police. */
  referrerFeedback?: ReferrerFeedbackState;
  recontact?: boolean;
  repeatReferral?: boolean;
  /** High-risk domestic abuse (DASH high) also goes to MARAC: the decision must refer it. */
  maracReferralRequired?: boolean;
  /** The same children's contacts in the previous 12 months: what a re-contact links to. */
  earlierContactIds?: string[];
  outcome?: TriageOutcome;
  decidedAt?: string;
  /** s47 only: when the strategy discussion must be held by, from the decision's authorisation. */
  strategyDiscussionDueAt?: string;
  strategyDiscussion?: StrategyDiscussionRecord;
  closedAt?: string;
  /** Police updates (workflows/update.ts): the version of the notification the case now stands on (absent: 1). */
  notificationVersion?: number;
  /** Each update recorded, oldest first; what changed is on the timeline (`notification_updated`). */
  notificationUpdates?: NotificationUpdateRecord[];
  /** The children and adults of every version, once an update has named anyone (else the contact's own lists stand). */
  childPersonIds?: string[];
  adultPersonIds?: string[];
  /** The children of the version the case stands on, in that version's order. */
  versionChildPersonIds?: string[];
  /** A contact opened by a police update to this closed case. */
  recontactOf?: string;
}

/** A police update recorded on the case: a new version of its notification. */
export interface NotificationUpdateRecord {
  version: number;
  receivedAt: string;
  sentAt: string;
  /** One line per change, as on the timeline. */
  summary: string[];
}

/** What a human step answers: the case and the stage it has moved to. */
export interface StepResult {
  caseId: string;
  stage: Stage;
}

/** One entry of a case's append-only timeline: what happened, who did it, when, and why. */
export interface TimelineEventInput {
  type: string;
  at: string;
  actor?: Actor;
  reason?: string;
  details?: Record<string, unknown>;
}
