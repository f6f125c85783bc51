// The lists people work from: a PIT Stop meeting's agenda and the work queues.
import type { PartnerInformationRequest } from '../../shared/case/state.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import type { Models } from '../../shared/db/models.js';
import { localDate } from '../../shared/working-time.js';
import type { QueueName } from '../schemas/requests.js';
import type { ContactRecord } from './records.js';

const ratingOrder: Record<string, number> = { red: 0, amber: 1, green: 2 };

/** The contacts going to a meeting (default: today's), red first, then the nearest deadline. */
export async function meetingAgenda(
  ctx: { models: Models; policy: FrontDoorPolicy },
  date = localDate(Date.now(), ctx.policy.calendar.timeZone),
): Promise<{ date: string; meetingTime: string; cases: ContactRecord[] }> {
  const cases = await ctx.models.Contact.find({ meetingDate: date }).lean<ContactRecord[]>();
  // Red is triaged at once; within a rating the nearest decision deadline comes first.
  cases.sort(
    (a, b) =>
      (ratingOrder[a.rating ?? ''] ?? 9) - (ratingOrder[b.rating ?? ''] ?? 9) ||
      +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) ||
      a._id.localeCompare(b._id),
  );
  return { date, meetingTime: ctx.policy.meetingTime, cases };
}

const queues: Record<QueueName, Record<string, unknown>> = {
  awaiting_authorisation: { stage: 'awaiting_authorisation' },
  awaiting_acceptance: { stage: 'awaiting_allocation' },
  breached: { breached: true, stage: { $ne: 'closed' } },
  strategy_discussions: {
    outcome: 'strategy_discussion_s47',
    stage: { $in: ['awaiting_allocation', 'awaiting_strategy_discussion'] },
    'status.strategyDiscussion': { $exists: false },
  },
  police_feedback_failed: { 'status.policeFeedback.status': 'failed' },
};

/** A work queue, nearest decision deadline first, within the caller's scope (`queueScope`). */
export function workQueue(models: Models, queue: QueueName, scope: { leadAgency?: string }): Promise<ContactRecord[]> {
  return models.Contact.find({ ...queues[queue], ...scope }).sort({ decisionDueAt: 1, _id: 1 }).limit(500).lean<ContactRecord[]>().exec();
}

const outstanding: readonly PartnerInformationRequest['status'][] = ['requested', 'missing'];

/** A case and the request to one agency that is still outstanding on it. */
export interface OpenRequest {
  contact: ContactRecord;
  request: PartnerInformationRequest;
}

/**
 * Open cases (not closing or closed) on which an agency's information is still asked for
 * or was marked missing, soonest due first. FerretDB v1 refuses `$elemMatch` on array
 * elements that are documents, so the database matches agency and status anywhere in the
 * requests (possibly on two different ones) and the request itself is checked here.
 */
export async function openInformationRequests(models: Models, scope: { agency: string }): Promise<OpenRequest[]> {
  const candidates = await models.Contact.find({
    stage: { $nin: ['closing', 'closed'] },
    'status.partnerInformation.agency': scope.agency,
    'status.partnerInformation.status': { $in: outstanding },
  }).lean<ContactRecord[]>();
  return candidates
    .flatMap((contact) => {
      const request = contact.status?.partnerInformation.find((r) => r.agency === scope.agency && outstanding.includes(r.status));
      return request ? [{ contact, request }] : [];
    })
    .sort((a, b) => Date.parse(a.request.dueAt) - Date.parse(b.request.dueAt) || a.contact._id.localeCompare(b.contact._id))
    .slice(0, 500);
}
