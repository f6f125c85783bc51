// The workflow's records of a case (shared/case/state.ts) as the case detail shows them.
// Their TypeScript interfaces are the authority: the presenters pass them through, and
// the compiler checks that each one fits the schema documented here.
import { escalationKinds } from '../../shared/case/state.js';
import { agencies, ragRatings } from '../../shared/codes.js';
import { decisionSchema } from '../../shared/schemas/steps.js';
import { z } from '../../shared/schemas/zod.js';
import { Actor, at } from './common.js';

export const MeetingSlot = z
  .object({
    date: z.string().date(),
    startsAt: at,
    immediate: z.boolean(),
    endsAt: at.optional().openapi({ description: 'When the front door closes on the meeting\'s day: a case still undecided then is carried over to the next meeting' }),
  })
  .openapi('MeetingSlot', { description: 'The PIT Stop meeting a case goes to; red contacts are triaged at once.' });

/** Whether an agency has answered the request for what it knows, and by when it must. */
export const PartnerInformationStatus = z
  .object({ agency: z.enum(agencies), status: z.enum(['requested', 'received', 'missing']), dueAt: at, late: z.boolean() })
  .openapi('PartnerInformationStatus');

/** A request to one agency for what it knows, as the workflow keeps it. */
export const PartnerInformationRequest = z
  .object({
    agency: z.enum(agencies),
    requestedAt: at,
    dueAt: at,
    status: z.enum(['requested', 'received', 'missing']),
    receivedAt: at.optional(),
    late: z.boolean().optional(),
  })
  .openapi('PartnerInformationRequest');

export const RatingChange = z
  .object({ rating: z.enum(ragRatings), reason: z.string(), by: Actor.optional(), at })
  .openapi('RatingChange');

export const Escalation = z
  .object({ kind: z.enum(escalationKinds), at, dueAt: at })
  .openapi('Escalation');

export const DecisionRecord = decisionSchema
  .innerType()
  .extend({
    version: z.number().int(),
    status: z.enum(['proposed', 'returned', 'authorised', 'superseded']),
    recordedBy: Actor,
    recordedAt: at,
    strategyDiscussionDueAt: at.optional(),
    authorisedBy: Actor.optional(),
    authorisedAt: at.optional(),
    managerComments: z.string().optional(),
    amendmentReason: z.string().optional(),
  })
  .openapi('DecisionRecord');

export const AllocationRecord = z
  .object({
    leadAgency: z.enum(agencies),
    decisionVersion: z.number().int(),
    requestedAt: at,
    dueAt: at.optional(),
    status: z.enum(['requested', 'accepted', 'declined', 'withdrawn']),
    escalated: z.boolean(),
    leadProfessional: z.object({ name: z.string(), team: z.string().optional(), email: z.string().optional() }).optional(),
    respondedBy: Actor.optional(),
    respondedAt: at.optional(),
    declineReason: z.string().optional(),
  })
  .openapi('AllocationRecord');

export const PoliceFeedbackState = z
  .object({
    status: z.enum(['not_due', 'pending', 'delivered', 'no_webhook_configured', 'failed']),
    decisionVersion: z.number().int().optional(),
    deliveredAt: at.optional(),
    attempts: z.number().int().optional(),
    /** Why delivery was given up (status `failed`): the managers tell the force themselves. */
    failure: z.string().optional(),
  })
  .openapi('PoliceFeedbackState');

/** s47: the strategy discussion as the lead agency recorded it held. */
export const StrategyDiscussionRecord = z
  .object({ heldAt: at, agencies: z.array(z.enum(agencies)), recordedBy: Actor, recordedAt: at, decisionVersion: z.number().int() })
  .openapi('StrategyDiscussionRecord');
