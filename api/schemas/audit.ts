// A page of the audit trail, newest first.
import { z } from '../../shared/schemas/zod.js';
import { at, opt } from './common.js';

export const AuditEntry = z
  .object({
    at,
    // Roles and agencies as they were at the time: kept as text, the trail outlives renames.
    actor: z.object({ id: z.string(), name: z.string(), role: z.string(), agency: z.string(), force: z.string().optional() }),
    action: z.string(),
    caseId: opt(z.string()),
    resource: opt(z.string()),
    reason: opt(z.string()),
    requestId: opt(z.string()),
    outcome: opt(z.number()),
    /** A step's entry: the timeline entry it made (`{caseId}:{seq}`), where what the step said is kept. */
    timelineEntry: opt(z.string()),
    /** What a read asked for by name: the case, the user or the child looked up. */
    lookedUp: opt(z.object({ caseId: opt(z.string()), userId: opt(z.string()), personId: opt(z.string()) })),
  })
  .openapi('AuditEntry');

export const AuditPage = z
  .object({ items: z.array(AuditEntry), page: z.number().int(), pageSize: z.number().int() })
  .openapi('AuditPage');
export type AuditPage = z.output<typeof AuditPage>;

/** Who accessed anything about one child: every entry of every case naming them, newest first. */
export const ChildAccessReport = z
  .object({
    personId: z.string(),
    /** The child's cases whose trails were read (every contact and referral naming them). */
    caseIds: z.array(z.string()),
    items: z.array(AuditEntry),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi('ChildAccessReport');
export type ChildAccessReport = z.output<typeof ChildAccessReport>;
/** Each read beyond need to know (break-glass), newest first, and how many each person made. */
export const BreakGlassReport = z
  .object({
    items: z.array(AuditEntry),
    byPerson: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), agency: z.string(), reads: z.number().int(), lastAt: at })),
  })
  .openapi('BreakGlassReport', { description: 'Reads beyond need to know with their reasons (the newest 500), and a count per person over all of them, most first.' });
export type BreakGlassReport = z.output<typeof BreakGlassReport>;
