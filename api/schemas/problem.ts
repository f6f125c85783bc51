// The body of every error (RFC 9457 application/problem+json), built in api/errors.ts.
import { z } from '../../shared/schemas/zod.js';

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    /** Field paths such as body.children.0.dateOfBirth or query.rating. */
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');
export type Problem = z.output<typeof Problem>;
