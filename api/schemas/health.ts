// Whether the API's dependencies answer: for load balancers and operators.
import { z } from '../../shared/schemas/zod.js';

const state = z.enum(['up', 'down']);
// `ok` (ready): the database and Temporal answer and a worker polls the task queue.
// `degraded` (still 200): no worker polls, so notifications are accepted and wait in
// Temporal until one does. `unavailable` (503): the database or Temporal does not answer.
export const Health = z
  .object({ status: z.enum(['ok', 'degraded', 'unavailable']), database: state, temporal: state, worker: z.enum(['polling', 'none', 'unknown']) })
  .openapi('Health');
export type Health = z.output<typeof Health>;
