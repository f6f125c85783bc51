// The I/O a contact from anyone but the police asks for (workflows/partner-contact.ts), on
// top of the police case's (activities.ts): intake without a grading, the plan once the
// front door has rated it, and the outcome told to the referrer's agency.
import type { Agency, ContactSource, IncidentType, RagRating, TriageOutcome } from '../codes.js';
import type { ContactKind } from '../schemas/referral.js';
import type { ContactIntake, RatedContactPlan } from './activities.js';
import type { PartnerContactWorkflowInput } from './state.js';

/** A partner contact's intake: ungraded, so only the initial rating's due time is planned. */
export interface PartnerIntakeResult extends ContactIntake {
  /** The initial rating is due by then (INITIAL_RATING_WORKING_MINUTES of working time). */
  ratingDueAt: string;
}

/** The outcome as a referrer's agency is told it: never the rationale or what partners shared. */
export interface ReferrerOutcome {
  caseId: string;
  agency: Agency;
  source: ContactSource;
  kind: ContactKind;
  referrerReference?: string;
  decisionVersion: number;
  outcome: TriageOutcome;
  levelOfNeed: number;
  leadAgency?: Agency;
  decidedAt: string;
}

export interface PartnerContactActivities {
  /** Records the form and the contact, matches people, flags re-contacts, plans the rating's due time. */
  intakePartnerContact(input: PartnerContactWorkflowInput): Promise<PartnerIntakeResult>;
  /** Once rated: the decision deadline from receipt, the meeting and partner requests from the rating. */
  planRatedContact(input: { receivedAt: string; ratedAt: string; rating: RagRating; concern: IncidentType }): Promise<RatedContactPlan>;
  /** Puts the outcome in the referrer's agency's outbox (insert-only; a retry writes nothing new). */
  postReferrerOutcome(input: ReferrerOutcome): Promise<void>;
  /** POSTs the outcome to the agency's webhook, if it has one; throws to be retried while it fails. */
  deliverReferrerWebhook(input: ReferrerOutcome): Promise<{ status: 'delivered' | 'no_webhook_configured'; attempts: number }>;
}
