// The rights of the people in the records (rectification, subject access, the disclosures
// about them), legal holds, and the Annex A returns: requests and answers.
import { childGenders, ethnicityCodes } from '../../shared/codes.js';
import { CASE_ID_PATTERN } from '../../shared/ids.js';
import { calendarDate, nonEmpty, z } from '../../shared/schemas/zod.js';

/** A child (`CH-`) or an adult (`AD-`) the front door knows. */
export const anyPersonParams = z.object({
  personId: z.string().regex(/^(CH|AD)-[0-9A-F]{20}$/, 'not a person id').openapi({ example: 'CH-0123456789ABCDEF0123' }),
});

/** Why: at least this long, so a disclosure or a correction says what it is for. */
export const REASON_MIN_LENGTH = 10;
const reason = z.string().trim().min(REASON_MIN_LENGTH, `must say why, in at least ${REASON_MIN_LENGTH} characters`).max(2000);

/** One field of a person's details corrected, with why (a child's ethnicity recorded is one). */
export const rectificationRequest = z
  .discriminatedUnion('field', [
    z.object({ field: z.literal('ethnicity'), value: z.enum(ethnicityCodes), reason }),
    z.object({ field: z.literal('gender'), value: z.enum(childGenders), reason }),
    z.object({ field: z.literal('givenName'), value: nonEmpty(100), reason }),
    z.object({ field: z.literal('familyName'), value: nonEmpty(100), reason }),
    z.object({ field: z.literal('dateOfBirth'), value: calendarDate(), reason }),
    z.object({ field: z.literal('nhsNumber'), value: z.string().regex(/^\d{10}$/, 'must be 10 digits'), reason }),
  ])
  .openapi('RectificationRequest');
export type RectificationRequest = z.output<typeof rectificationRequest>;

const actor = z.object({ id: z.string(), name: z.string(), role: z.string(), agency: z.string() });
export const RectificationRecord = z.object({ at: z.string(), field: z.string(), value: z.unknown(), actor, reason: z.string() }).openapi('Rectification');

/** The person's details as they stand, and every correction made to them. */
export const PersonDetails = z
  .object({
    personId: z.string(),
    kind: z.enum(['child', 'adult']),
    details: z.record(z.unknown()),
    rectifications: z.array(RectificationRecord),
  })
  .openapi('PersonDetails');

/** What a subject access export leaves out (SUBJECT_ACCESS_REDACTIONS adds to it; `redact` asks for more). */
export const subjectAccessQuery = z.object({
  redact: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .openapi({ description: 'Comma-separated field names to withhold besides the configured ones (e.g. officer,referrer)', example: 'officer' }),
  reason,
});

export const SubjectAccessExport = z
  .object({
    personId: z.string(),
    kind: z.enum(['child', 'adult']),
    producedAt: z.string(),
    redacted: z.array(z.string()),
    person: z.record(z.unknown()),
    rectifications: z.array(RectificationRecord),
    contacts: z.array(z.record(z.unknown())),
    disclosures: z.array(z.record(z.unknown())),
    legalHold: z.unknown().optional(),
  })
  .openapi('SubjectAccessExport', { description: 'Everything held about the person, with the redactions named.' });

export const DisclosureReport = z
  .object({ personId: z.string(), caseIds: z.array(z.string()), items: z.array(z.record(z.unknown())) })
  .openapi('DisclosureReport', { description: 'Every disclosure of the cases naming the person (outcomes to forces and referrers, returns), newest first.' });

export const legalHoldParams = z
  .object({ scope: z.enum(['case', 'person']), id: z.string().max(80) })
  .superRefine((p, ctx) => {
    const ok = p.scope === 'case' ? new RegExp(`^${CASE_ID_PATTERN}$`).test(p.id) : /^(CH|AD)-[0-9A-F]{20}$/.test(p.id);
    if (!ok) ctx.addIssue({ code: 'custom', path: ['id'], message: p.scope === 'case' ? 'not a case id' : 'not a person id' });
  });
export const legalHoldRequest = z.object({ reason }).openapi('LegalHoldRequest');
export const LegalHold = z
  .object({ scope: z.enum(['case', 'person']), id: z.string(), held: z.boolean(), placedAt: z.string().optional(), reason: z.string().optional() })
  .openapi('LegalHold');

/** Ofsted Annex A: List 1 (contacts) or List 3 (referrals), for contacts received in [from, to). */
export const annexAQuery = z
  .object({
    from: calendarDate(),
    to: calendarDate(),
    format: z.enum(['csv', 'xlsx', 'json']).default('xlsx'),
    reason,
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });
export type AnnexAQuery = z.output<typeof annexAQuery>;
export const annexAParams = z.object({ list: z.enum(['list-1', 'list-3']) });
export const AnnexAList = z
  .object({ list: z.string(), from: z.string(), to: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number()]))) })
  .openapi('AnnexAList');

/** Two person records found to be the same person: the other record, and why. */
export const mergeRequest = z
  .object({ mergeWith: anyPersonParams.shape.personId, reason })
  .openapi('PersonMergeRequest');
/** A wrongly matched person split: the contacts whose child (or adult) is someone else, and why. */
export const splitRequest = z
  .object({ caseIds: z.array(z.string().regex(new RegExp(`^${CASE_ID_PATTERN}$`), 'not a case id')).min(1).max(50), reason })
  .openapi('PersonSplitRequest');
export const PersonLinkResult = z
  .object({
    personId: z.string(),
    /** After a merge: every record now read as this person, the person first. */
    mergedWith: z.array(z.string()).optional(),
    /** After a split: the new person this record's own contacts moved to (when any did). */
    newPersonId: z.string().optional(),
    /** After a split: the records merged by mistake separated again (each with its contacts). */
    separated: z.array(z.string()).optional(),
    /** The contacts moved (a split), or every contact of the person as now read (a merge). */
    caseIds: z.array(z.string()),
  })
  .openapi('PersonLinkResult');
