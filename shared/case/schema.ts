// The case, described once: the workflow's state (state.ts infers its types from these
// schemas), the records the API answers with (api/schemas/case-records.ts re-uses them)
// and, through the API's schemas, the pages. A part named with `.openapi('Name')` is that
// component of the served document. The workflow never parses with them (it imports the
// types alone), so nothing here may hold a default that reads the clock or chance.
import { agencies, ragRatings, triageOutcomes } from '../codes.js';
import { contactSourceCodes } from '../schemas/referral.js';
import { amendmentDeciders, amendmentSchema, conferenceOutcomes, decisionSchema, strategyDiscussionOutcomes } from '../schemas/steps.js';
import { z } from '../schemas/zod.js';
import { escalationKinds, stages } from './stages.js';

/** An instant as ISO 8601 text, e.g. 2026-11-20T08:42:00.000Z. */
export const at = z.string();

const agency = z.enum(agencies);
const version = z.number().int();

/** Who did a step: from the caller's credentials, never from a request body. */
export const Actor = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    agency: z.string(),
    /** Within the agency: a school's URN, a GP practice's ODS code, a team (from the credentials). */
    organisation: z.string().optional(),
  })
  .openapi('Actor');

export const MeetingSlot = z
  .object({
    /** Local date of the PIT Stop meeting, YYYY-MM-DD. */
    date: z.string().date(),
    startsAt: at,
    /** Red contacts are triaged at once, not held for the meeting. */
    immediate: z.boolean(),
    /**
     * When the front door closes on the meeting's day: a case still undecided then was not
     * reached, and is carried over to the next meeting. (Absent on slots planned before.)
     */
    endsAt: at.optional().openapi({ description: 'When the front door closes on the meeting\'s day: a case still undecided then is carried over to the next meeting' }),
  })
  .openapi('MeetingSlot', { description: 'The PIT Stop meeting a case goes to; red contacts are triaged at once.' });

/** Whether an agency has answered the request for what it knows. */
export const partnerInformationStatus = z.enum(['requested', 'received', 'missing']);

/** A request to one agency for what it knows, as the workflow keeps it. */
export const PartnerInformationRequest = z
  .object({
    agency,
    requestedAt: at,
    dueAt: at,
    status: partnerInformationStatus,
    receivedAt: at.optional(),
    /** Answered after it was marked missing: kept all the same. */
    late: z.boolean().optional(),
  })
  .openapi('PartnerInformationRequest');

export const RatingChange = z
  .object({ rating: z.enum(ragRatings), reason: z.string(), by: Actor.optional(), at })
  .openapi('RatingChange');

export const Escalation = z.object({ kind: z.enum(escalationKinds), at, dueAt: at }).openapi('Escalation');

/** One child's decision as it stands: the family's where the panel did not decide differently for them. */
export const ChildDecisionRecord = z
  .object({ personId: z.string(), levelOfNeed: z.number().int(), outcome: z.enum(triageOutcomes), leadAgency: agency.optional() })
  .openapi('ChildDecisionRecord');

/** A version of the joint decision: what the panel decided, and what became of it. */
export const DecisionRecord = decisionSchema
  .innerType()
  .extend({
    version,
    status: z.enum(['proposed', 'returned', 'authorised', 'superseded']),
    recordedBy: Actor,
    recordedAt: at,
    /** Strategy discussion (s47): within a local number of hours of the decision to hold one. */
    strategyDiscussionDueAt: at.optional(),
    authorisedBy: Actor.optional(),
    authorisedAt: at.optional(),
    managerComments: z.string().optional(),
    /** Returned to the panel: the manager who returned it, and when (their comments are `managerComments`). */
    returnedBy: Actor.optional(),
    returnedAt: at.optional(),
    /** Set when this version amends an authorised decision. */
    amendmentReason: z.string().optional(),
    /** An amendment: decided by the manager who made it (recordedBy) or by the panel. */
    decidedBy: z.enum(amendmentDeciders).optional(),
    /** Each child's decision (one family, each child): absent on decisions recorded before, where the family's stands for every child. */
    childDecisions: z.array(ChildDecisionRecord).optional(),
    /** A step down decided by two managers: the second, who confirmed it (`recordedBy` proposed it). */
    confirmedBy: Actor.optional(),
    /**
     * Decided outside the meeting: recorded with its own attendees on a day no meeting had
     * been opened (a red contact triaged at once, before the day's PIT Stop). Set by the API
     * (api/commands/decision-register.ts), never taken from a request.
     */
    outsideMeeting: z.boolean().optional(),
    /** Linked contacts decided together: the case whose decision step decided this one too. */
    decidedWith: z.string().optional(),
    /** Linked contacts decided together: the others this decision step decided (on the case the step was taken on). */
    decidedTogether: z.array(z.string()).optional(),
  })
  .openapi('DecisionRecord');

export const AllocationRecord = z
  .object({
    leadAgency: agency,
    decisionVersion: version,
    requestedAt: at,
    dueAt: at.optional(),
    status: z.enum(['requested', 'accepted', 'declined', 'withdrawn']),
    escalated: z.boolean(),
    leadProfessional: z.object({ name: z.string(), team: z.string().optional(), email: z.string().optional() }).optional(),
    respondedBy: Actor.optional(),
    respondedAt: at.optional(),
    declineReason: z.string().optional(),
    /** The children this lead agency leads (one allocation per lead agency of a decision); absent: the whole family. */
    childPersonIds: z.array(z.string()).optional(),
  })
  .openapi('AllocationRecord');

export const PoliceFeedbackState = z
  .object({
    /** `failed`: the force's system refused or stayed unreachable past the time allowed; on the managers' queue. */
    status: z.enum(['not_due', 'pending', 'delivered', 'no_webhook_configured', 'failed']),
    decisionVersion: version.optional(),
    deliveredAt: at.optional(),
    attempts: z.number().int().optional(),
    /** Why delivery was given up (status `failed`): the managers tell the force themselves. */
    failure: z.string().optional(),
  })
  .openapi('PoliceFeedbackState');

/**
 * s47: the strategy discussion held by the lead agency, with the agencies that took part,
 * its outcome and, for an s47 enquiry, the initial child protection conference's deadline
 * (15 working days) and date if set. (Outcome absent: recorded before it was asked.)
 */
export const StrategyDiscussionRecord = z
  .object({
    heldAt: at,
    agencies: z.array(agency),
    outcome: z.enum(strategyDiscussionOutcomes).optional(),
    conferenceDueAt: at.optional(),
    conferenceAt: at.optional(),
    recordedBy: Actor,
    recordedAt: at,
    decisionVersion: version,
  })
  .openapi('StrategyDiscussionRecord');

/**
 * s47 enquiry: the initial child protection conference as recorded once held, its outcome,
 * and whether it was held after its deadline (`late`, with the reason given).
 */
export const ConferenceRecord = z
  .object({
    heldAt: at,
    outcome: z.enum(conferenceOutcomes),
    dueAt: at,
    late: z.boolean(),
    lateReason: z.string().optional(),
    recordedBy: Actor,
    recordedAt: at,
  })
  .openapi('ConferenceRecord');

/** The outcome told to a professional referrer: their agency's outbox, and its webhook if configured. */
export const ReferrerFeedbackState = z
  .object({
    /** `not_due` until a decision is authorised; `none` for a referrer the front door does not answer (anonymous, the public). */
    status: z.enum(['not_due', 'none', 'pending', 'in_outbox']),
    decisionVersion: version.optional(),
    /** The agency's webhook, when it has one: delivered, or given up (the outbox still holds the outcome). */
    webhook: z.enum(['delivered', 'no_webhook_configured', 'failed']).optional(),
  })
  .openapi('ReferrerFeedbackState');

/** A police update recorded on the case: a new version of its notification (the first is the notification itself). */
export const NotificationUpdateRecord = z
  .object({
    version: version.min(2),
    receivedAt: at,
    sentAt: at,
    /** One line per change, as on the timeline. */
    summary: z.array(z.string()),
  })
  .openapi('NotificationUpdate');

/** The workflow's view of a case; projected to MongoDB after every step. */
export const CaseStatus = z.object({
  caseId: z.string(),
  stage: z.enum(stages),
  /** CIN census contact source; absent on police notifications' cases (source 6). */
  source: z.enum(contactSourceCodes).optional(),
  /** Police notifications only. */
  forceCode: z.string().optional(),
  policeReference: z.string().optional(),
  incidentType: z.string(),
  receivedAt: at,
  rating: z.enum(ragRatings).optional(),
  ratingHistory: z.array(RatingChange),
  decisionDueAt: at.optional(),
  /** A contact with no police grading: the initial rating is due by then (INITIAL_RATING_WORKING_MINUTES). */
  ratingDueAt: at.optional(),
  statutoryDueAt: at.optional(),
  /** No authorised decision within one working day (Working Together backstop). */
  statutoryDeadlineMissed: z.boolean().optional(),
  breached: z.boolean(),
  /**
   * After a declined allocation: the new decision is due by then, at the rating's pace from
   * the decline (escalated once if missed; `decisionDueAt` and `breached` keep the first decision's).
   */
  redecisionDueAt: at.optional(),
  escalations: z.array(Escalation),
  meeting: MeetingSlot.optional(),
  /** The meetings a case was on but not reached at (their dates), each carried over to the next. */
  carriedOverFrom: z.array(z.string()).optional(),
  partnerInformation: z.array(PartnerInformationRequest),
  decisions: z.array(DecisionRecord),
  allocations: z.array(AllocationRecord),
  policeFeedback: PoliceFeedbackState,
  /** Contacts from referrers other than the police. */
  referrerFeedback: ReferrerFeedbackState.optional(),
  recontact: z.boolean().optional(),
  repeatReferral: z.boolean().optional(),
  /** High-risk domestic abuse (DASH high) also goes to MARAC: the decision must refer it. */
  maracReferralRequired: z.boolean().optional(),
  /**
   * MARAC escalation: a domestic abuse contact with 3 or more domestic abuse incidents about
   * its children in the 12 months to it (this one included): the count. The decision must refer it too.
   */
  maracEscalation: z.number().int().optional(),
  /** The same children's contacts in the previous 12 months: what a re-contact links to. */
  earlierContactIds: z.array(z.string()).optional(),
  outcome: z.enum(triageOutcomes).optional(),
  decidedAt: at.optional(),
  /** s47 only: when the strategy discussion must be held by, from the decision's authorisation. */
  strategyDiscussionDueAt: at.optional(),
  strategyDiscussion: StrategyDiscussionRecord.optional(),
  /** s47 enquiry: the initial child protection conference, once recorded held (the case then closes). */
  conference: ConferenceRecord.optional(),
  /** A step down from s47 or s17 one manager proposed (`decidedBy: managers`), waiting for a second manager to confirm it. */
  pendingAmendment: z.object({ amendment: amendmentSchema, proposedBy: Actor, proposedAt: at }).optional(),
  closedAt: at.optional(),
  /** Police updates (workflows/update.ts): the version of the notification the case now stands on (absent: 1). */
  notificationVersion: version.optional(),
  /** Each update recorded, oldest first; what changed is on the timeline (`notification_updated`). */
  notificationUpdates: z.array(NotificationUpdateRecord).optional(),
  /** The children and adults of every version, once an update has named anyone (else the contact's own lists stand). */
  childPersonIds: z.array(z.string()).optional(),
  adultPersonIds: z.array(z.string()).optional(),
  /** The children of the version the case stands on, in that version's order. */
  versionChildPersonIds: z.array(z.string()).optional(),
  /** A contact opened by a police update to this closed case. */
  recontactOf: z.string().optional(),
  /**
   * The organisations within each agency the case's requests, partner actions and allocations
   * go to (shared/organisations.ts): the children's schools and GP practices named, else the
   * agency's designated team; an agency not named here is asked as a whole.
   */
  organisations: z.record(z.array(z.string())).optional(),
  /**
   * The family's address marked confidential after the case was received (a refuge): every
   * address of the case is then withheld from everyone outside the front door, as one
   * marked so in the notification or form is.
   */
  addressConfidential: z.object({ at, by: Actor }).optional(),
  /**
   * A manager found this contact to be a duplicate of another (a linked contact about the
   * same children and incident): it is closed as "duplicate of" that case, not decided
   * separately; each contact is kept as received.
   */
  duplicateOf: z.object({ caseId: z.string(), reason: z.string(), at, by: Actor }).optional(),
});
