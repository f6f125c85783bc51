// The lists people work from: the day's PIT Stop agenda and the work queues.
import { z } from '../../shared/schemas/zod.js';
import { PartnerInformationRequest } from './case-records.js';
import { CaseSummary } from './cases.js';
import { queueNames } from './requests.js';

/** An emerging theme (GET /themes) in the locality and of the incident type of cases on the agenda. */
const AgendaTheme = z.object({ locality: z.string(), theme: z.string(), recent: z.number().int(), expected: z.number(), caseIds: z.array(z.string()) });

export const Agenda = z
  .object({ date: z.string().date(), meetingTime: z.string(), items: z.array(CaseSummary), themes: z.array(AgendaTheme) })
  .openapi('Agenda', { description: 'Red first (triaged at once), then the nearest decision deadline.' });
export type Agenda = z.output<typeof Agenda>;

export const Queue = z.object({ queue: z.enum(queueNames), items: z.array(CaseSummary) }).openapi('Queue');
export type Queue = z.output<typeof Queue>;

/** How many cases each queue holds: counts show no case, so they are audited once, naming no case. */
export const QueueCounts = z
  .object({ counts: z.record(z.enum(queueNames), z.number().int()) })
  .openapi('QueueCounts', { description: 'Cases in each queue the caller may open (those asked for).' });
export type QueueCounts = z.output<typeof QueueCounts>;

/** A case on which the caller's agency is still asked for what it knows. */
export const InformationRequest = CaseSummary.extend({ request: PartnerInformationRequest }).openapi('InformationRequest');

export const InformationRequestQueue = z
  .object({ queue: z.literal('information_requests'), items: z.array(InformationRequest) })
  .openapi('InformationRequestQueue', { description: "Open cases awaiting the caller's agency's information, soonest due first." });
export type InformationRequestQueue = z.output<typeof InformationRequestQueue>;
