// Path and query parameters of the API's reads. Bodies are the domain's own schemas in
// shared/schemas (notification, steps); these describe only how the API is asked.
import { agencies, incidentTypes, ragRatings } from '../../shared/codes.js';
import { stages } from '../../shared/case/state.js';
import { z } from '../../shared/schemas/zod.js';
import { caseId, idempotencyKey } from './common.js';

export const caseParams = z.object({ id: caseId });

/**
 * Reads of one case: X-Reason says why, and is recorded with the read. A partner
 * practitioner or lead agency worker must give one to read a case outside their agency's
 * need to know (api/policies.ts); for anyone else it is kept in the audit trail as given.
 */
export const caseReadHeaders = z.object({
  'x-reason': z
    .string()
    .trim()
    .max(500)
    .optional()
    .openapi({ description: 'Why you read this case. Required of partners and lead agencies outside their need to know; audited.', example: 'Checking whether our service knows the family before a home visit' }),
});

const instantQuery = z.string().datetime({ offset: true });

export const caseListQuery = z.object({
  stage: z.enum(stages).optional(),
  rating: z.enum(ragRatings).optional(),
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  incidentType: z.enum(incidentTypes).optional(),
  postcodeDistrict: z.string().trim().toUpperCase().regex(/^[A-Z]{1,2}[0-9][0-9A-Z]?$/, 'must be a postcode district, e.g. DN15').optional(),
  leadAgency: z.enum(agencies).optional(),
  /** Without it, the 90 days up to receivedTo (or now): a search costs what its period holds. */
  receivedFrom: instantQuery.optional().openapi({ description: 'Default: 90 days before receivedTo (or now).' }),
  receivedTo: instantQuery.optional(),
  sort: z.enum(['receivedAt', '-receivedAt', 'decisionDueAt', '-decisionDueAt']).default('-receivedAt'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type CaseListQuery = z.output<typeof caseListQuery>;

export const agendaQuery = z.object({ date: z.string().date().optional() });

/**
 * The managers' work queues; a lead agency opens only its own awaiting_acceptance.
 * `strategy_discussions`: s47 decisions whose strategy discussion is not yet recorded held;
 * `police_feedback_failed`: outcomes the force's system never took (tell the force directly).
 */
/**
 * The managers' queues (and a lead agency's awaiting_acceptance). `no_meeting_ahead`: awaiting a
 * decision with no meeting today or later, the net under carry-over, so no undecided case is
 * on no agenda unseen; `awaiting_rating`: a contact from anyone but the police still to be rated;
 * `out_of_hours`: red contacts received while the front door was shut, until decided (the
 * emergency duty team's; each shows when it came in).
 */
export const queueNames = [
  'awaiting_authorisation', 'awaiting_acceptance', 'breached', 'strategy_discussions', 'police_feedback_failed', 'no_meeting_ahead', 'awaiting_rating', 'out_of_hours',
] as const;
export type QueueName = (typeof queueNames)[number];
export const queueParams = z.object({ queue: z.enum(queueNames) });

export const figuresQuery = z.object({ from: instantQuery.optional(), to: instantQuery.optional() });

export const auditQuery = z.object({
  caseId: z.string().optional(),
  userId: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.output<typeof auditQuery>;

/** A child as the front door knows them across contacts (shared/ids `stableId('CH', ...)`). */
export const personParams = z.object({
  personId: z.string().regex(/^CH-[0-9A-F]{20}$/, "not a child's person id").openapi({ example: 'CH-0123456789ABCDEF0123' }),
});

/**
 * A step's Idempotency-Key: a step sent again with the same key (after a 503 or a dropped
 * connection) answers what the first did, instead of 409 as if someone else had taken it.
 */
export const stepHeaders = z.object({
  'idempotency-key': idempotencyKey(
    'Your key for this step: sent again with the same key (by the same person, to the same step of the same case) it answers what the first answered, and is applied once.',
    'decision-7f3c2a10',
  ),
});
