// What the roles outside the front door see of a case (api/policies.ts `authorizeCaseRead`).
// A partner practitioner needs what lets them search their own agency's records and add
// its contribution; a lead agency worker the decision that allocated the case to them,
// and their allocation; a force the fields the council configures (POLICE_VIEW_FIELDS).
// Each is its own schema: a field not listed here cannot reach that role.
import { adultRoles, agencies, childGenders, incidentTypes, ragRatings, triageOutcomes } from '../../shared/codes.js';
import { stages } from '../../shared/case/state.js';
import { partnerActionKinds } from '../../shared/schemas/steps.js';
import { z } from '../../shared/schemas/zod.js';
import { AllocationRecord, ConferenceRecord, DecisionRecord, MeetingSlot, StrategyDiscussionRecord } from './case-records.js';
import { at, CaseLink, Contributed, opt } from './common.js';
import { CaseChild } from './people.js';

/** Whether the caller read within their need to know or beyond it, for the reason they gave (audited). */
const access = z.enum(['need_to_know', 'beyond_need_to_know']);

const Address = z.object({ addressLine: opt(z.string()), town: opt(z.string()), postcode: opt(z.string()) }).openapi('ViewAddress');

/** A child as partners search for them: who, born when, where they live, school and GP. */
export const ViewChild = z
  .object({
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: opt(z.string().date()),
    unborn: z.boolean(),
    expectedDateOfDelivery: opt(z.string().date()),
    gender: z.enum(childGenders),
    address: opt(Address),
    /** The child's or household's address is confidential (a refuge): the front door keeps it, and it is not shown here. */
    addressWithheld: opt(z.literal(true)),
    school: opt(z.string()),
    gp: opt(z.string()),
  })
  .openapi('ViewChild');

/** An adult as partners search for them: who, born when, their role in the incident. */
export const ViewAdult = z
  .object({ givenName: z.string(), familyName: z.string(), dateOfBirth: opt(z.string().date()), role: z.enum(adultRoles) })
  .openapi('ViewAdult');

export const ViewIncident = z.object({ type: z.enum(incidentTypes), occurredAt: at }).openapi('ViewIncident');

/** The police's account of what happened and what worries them. */
export const ViewConcerns = z.object({ circumstances: z.string(), officerConcerns: opt(z.string()) }).openapi('ViewConcerns');

/**
 * What a partner's and a lead agency's views begin with: the case, where it is, whether
 * the read was within need to know, the caller's agency (everything after is about it
 * alone), and the people, the incident and the concerns from the notification or form.
 */
const AgencyViewHead = CaseLink.extend({
  /** Whether contributions are still taken (awaiting_decision) or the case has moved on. */
  stage: z.enum(stages),
  access,
  agency: z.enum(agencies),
  incident: opt(ViewIncident),
  concerns: opt(ViewConcerns),
  children: z.array(ViewChild),
  adults: z.array(ViewAdult),
});

/** One agency's contribution, as its own practitioners see it. */
export const OwnContribution = Contributed
  .extend({
    information: z.object({
      currentInvolvement: z.boolean(),
      involvementSummary: opt(z.string()),
      history: opt(z.string()),
      concerns: opt(z.string()),
      noInformationHeld: z.boolean(),
    }),
  })
  .openapi('OwnContribution');

/** What a case asks of the reader's organisation: the same on the case page and in every list. */
const OwnPart = {
  /** What the front door asked of the agency, and by when. */
  informationRequest: opt(
    z.object({
      status: z.enum(['requested', 'received', 'missing']),
      requestedAt: at,
      dueAt: at,
      receivedAt: opt(at),
      late: z.boolean(),
    }),
  ),
  /** What the decision in force asks the agency to do. */
  partnerActions: z.array(z.object({ kind: z.enum(partnerActionKinds), detail: opt(z.string()) })),
  /** The allocation the agency holds (requested or accepted), if it leads. */
  allocation: opt(z.object({ status: z.enum(['requested', 'accepted']), requestedAt: at, dueAt: opt(at) })),
};

/**
 * A case in a partner's or a lead agency's list (the agenda, information requests, the
 * allocations awaiting acceptance): which case, where it is, when it goes to the meeting,
 * and what it asks of the reader's own organisation. Never the rating, the outcome, the
 * lead agency, re-contact flags or other agencies' requests: those are the front door's.
 */
export const AgencyCaseSummary = CaseLink.extend({
  stage: z.enum(stages),
  agency: z.enum(agencies),
  incidentType: opt(z.enum(incidentTypes)),
  receivedAt: opt(at),
  meeting: opt(MeetingSlot),
  /** The children the case is about, as the agency's case page names them. */
  aboutChildren: z.array(CaseChild),
  ...OwnPart,
}).openapi('AgencyCaseSummary', { description: "A case in a partner's or lead agency's list: what it asks of their own organisation, nothing of the front door's assessment." });
export type AgencyCaseSummary = z.output<typeof AgencyCaseSummary>;

export const PartnerCaseView = AgencyViewHead
  .extend({
    ...OwnPart,
    /** What the agency itself shared on the case. */
    contributions: z.array(OwnContribution),
  })
  .openapi('PartnerCaseView', {
    description:
      "A partner practitioner's view: the people, incident and concerns, what is asked of their agency and what it shared; never other agencies' information or requests, decisions' rationale or the timeline.",
  });
export type PartnerCaseView = z.output<typeof PartnerCaseView>;

/** The decision that allocated the case, as its lead agency needs it. */
export const AllocatingDecision = z
  .object({
    version: z.number().int(),
    status: DecisionRecord.shape.status,
    outcome: z.enum(triageOutcomes),
    levelOfNeed: DecisionRecord.shape.levelOfNeed,
    leadAgency: opt(z.enum(agencies)),
    rationale: z.string(),
    factors: DecisionRecord.shape.factors,
    partnerActions: DecisionRecord.shape.partnerActions,
    authorisedAt: opt(at),
    /** s47: when the strategy discussion must be held by. */
    strategyDiscussionDueAt: opt(at),
  })
  .openapi('AllocatingDecision');

export const LeadAgencyCaseView = AgencyViewHead
  .extend({
    /** The decision that allocated the case to the agency (absent if it never had an allocation: a read beyond need to know). */
    decision: opt(AllocatingDecision),
    /** The agency's allocation: the one it holds, or (read beyond need to know) its latest. */
    allocation: opt(AllocationRecord),
    /** s47: the strategy discussion the lead agency recorded held. */
    strategyDiscussion: opt(StrategyDiscussionRecord),
    /** s47 enquiry: the initial child protection conference, once recorded held. */
    conference: opt(ConferenceRecord),
  })
  .openapi('LeadAgencyCaseView', {
    description: "A lead agency worker's view: the allocating decision, the people and concerns, and their allocation; never partners' contributions or the timeline.",
  });
export type LeadAgencyCaseView = z.output<typeof LeadAgencyCaseView>;

/** The police see their own notification's reference and the fields the council configures (POLICE_VIEW_FIELDS). */
export const PoliceCaseView = CaseLink
  .extend({
    forceCode: opt(z.string()),
    policeReference: opt(z.string()),
    stage: z.enum(stages).optional(),
    receivedAt: opt(at),
    rating: opt(z.enum(ragRatings)),
    outcome: opt(z.enum(triageOutcomes)),
    levelOfNeed: opt(DecisionRecord.shape.levelOfNeed),
    decidedAt: opt(at),
    leadAgency: opt(z.enum(agencies)),
    closedAt: opt(at),
  })
  .openapi('PoliceCaseView', {
    description: "A force's view of its own notification's case: its reference and the fields the council configures (POLICE_VIEW_FIELDS; by default stage, receivedAt, outcome, decidedAt, leadAgency, closedAt).",
  });
export type PoliceCaseView = z.output<typeof PoliceCaseView>;
