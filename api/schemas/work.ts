// The lists people work from: the day's PIT Stop agenda and the work queues.
import { z } from '../../shared/schemas/zod.js';
import { PartnerInformationRequest } from './case-records.js';
import { AgencyCaseSummary } from './case-views.js';
import { CaseSummary } from './cases.js';
import { queueNames, queueSorts } from './requests.js';

/** An emerging theme (GET /themes) in the locality and of the incident type of cases on the agenda. */
const AgendaTheme = z.object({ locality: z.string(), theme: z.string(), recent: z.number().int(), expected: z.number(), caseIds: z.array(z.string()) });

export const Agenda = z
  .object({ date: z.string().date(), meetingTime: z.string(), items: z.array(z.union([CaseSummary, AgencyCaseSummary])), themes: z.array(AgendaTheme) })
  .openapi('Agenda', { description: "Red first (triaged at once), then the nearest decision deadline. The panel and managers see each case's summary; a partner the cases within their organisation's need to know, as AgencyCaseSummary." });
export type Agenda = z.output<typeof Agenda>;
/** The agenda as the panel and managers read it: every case's summary. */
export type FrontDoorAgenda = Omit<Agenda, 'items'> & { items: CaseSummary[] };

/** Managers see each case's summary; a lead agency worker their organisation's allocations, as AgencyCaseSummary. */
export const Queue = z
  .object({
    queue: z.enum(queueNames),
    items: z.array(z.union([CaseSummary, AgencyCaseSummary])),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().openapi({ description: 'Cases in the queue that pass every filter, on every page.' }),
    sort: z.enum(queueSorts),
  })
  .openapi('Queue');
export type Queue = z.output<typeof Queue>;
/** A queue as managers read it: every case's summary. */
export type FrontDoorQueue = Omit<Queue, 'items'> & { items: CaseSummary[] };

/** How many cases each queue holds: counts show no case, so they are audited once, naming no case. */
export const QueueCounts = z
  .object({ counts: z.record(z.enum(queueNames), z.number().int()) })
  .openapi('QueueCounts', { description: 'Cases in each queue the caller may open (those asked for).' });
export type QueueCounts = z.output<typeof QueueCounts>;

/** A case on which the caller's organisation is still asked for what it knows: their own part of it, and the request. */
export const InformationRequest = AgencyCaseSummary.extend({ request: PartnerInformationRequest }).openapi('InformationRequest');

export const InformationRequestQueue = z
  .object({ queue: z.literal('information_requests'), items: z.array(InformationRequest) })
  .openapi('InformationRequestQueue', { description: "Open cases awaiting the caller's agency's information, soonest due first." });
export type InformationRequestQueue = z.output<typeof InformationRequestQueue>;
