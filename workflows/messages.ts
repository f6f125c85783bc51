// The contract between the contact workflow and its callers (api/, tests): the messages
// it takes and the failure types its validators raise. Pure: no workflow body is
// imported, so callers depend on the messages alone and the compiler checks both sides.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Agency } from '../shared/codes.js';
import type { Actor, AuditReceipt, CaseStatus, StepResult } from '../shared/case/state.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import type {
  AllocationResponseInput,
  AmendmentInput,
  AuthorisationInput,
  ConferenceInput,
  DecisionInput,
  PartnerInformationInput,
  RatingChangeInput,
  StrategyDiscussionInput,
  AddressConfidentialityInput,
  DuplicateInput,
} from '../shared/schemas/steps.js';

/** The workflow type callers start by name (no workflow body imported). */
export const CONTACT_WORKFLOW = 'contactWorkflow';

export const statusQuery = defineQuery<CaseStatus>('status');
export const notificationResentSignal = defineSignal<[{ receivedAt: string }]>('notificationResent');

/** A police system sent the notification again (a resend, or changed content: a police update). */
export interface NotificationReceivedMessage {
  actor: Actor;
  /** Its audit entry, written with the resend or the version it turns out to be (its action set then). */
  receipt?: Omit<AuditReceipt, 'action'>;
  receivedAt: string;
  notification: PoliceNotification;
}
/** `duplicate`: the content repeats version `version`; otherwise it is recorded as version `version`. */
export interface NotificationReceivedResult {
  caseId: string;
  duplicate: boolean;
  version: number;
}
export const receiveNotificationUpdate = defineUpdate<NotificationReceivedResult, [NotificationReceivedMessage]>('receiveNotification');

/**
 * A human step's message: who takes it, what they give, and the step's audit entry as the
 * API saw the request, which the step writes with its timeline event (once, keyed by it).
 */
export type StepMessage<T> = { actor: Actor; audit?: AuditReceipt } & T;

/**
 * Linked contacts decided together (one decision step on `decidedWith`, the others each
 * through their own): the case the step was taken on names the others, each other names it.
 */
export interface DecidedTogether {
  decidedWith?: string;
  decidedTogether?: string[];
}
export const recordDecisionUpdate = defineUpdate<StepResult, [StepMessage<{ decision: DecisionInput } & DecidedTogether>]>('recordDecision');

/** Why the case would refuse this decision now (its validator's refusal), or null: asked of each linked contact before any is decided. */
export interface StepRefusal {
  type: string;
  message: string;
  /** The field, for a rule of the case (`body.partnerActions`). */
  path?: string;
}
export const decisionRefusalQuery = defineQuery<StepRefusal | null, [DecisionInput]>('decisionRefusal');
/** `authorisedWith`: authorised in the same step as the linked contact it was decided with. */
export const authoriseDecisionUpdate = defineUpdate<StepResult, [StepMessage<{ authorisation: AuthorisationInput; authorisedWith?: string }>]>('authoriseDecision');
/** Why the case would refuse this authorisation now, or null: asked of each linked contact before any is authorised. */
export const authorisationRefusalQuery = defineQuery<StepRefusal | null, [AuthorisationInput]>('authorisationRefusal');
export const amendDecisionUpdate = defineUpdate<StepResult, [StepMessage<{ amendment: AmendmentInput }>]>('amendDecision');
export const respondToAllocationUpdate = defineUpdate<StepResult, [StepMessage<{ response: AllocationResponseInput }>]>('respondToAllocation');
/** A contact with no police grading: the front door's initial rating (partner-contact.ts). */
export const rateContactUpdate = defineUpdate<StepResult, [StepMessage<{ rating: RatingChangeInput }>]>('rateContact');
/** The workflow type of the audit trail's sealer (audit-seal.ts), started by a schedule. */
export const AUDIT_SEAL_WORKFLOW = 'auditSealWorkflow';
/** The workflow type of contacts from anyone but the police. */
export const PARTNER_CONTACT_WORKFLOW = 'partnerContactWorkflow';
export const changeRatingUpdate = defineUpdate<StepResult, [StepMessage<{ change: RatingChangeInput }>]>('changeRating');
export const recordStrategyDiscussionUpdate = defineUpdate<StepResult, [StepMessage<{ discussion: StrategyDiscussionInput }>]>(
  'recordStrategyDiscussion',
);
/** s47 enquiry: the initial child protection conference recorded held. */
export const recordConferenceUpdate = defineUpdate<StepResult, [StepMessage<{ conference: ConferenceInput }>]>('recordConference');
export const submitPartnerInformationUpdate = defineUpdate<
  StepResult,
  [StepMessage<{ agency: Agency; information: PartnerInformationInput }>]
>('submitPartnerInformation');

/** The family's address marked confidential (a refuge) by the front door. */
export const markAddressConfidentialUpdate = defineUpdate<StepResult, [StepMessage<{ confidentiality: AddressConfidentialityInput }>]>('markAddressConfidential');

/** A step the case's stage does not allow (the API answers 409). */
export const STEP_OUT_OF_ORDER = 'StepOutOfOrder';
/** A step this actor or agency may not take on this case (403). */
export const STEP_NOT_PERMITTED = 'StepNotPermitted';
/** A step that breaks a rule depending on the case itself; details[0] is the field path (422). */
export const STEP_RULE_VIOLATION = 'StepRuleViolation';

/** The contact found a duplicate of another by a manager: closed as such. */
export const markDuplicateUpdate = defineUpdate<StepResult, [StepMessage<{ duplicate: DuplicateInput }>]>('markDuplicate');
