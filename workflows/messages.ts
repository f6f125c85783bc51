// The contract between the contact workflow and its callers (api/, tests). Pure: no
// workflow body is imported, so callers depend on the messages alone and the compiler
// checks both sides.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Agency, RagRating, TriageOutcome } from '../shared/codes.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import type {
  AllocationResponseInput,
  AmendmentInput,
  AuthorisationInput,
  DecisionInput,
  PartnerInformationInput,
  RatingChangeInput,
} from '../shared/schemas/steps.js';

/** Where a contact is in the process. */
export const stages = [
  'received',
  'awaiting_decision',
  'awaiting_authorisation',
  'awaiting_allocation',
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
}

export interface MeetingSlot {
  /** Local date of the PIT Stop meeting, YYYY-MM-DD. */
  date: string;
  startsAt: string;
  /** Red contacts are triaged at once, not held for the meeting. */
  immediate: boolean;
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
  /** Strategy discussion (s47): within 24 hours of the decision to hold one. */
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

export interface Escalation {
  kind: 'decision_deadline_breached' | 'allocation_not_accepted';
  at: string;
  dueAt: string;
}

export interface PoliceFeedbackState {
  status: 'not_due' | 'pending' | 'delivered' | 'no_webhook_configured';
  decisionVersion?: number;
  deliveredAt?: string;
  attempts?: number;
}

/** The workflow's view of a case; projected to MongoDB after every step. */
export interface CaseStatus {
  caseId: string;
  stage: Stage;
  forceCode: string;
  policeReference: string;
  incidentType: string;
  receivedAt: string;
  rating?: RagRating;
  ratingHistory: { rating: RagRating; reason: string; by?: Actor; at: string }[];
  decisionDueAt?: string;
  statutoryDueAt?: string;
  /** No authorised decision within one working day (Working Together backstop). */
  statutoryDeadlineMissed?: boolean;
  breached: boolean;
  escalations: Escalation[];
  meeting?: MeetingSlot;
  partnerInformation: PartnerInformationRequest[];
  decisions: DecisionRecord[];
  allocations: AllocationRecord[];
  policeFeedback: PoliceFeedbackState;
  recontact?: boolean;
  repeatReferral?: boolean;
  /** High-risk domestic abuse (DASH high) also goes to MARAC: the decision must refer it. */
  maracReferralRequired?: boolean;
  /** The same children's contacts in the previous 12 months: what a re-contact links to. */
  earlierContactIds?: string[];
  outcome?: TriageOutcome;
  decidedAt?: string;
  closedAt?: string;
}

export interface StepResult {
  caseId: string;
  stage: Stage;
}

export const statusQuery = defineQuery<CaseStatus>('status');
export const notificationResentSignal = defineSignal<[{ receivedAt: string }]>('notificationResent');

export const recordDecisionUpdate = defineUpdate<StepResult, [{ actor: Actor; decision: DecisionInput }]>('recordDecision');
export const authoriseDecisionUpdate = defineUpdate<StepResult, [{ actor: Actor; authorisation: AuthorisationInput }]>('authoriseDecision');
export const amendDecisionUpdate = defineUpdate<StepResult, [{ actor: Actor; amendment: AmendmentInput }]>('amendDecision');
export const respondToAllocationUpdate = defineUpdate<StepResult, [{ actor: Actor; response: AllocationResponseInput }]>('respondToAllocation');
export const changeRatingUpdate = defineUpdate<StepResult, [{ actor: Actor; change: RatingChangeInput }]>('changeRating');
export const submitPartnerInformationUpdate = defineUpdate<
  StepResult,
  [{ actor: Actor; agency: Agency; information: PartnerInformationInput }]
>('submitPartnerInformation');

/** Failure types the API turns into HTTP statuses. */
export const STEP_OUT_OF_ORDER = 'StepOutOfOrder';
export const STEP_NOT_PERMITTED = 'StepNotPermitted';
/** A step that breaks a rule depending on the case itself; details[0] is the field path. */
export const STEP_RULE_VIOLATION = 'StepRuleViolation';
