// The lists people work from: a PIT Stop meeting's agenda and the work queues.
import type { PartnerInformationRequest } from '../../shared/case/state.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import type { Models } from '../../shared/db/models.js';
import { agendaCaseIds } from '../../shared/db/working-set.js';
import { localDate } from '../../shared/working-time.js';
import type { QueueName } from '../schemas/requests.js';
import type { ContactRecord } from './records.js';

const ratingOrder: Record<string, number> = { red: 0, amber: 1, green: 2 };

/** The contacts going to a meeting (default: today's), red first, then the nearest deadline. */
export async function meetingAgenda(
  ctx: { models: Models; policy: FrontDoorPolicy },
  date = localDate(Date.now(), ctx.policy.calendar.timeZone),
): Promise<{ date: string; meetingTime: string; cases: ContactRecord[] }> {
  // The meeting's log of case ids, each contact by `_id`, keeping those still set for it.
  const cases = (await contactsById(ctx.models, await agendaCaseIds(ctx.models, date))).filter((c) => c.meetingDate === date);
  // Red is triaged at once; within a rating the nearest decision deadline comes first.
  cases.sort(
    (a, b) =>
      (ratingOrder[a.rating ?? ''] ?? 9) - (ratingOrder[b.rating ?? ''] ?? 9) ||
      +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) ||
      a._id.localeCompare(b._id),
  );
  return { date, meetingTime: ctx.policy.meetingTime, cases };
}

/** Contacts by `_id`, in the order given, leaving out any not found. */
async function contactsById(models: Models, ids: readonly string[]): Promise<(ContactRecord & { meetingDate?: string })[]> {
  const found = await Promise.all(ids.map((id) => models.Contact.findById(id).lean<ContactRecord & { meetingDate?: string }>().exec()));
  return found.filter((c) => c !== null);
}

/** Each queue: the filter of the working set (`open_cases`), and the same test of the contact. */
const queues: Record<QueueName, { filter: Record<string, unknown>; holds: (c: ContactRecord) => boolean }> = {
  awaiting_authorisation: { filter: { stage: 'awaiting_authorisation' }, holds: (c) => c.stage === 'awaiting_authorisation' },
  awaiting_acceptance: { filter: { stage: 'awaiting_allocation' }, holds: (c) => c.stage === 'awaiting_allocation' },
  breached: { filter: { breached: true, stage: { $ne: 'closed' } }, holds: (c) => c.breached === true && c.stage !== 'closed' },
  strategy_discussions: {
    filter: {
      outcome: 'strategy_discussion_s47',
      stage: { $in: ['awaiting_allocation', 'awaiting_strategy_discussion'] },
      strategyDiscussionHeld: { $exists: false },
    },
    holds: (c) =>
      c.outcome === 'strategy_discussion_s47' && ['awaiting_allocation', 'awaiting_strategy_discussion'].includes(c.stage) && !c.status?.strategyDiscussion,
  },
  police_feedback_failed: { filter: { policeFeedbackStatus: 'failed' }, holds: (c) => c.status?.policeFeedback?.status === 'failed' },
};

/**
 * A work queue, nearest decision deadline first, within the caller's scope (`queueScope`):
 * the working set filtered, then each contact by `_id`, checked.
 */
export async function workQueue(models: Models, queue: QueueName, scope: { leadAgency?: string }): Promise<ContactRecord[]> {
  const { filter, holds } = queues[queue];
  const open = await models.OpenCase.find({ ...filter, ...scope }, { _id: 1 }).sort({ decisionDueAt: 1, _id: 1 }).limit(500).lean();
  const contacts = await contactsById(models, open.map((o) => String(o._id)));
  return contacts
    .filter((c) => holds(c) && (scope.leadAgency === undefined || c.leadAgency === scope.leadAgency))
    .sort((a, b) => +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) || a._id.localeCompare(b._id));
}

const outstanding: readonly PartnerInformationRequest['status'][] = ['requested', 'missing'];

/** A case and the request to one agency that is still outstanding on it. */
export interface OpenRequest {
  contact: ContactRecord;
  request: PartnerInformationRequest;
}

/**
 * Open cases (not closing or closed; from the working set, each contact then read by
 * `_id`) on which an agency's information is still asked for or was marked missing,
 * soonest due first: the working set's `agency:status` requests matched, then the
 * request itself checked on the contact.
 */
export async function openInformationRequests(models: Models, scope: { agency: string }): Promise<OpenRequest[]> {
  const open = await models.OpenCase.find(
    {
      stage: { $nin: ['closing', 'closed'] },
      partnerRequests: { $in: outstanding.map((status) => `${scope.agency}:${status}`) },
    },
    { _id: 1 },
  ).lean();
  const candidates = (await contactsById(models, open.map((o) => String(o._id)))).filter((c) => !['closing', 'closed'].includes(c.stage));
  return candidates
    .flatMap((contact) => {
      const request = contact.status?.partnerInformation.find((r) => r.agency === scope.agency && outstanding.includes(r.status));
      return request ? [{ contact, request }] : [];
    })
    .sort((a, b) => Date.parse(a.request.dueAt) - Date.parse(b.request.dueAt) || a.contact._id.localeCompare(b.contact._id))
    .slice(0, 500);
}
