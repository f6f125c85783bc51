// Pieces every response and request schema shares. Each schema that names itself with
// `.openapi('Name')` is a component of the served document: the zod object that types a
// presenter's return value is the one the document shows, so the two cannot drift.
import { CASE_ID_PATTERN } from '../../shared/ids.js';
import { z } from '../../shared/schemas/zod.js';

export const caseId = z
  .string()
  .regex(new RegExp(`^${CASE_ID_PATTERN}$`), 'not a case id')
  .openapi({ example: 'C-0123456789ABCDEF0123' });

/** A field the contact's projection may not have yet (absent, or stored as null). */
export const opt = <T extends z.ZodTypeAny>(s: T) => s.nullish();

/** An instant as ISO 8601 text, and who did a step: as the case's state has them. */
import { at } from '../../shared/case/schema.js';
export { Actor, at } from '../../shared/case/schema.js';

/** A case's address in the API, e.g. /api/v1/cases/C-0123456789ABCDEF0123. */
export const caseUrl = z.string().openapi({ example: '/api/v1/cases/C-0123456789ABCDEF0123' });

/** A case named and linked: the head of every answer about one case, and a link to another. */
export const CaseLink = z.object({ caseId, url: caseUrl });

/** Who shared an agency's information on a case, when, and whether after it was marked missing. */
export const Contributed = z.object({
  submittedAt: at,
  submittedBy: z.object({ id: z.string(), name: z.string(), agency: z.string() }),
  late: z.boolean(),
});

/** An Idempotency-Key header: the caller's key, so a request sent again is known as the same one. */
export const idempotencyKey = (description: string, example: string) =>
  z
    .string()
    .trim()
    .regex(/^[\w.:-]{8,128}$/, '8-128 letters, digits and _ . : -')
    .optional()
    .openapi({ description, example });
