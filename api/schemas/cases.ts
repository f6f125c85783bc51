// What the API answers about cases: a row in lists, the whole case (or a partner's, lead
// agency's or force's view of it: case-views.ts), its timeline, what partners shared, and
// the answer to a human step.
import { agencies, incidentTypes, POLICE_SOURCE, ragRatings, triageOutcomes } from '../../shared/codes.js';
import { StepResult as WorkflowStepResult, TimelineEventInput } from '../../shared/case/inputs.js';
import { stages } from '../../shared/case/state.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { contactSourceCodes, referralFormSchema } from '../../shared/schemas/referral.js';
import { partnerInformationSchema } from '../../shared/schemas/steps.js';
import { z } from '../../shared/schemas/zod.js';
import {
  AllocationRecord,
  DecisionRecord,
  Escalation,
  MeetingSlot,
  NotificationUpdateRecord,
  PartnerInformationStatus,
  PoliceFeedbackState,
  NearestDeadline,
  RatingChange,
  ReferrerFeedbackState,
  StrategyDiscussionRecord,
  ConferenceRecord,
} from './case-records.js';
import { LeadAgencyCaseView, PartnerCaseView, PoliceCaseView } from './case-views.js';
import { at, caseId, CaseLink, Contributed, opt } from './common.js';
import { CaseChild, ChildLink } from './people.js';

/** A row in lists, queues and the agenda. */
export const CaseSummary = CaseLink
  .extend({
    stage: z.enum(stages),
    incidentType: opt(z.enum(incidentTypes)),
    postcodeDistrict: opt(z.string()),
    rating: opt(z.enum(ragRatings)),
    receivedAt: opt(at),
    decisionDueAt: opt(at),
    breached: z.boolean(),
    leadAgency: opt(z.enum(agencies)),
    outcome: opt(z.enum(triageOutcomes)),
    recontact: opt(z.boolean()),
    repeatReferral: opt(z.boolean()),
    meeting: opt(MeetingSlot),
    /** The meetings the case was on but not reached at, oldest first: each carried it over to the next. */
    carriedOverFrom: z.array(z.string().date()),
    partnerInformation: z.array(PartnerInformationStatus),
    /** The children the case is about (the version it stands on), named as the front door first knew them. */
    aboutChildren: z.array(CaseChild),
    /** The deadline the case's time left counts down to. */
    nearestDeadline: opt(NearestDeadline),
    /** On an agenda: the other cases on it about a same child received within LINKED_CONTACT_WINDOW_HOURS, shown together. */
    linkedContacts: z.array(caseId).optional(),
    /** On an agenda: the first of the case's linked contacts as shown (its own id for the first); the later ones are shown under it, taken together. */
    linkedGroup: caseId.optional(),
    /** Marked by a manager a duplicate of this case (a linked contact): closed as such, not decided separately. */
    duplicateOf: caseId.optional(),
  })
  .openapi('CaseSummary');
export type CaseSummary = z.output<typeof CaseSummary>;

/** An entry of the case's timeline as the workflow wrote it, numbered in order. */
export const TimelineEvent = z.object({ seq: z.number().int() }).merge(TimelineEventInput).openapi('TimelineEvent');
export type TimelineEvent = z.output<typeof TimelineEvent>;

/** The whole case: for managers and panel members. */
export const CaseDetail = CaseSummary.extend({
  /** CIN census contact source: 6 for a police notification; a referral form's or a call's own. */
  source: z.enum(contactSourceCodes).openapi({ example: POLICE_SOURCE }),
  forceCode: opt(z.string()),
  policeReference: opt(z.string()),
  statutoryDueAt: opt(at),
  ratingHistory: z.array(RatingChange),
  escalations: z.array(Escalation),
  decisions: z.array(DecisionRecord),
  allocations: z.array(AllocationRecord),
  /** The decision must name a refer_to_marac partner action: DASH high or 14+ ticks, or escalation (`maracEscalation`). */
  maracReferralRequired: z.boolean(),
  /** MARAC escalation: the domestic abuse incidents about the children in the 12 months to this contact, this one included (3 or more). */
  maracEscalation: z.number().int().optional(),
  earlierContacts: z.array(CaseLink),
  policeFeedback: opt(PoliceFeedbackState),
  /** s47 only: due from the decision's authorisation; recorded once held. */
  strategyDiscussionDueAt: opt(at),
  strategyDiscussion: opt(StrategyDiscussionRecord),
  /** s47 enquiry: the initial child protection conference, recorded held (due by `strategyDiscussion.conferenceDueAt`). */
  conference: opt(ConferenceRecord),
  decidedAt: opt(at),
  closedAt: opt(at),
  /** The notification as the case now stands on it: its newest version (police updates). */
  notification: policeNotificationSchema.optional(),
  /** A contact from anyone but the police: the form as received, and when its initial rating is due. */
  referralForm: referralFormSchema.optional(),
  ratingDueAt: opt(at),
  referrerFeedback: opt(ReferrerFeedbackState),
  notificationVersion: z.number().int().min(1),
  /** Each police update recorded, oldest first, with one line per change (the timeline has them in full). */
  notificationUpdates: z.array(NotificationUpdateRecord),
  /** A contact opened by a police update to a case that had closed: the case it follows. */
  recontactOf: CaseLink.optional(),
  /** Contacts opened by police updates that came after this case closed, in order. */
  followedBy: z.array(CaseLink),
  /** The children the contact is about, as matched across contacts: links to their chronologies. */
  children: z.array(ChildLink),
  /**
   * A case awaiting its decision: the other contacts of its linked group on its meeting's
   * agenda (about a same child within LINKED_CONTACT_WINDOW_HOURS, grouped as `GET /agenda`
   * groups them), each with its stage. Those awaiting their decision may be decided with it
   * in one step (`alsoDecides`).
   */
  takenWith: z.array(CaseLink.extend({ stage: z.enum(stages) })).optional(),
  history: z.array(TimelineEvent),
}).openapi('CaseDetail');
export type CaseDetail = z.output<typeof CaseDetail>;

/** The case as the reader's role and agency need it (api/policies.ts `authorizeCaseRead`). */
export const Case = z
  .union([CaseDetail, LeadAgencyCaseView, PartnerCaseView, PoliceCaseView])
  .openapi('Case', {
    description:
      'Managers and panel members: CaseDetail. Lead agency workers: LeadAgencyCaseView. Partner practitioners: PartnerCaseView. Police systems: PoliceCaseView.',
  });
export type Case = z.output<typeof Case>;

export const CasePage = z
  .object({
    items: z.array(CaseSummary),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().openapi({ description: 'Cases received in the period searched that match every filter.' }),
    receivedFrom: z.string().datetime().openapi({ description: 'Start of the period searched: the query\'s, or 90 days before receivedTo (or now).' }),
  })
  .openapi('CasePage');
export type CasePage = z.output<typeof CasePage>;

export const CaseTimeline = z.object({ caseId, events: z.array(TimelineEvent) }).openapi('CaseTimeline');
export type CaseTimeline = z.output<typeof CaseTimeline>;

export const PartnerContribution = z
  .object({ agency: z.enum(agencies) })
  .merge(Contributed)
  .extend({ information: partnerInformationSchema })
  .openapi('PartnerContribution');

export const PartnerContributions = z
  .object({ caseId, items: z.array(PartnerContribution) })
  .openapi('PartnerContributions');
export type PartnerContributions = z.output<typeof PartnerContributions>;

/** The answer to a human step: the case and the stage it has moved to. */
const CaseStepped = WorkflowStepResult.merge(CaseLink);
export const StepResult = CaseStepped.extend({
  /** A decision that also decided linked contacts (`alsoDecides`): each, and the stage it has moved to. */
  decidedTogether: z.array(CaseStepped).optional(),
}).openapi('StepResult');
export type StepResult = z.output<typeof StepResult>;
