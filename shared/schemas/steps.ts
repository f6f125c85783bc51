// The human steps of the PIT Stop process, validated at the API before they reach the
// workflow. Cross-field rules from the procedures are enforced here so the caller gets
// the offending field path.
import { CASE_ID_PATTERN } from '../ids.js';
import {
  agencies,
  factorCodes,
  levelsOfNeed,
  NO_FACTORS_IDENTIFIED,
  ragRatings,
  strategyDiscussionRequiredAgencies,
  triageOutcomes,
} from '../codes.js';
import { instant, nonEmpty, z } from './zod.js';

export const partnerActionKinds = [
  'notify_school',
  'refer_to_marac',
  'refer_to_youth_justice',
  'refer_to_substance_misuse_service',
  'refer_to_domestic_abuse_service',
  'notify_health_visitor',
  'other',
] as const;

/**
 * One child's part of the joint decision, where the panel decides differently for them (a
 * baby at level 4 under s47, a 15-year-old at level 2 in early help). What it leaves out
 * is the family's (the joint decision's); a child not listed takes the joint decision whole.
 */
export const childDecisionSchema = z
  .object({
    /** The child as the case names them (`children[].personId`). */
    personId: nonEmpty(200),
    levelOfNeed: z.union(levelsOfNeed.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]).optional(),
    outcome: z.enum(triageOutcomes).optional(),
    leadAgency: z.enum(agencies).optional(),
  })
  .openapi('ChildDecision');
export type ChildDecisionInput = z.output<typeof childDecisionSchema>;

/** The family's consent to early help: given, refused, or not yet sought. */
export const earlyHelpConsentStatuses = ['given', 'refused', 'not_yet_sought'] as const;

/**
 * Early help is consensual: the family's answer when asked to take it up. Refused consent
 * with no escalation is allowed (the decision stands, the refusal recorded); a decision
 * whose outcome, the family's or any child's, is early help without it is refused (422).
 */
export const earlyHelpConsentSchema = z
  .object({
    status: z.enum(earlyHelpConsentStatuses),
    /** Who in the family answered (a parent, a young person), where asked. */
    by: nonEmpty(200).optional(),
    notes: nonEmpty(2000).optional(),
  })
  .openapi('EarlyHelpConsent');

const decisionFields = z.object({
  levelOfNeed: z.union(levelsOfNeed.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]),
  outcome: z.enum(triageOutcomes),
  /** The most appropriate agency to lead. Required for early help. */
  leadAgency: z.enum(agencies).optional(),
  /** Why: every decision at the front door must have a clear rationale. */
  rationale: nonEmpty(10_000),
  factors: z.array(z.enum(factorCodes)).max(40).default([]),
  /**
   * Who attended the PIT Stop: decisions are jointly accountable. The meeting's register
   * (the meeting record, taken once) is the one list: left out with `meetingDate`, the
   * attendees are that register; given, each must be on the day's register once a meeting
   * is opened that day (the API checks, api/commands/decision-register.ts).
   */
  attendees: z
    .array(z.object({ name: nonEmpty(), agency: z.enum(agencies) }))
    .max(60)
    .default([]),
  /** The PIT Stop (its local date, today's) whose register the decision uses. */
  meetingDate: z.string().date('must be a date, YYYY-MM-DD').optional(),
  /** Which agency proposed this response: decisions are jointly accountable. */
  proposedBy: z.enum(agencies),
  partnerActions: z
    .array(z.object({ kind: z.enum(partnerActionKinds), agency: z.enum(agencies), detail: nonEmpty(2000).optional() }))
    .max(30)
    .default([]),
  /** Each child decided differently from the family (optional: absent, every child takes the joint decision). */
  children: z.array(childDecisionSchema).max(30).optional(),
  /** The family's consent, when the outcome (the family's or any child's) is early help. */
  earlyHelpConsent: earlyHelpConsentSchema.optional(),
});

function decisionRules(d: z.infer<typeof decisionFields>, ctx: z.RefinementCtx) {
  if (!d.attendees.length && !d.meetingDate) {
    ctx.addIssue({ code: 'custom', path: ['attendees'], message: "record who attended: name the meeting (meetingDate) whose register to use, or the attendees on it" });
  }
  if (d.outcome === 'early_help' && !d.leadAgency) {
    ctx.addIssue({ code: 'custom', path: ['leadAgency'], message: 'early help must name a lead agency' });
  }
  if (d.factors.includes(NO_FACTORS_IDENTIFIED) && d.factors.length > 1) {
    ctx.addIssue({ code: 'custom', path: ['factors'], message: 'factor 21 (no factors identified) cannot be combined with another factor' });
  }
  if (new Set(d.factors).size !== d.factors.length) {
    ctx.addIssue({ code: 'custom', path: ['factors'], message: 'factors must not repeat' });
  }
  const seen = new Set<string>();
  d.children?.forEach((c, i) => {
    if (seen.has(c.personId)) ctx.addIssue({ code: 'custom', path: ['children', i, 'personId'], message: 'each child is decided once' });
    seen.add(c.personId);
  });
}

export const decisionSchema = decisionFields.superRefine(decisionRules).openapi('Decision');
export type DecisionInput = z.output<typeof decisionSchema>;

/** The most linked contacts one decision step also decides (a group is two or three contacts). */
export const MOST_DECIDED_TOGETHER = 10;

/**
 * The decision step's body: the joint decision, and the linked contacts it also decides
 * (`alsoDecides`: contacts about the same children within LINKED_CONTACT_WINDOW_HOURS,
 * each awaiting its decision; api/commands/decide-together.ts checks them). Each gets the
 * same decision through its own step; the decision recorded keeps none of this list.
 */
export const decisionStepSchema = decisionFields
  .extend({
    alsoDecides: z
      .array(z.string().regex(new RegExp(`^${CASE_ID_PATTERN}$`), 'not a case id'))
      .max(MOST_DECIDED_TOGETHER)
      .optional(),
  })
  .superRefine((d, ctx) => {
    decisionRules(d, ctx);
    const named = new Set<string>();
    d.alsoDecides?.forEach((id, i) => {
      if (named.has(id)) ctx.addIssue({ code: 'custom', path: ['alsoDecides', i], message: 'each linked contact is named once' });
      named.add(id);
    });
  })
  .openapi('DecisionStep');
export type DecisionStepInput = z.output<typeof decisionStepSchema>;

export const authorisationSchema = z
  .discriminatedUnion('action', [
    z.object({
      action: z.literal('authorise'),
      comments: nonEmpty(5000).optional(),
      /**
       * Linked contacts decided together with this one (its decision's `decidedTogether`),
       * each awaiting authorisation: authorised in the same step, each through its own
       * (api/commands/decide-together.ts checks them).
       */
      alsoAuthorises: z
        .array(z.string().regex(new RegExp(`^${CASE_ID_PATTERN}$`), 'not a case id'))
        .max(MOST_DECIDED_TOGETHER)
        .refine((ids) => new Set(ids).size === ids.length, 'each linked contact is named once')
        .optional(),
    }),
    /** Returned to the panel; the decision deadline does not move. */
    z.object({ action: z.literal('return'), comments: nonEmpty(5000) }),
  ])
  .openapi('Authorisation');
export type AuthorisationInput = z.output<typeof authorisationSchema>;

/**
 * Who decided an amendment: the manager making it (the default), the panel at a meeting,
 * or two managers (`managers`: one proposes it, a second confirms the same amendment). A step down from an s47 strategy discussion or an s17 assessment is the
 * panel's (shared/case/rules.ts `stepDownProblem`).
 */
export const amendmentDeciders = ['manager', 'panel', 'managers'] as const;

export const amendmentSchema = z
  .object({ reason: nonEmpty(5000), decidedBy: z.enum(amendmentDeciders).default('manager'), decision: decisionSchema })
  .openapi('Amendment');
export type AmendmentInput = z.output<typeof amendmentSchema>;

export const allocationResponseSchema = z
  .discriminatedUnion('response', [
    z.object({
      response: z.literal('accept'),
      leadProfessional: z.object({ name: nonEmpty(), team: nonEmpty().optional(), email: z.string().email().optional() }),
    }),
    /** Back to the panel for a new decision. */
    z.object({ response: z.literal('decline'), reason: nonEmpty(5000) }),
  ])
  .openapi('AllocationResponse');
export type AllocationResponseInput = z.output<typeof allocationResponseSchema>;

export const ratingChangeSchema = z
  .object({ rating: z.enum(ragRatings), reason: nonEmpty(5000) })
  .openapi('RatingChange');
export type RatingChangeInput = z.output<typeof ratingChangeSchema>;

/**
 * The family's address marked confidential on a case already received (they have moved to
 * a refuge): from then on withheld from everyone outside the front door. The reason is
 * kept on the case's timeline, never in the audit trail.
 */
export const addressConfidentialitySchema = z
  .object({ reason: nonEmpty(5000) })
  .openapi('AddressConfidentiality');
export type AddressConfidentialityInput = z.output<typeof addressConfidentialitySchema>;

/**
 * A contact found to be a duplicate of another (the police and a school about one
 * incident): the case it duplicates, and why. The reason is kept on the case's timeline.
 */
export const duplicateSchema = z
  .object({ duplicateOf: z.string().regex(new RegExp(`^${CASE_ID_PATTERN}$`), 'not a case id'), reason: nonEmpty(5000) })
  .openapi('Duplicate');
export type DuplicateInput = z.output<typeof duplicateSchema>;

export const partnerInformationSchema = z
  .object({
    /** Is the agency working with the child or family now? */
    currentInvolvement: z.boolean(),
    involvementSummary: nonEmpty(10_000).optional(),
    history: nonEmpty(10_000).optional(),
    concerns: nonEmpty(10_000).optional(),
    /** The agency checked its records and holds nothing on the family. */
    noInformationHeld: z.boolean().default(false),
  })
  .openapi('PartnerInformation');
export type PartnerInformationInput = z.output<typeof partnerInformationSchema>;

/** What a strategy discussion decided: to go on with enquiries under s47, or not. */
export const strategyDiscussionOutcomes = ['s47_enquiry', 'no_s47_enquiry'] as const;


export const strategyDiscussionSchema = z
  .object({
    /** When it was held: after the decision to hold one was authorised, and not in the future. */
    heldAt: instant(),
    /** The agencies that took part (Working Together: social care and police, with health, at least). */
    agencies: z
      .array(z.enum(agencies))
      .min(2, 'a strategy discussion involves at least two agencies')
      .refine((a) => new Set(a).size === a.length, 'agencies must not repeat')
      // One message at a time: the two-agency minimum first.
      .refine((a) => a.length < 2 || strategyDiscussionRequiredAgencies.every((r) => a.includes(r)), "a strategy discussion includes children's social care and the police"),
    /** Its outcome: enquiries under s47, or none. */
    outcome: z.enum(strategyDiscussionOutcomes),
    /**
     * s47 enquiry: when the initial child protection conference is set for, if set; within
     * 15 working days of the strategy discussion (the case records the deadline).
     */
    conferenceAt: instant().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.conferenceAt !== undefined && d.outcome !== 's47_enquiry') {
      ctx.addIssue({ code: 'custom', path: ['conferenceAt'], message: 'an initial child protection conference follows an s47 enquiry only' });
    }
  })
  .openapi('StrategyDiscussion');
export type StrategyDiscussionInput = z.output<typeof strategyDiscussionSchema>;

/** What an initial child protection conference decided: a child protection plan, or not. */
export const conferenceOutcomes = ['child_protection_plan', 'no_child_protection_plan'] as const;

/**
 * s47 enquiry: the initial child protection conference, recorded once held (children's
 * social care or a front-door manager). Held after the strategy discussion and not in the
 * future; held after its deadline (15 working days from the discussion), with the reason
 * it was late (422 at `lateReason` without one: the workflow knows the deadline).
 */
export const conferenceSchema = z
  .object({
    heldAt: instant(),
    outcome: z.enum(conferenceOutcomes),
    /** Why the conference was held after its deadline; asked only when it was. */
    lateReason: nonEmpty(2000).optional(),
  })
  .openapi('InitialChildProtectionConference');
export type ConferenceInput = z.output<typeof conferenceSchema>;
