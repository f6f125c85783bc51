// The lists people work from: the day's PIT Stop agenda and the work queues.
import { z } from '../../shared/schemas/zod.js';
import { CaseSummary } from './cases.js';
import { queueNames } from './requests.js';

export const Agenda = z
  .object({ date: z.string().date(), meetingTime: z.string(), items: z.array(CaseSummary) })
  .openapi('Agenda', { description: 'Red first (triaged at once), then the nearest decision deadline.' });
export type Agenda = z.output<typeof Agenda>;

export const Queue = z.object({ queue: z.enum(queueNames), items: z.array(CaseSummary) }).openapi('Queue');
export type Queue = z.output<typeof Queue>;
