// Path and query parameters of the API's reads. Bodies are the domain's own schemas in
// shared/schemas (notification, steps); these describe only how the API is asked.
import { agencies, incidentTypes, ragRatings } from '../../shared/codes.js';
import { stages } from '../../shared/case/state.js';
import { z } from '../../shared/schemas/zod.js';
import { caseId, idempotencyKey } from './common.js';

export const caseParams = z.object({ id: caseId });

/**
 * A header's text as the client wrote it: HTTP hands header bytes over as Latin-1, so text
 * sent as UTF-8 ("é" as two bytes) is decoded back, never stored garbled; bytes that are
 * not UTF-8 come out as U+FFFD and are refused with the control characters.
 */
const utf8Text = z
  .string()
  .transform((v) => Buffer.from(v, 'latin1').toString('utf8'))
  .pipe(
    z
      .string()
      .trim()
      .max(500)
      .regex(/^[^\p{Cc}\p{Cs}\uFFFD]*$/u, 'printable text in UTF-8: no control characters'),
  );

/**
 * Reads of one case: X-Reason says why. It is asked of a partner practitioner or lead
 * agency worker reading a case outside their agency's need to know (api/policies.ts), and
 * recorded with that read alone: anywhere else it is not kept (the trail holds no text a
 * caller chose to put in it where nobody asked for a reason).
 */
/**
 * What a whole case adds when asked: `takenWith`, the linked contacts of a case awaiting its
 * decision (its meeting's agenda read, so only on request: the PIT Stop's decision page).
 */
export const caseReadQuery = z.object({
  with: z.enum(['takenWith']).optional().openapi({ description: "`takenWith`: on a case awaiting its decision, the other contacts of its linked group on its meeting's agenda, each with its stage (the whole case only)" }),
});

export const caseReadHeaders = z.object({
  'x-reason': utf8Text
    .optional()
    .openapi({
      type: 'string',
      maxLength: 500,
      description: 'Why you read this case outside your need to know (UTF-8, printable, at most 500 characters). Asked of partners and lead agencies outside their need to know, and audited with that read; ignored otherwise.',
      example: 'Checking whether our service knows the family before a home visit',
    }),
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
 * emergency duty team's; each shows when it came in); `conferences_due`: s47 enquiries whose
 * initial child protection conference is still to be recorded, soonest due first (overdue
 * ones first of all, their nearest deadline passed).
 */
export const queueNames = [
  'awaiting_authorisation', 'awaiting_acceptance', 'breached', 'strategy_discussions', 'police_feedback_failed', 'no_meeting_ahead', 'awaiting_rating', 'out_of_hours', 'conferences_due',
] as const;
export type QueueName = (typeof queueNames)[number];
export const queueParams = z.object({ queue: z.enum(queueNames) });
/** How a queue is ordered: the nearest deadline first, the longest waiting first, or red first. */
export const queueSorts = ['deadline', 'received', 'rating'] as const;
/** A page of a queue, ordered and filtered on the server (the working set), so a page reads only its own cases. */
export const queueQuery = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  sort: z.enum(queueSorts).default('deadline'),
  rating: z.enum(ragRatings).optional(),
  incidentType: z.enum(incidentTypes).optional(),
  /** Police notifications (`police`) or contacts from anyone else (`partner`). */
  source: z.enum(['police', 'partner']).optional(),
});
export type QueueQuery = z.output<typeof queueQuery>;
/** The queues whose counts are asked for (comma-separated): by default every one the caller may open. */
export const queueCountsQuery = z.object({
  queues: z
    .string()
    .transform((v) => v.split(',').map((q) => q.trim()).filter(Boolean))
    .pipe(z.array(z.enum(queueNames)).max(queueNames.length))
    .optional(),
});

export const figuresQuery = z.object({ from: instantQuery.optional(), to: instantQuery.optional() });

export const auditQuery = z.object({
  caseId: z.string().optional(),
  userId: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.output<typeof auditQuery>;
export const childAccessQuery = auditQuery.pick({ page: true, pageSize: true });

/** A child as the front door knows them across contacts (shared/ids `stableId('CH', ...)`). */
export const personParams = z.object({
  /** A child (CH-) or an adult (AD-) as the front door knows them across contacts. */
  personId: z.string().regex(/^(CH|AD)-[0-9A-F]{20}$/, 'not a person id').openapi({ example: 'CH-0123456789ABCDEF0123' }),
});

/** Only these of the child's contacts (comma-separated case ids): what a page shows of the chronology. */
export const personContactsQuery = z.object({
  caseIds: z
    .string()
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(caseId).max(100))
    .optional(),
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
