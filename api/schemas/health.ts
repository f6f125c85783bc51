// Whether the API's dependencies answer: for load balancers and operators.
import { z } from '../../shared/schemas/zod.js';

const state = z.enum(['up', 'down']);
export const Health = z
  .object({ status: z.enum(['ok', 'unavailable']), database: state, temporal: state })
  .openapi('Health');
export type Health = z.output<typeof Health>;
