// The body of every error (RFC 9457 application/problem+json), built in api/errors.ts.
import { z } from '../../shared/schemas/zod.js';

/**
 * Stable codes a program reads instead of the English in `detail` and `message` (which
 * may be reworded). A problem's code is its type's name, or a narrower one; a refused
 * field's code says what was wrong with it.
 */
export const problemCodes = [
  'bad-request',
  'validation',
  'unauthorized',
  'forbidden',
  /** A lead agency worker's read of a case not allocated to their agency: possible with a reason (X-Reason). */
  'not-allocated',
  /** A partner's read of a case their agency has no part in: possible with a reason (X-Reason). */
  'outside-need-to-know',
  'not-found',
  'conflict',
  /** The path exists, but not under this method: the `Allow` header lists those it takes. */
  'method-not-allowed',
  'unsupported-media-type',
  'rule-violation',
  'payload-too-large',
  'rate-limited',
  'unavailable',
  'internal',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const fieldErrorCodes = [
  /** Nothing given: missing, null, or an empty text. */
  'required',
  /** Not one of the values allowed (a code list, a literal, a variant). */
  'not-a-choice',
  /** A value of the wrong kind (a number for a text, say). */
  'wrong-type',
  /** Not in the form asked for (a date, a date-time, an email, a pattern). */
  'bad-format',
  'too-small',
  'too-big',
  'unknown-field',
  /** The body is not JSON. */
  'malformed',
  /** Valid on its own, but breaks a rule for this case or meeting (422). */
  'rule',
  /** Refused because of where the case or meeting is (409). */
  'conflict',
  /** Anything else the field fails. */
  'invalid',
] as const;
export type FieldErrorCode = (typeof fieldErrorCodes)[number];

export const FieldError = z
  .object({ path: z.string(), code: z.enum(fieldErrorCodes), message: z.string() })
  .openapi('FieldError');

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    /** What went wrong, for a program to act on: the type's own name, or a narrower one (problemCodes). */
    code: z.enum(problemCodes),
    detail: z.string().optional(),
    /** Field paths such as body.children.0.dateOfBirth or query.rating. */
    errors: z.array(FieldError).optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');
export type Problem = z.output<typeof Problem>;
