// The lists people work from: a PIT Stop meeting's agenda and the work queues.
import { liveLeadAgencies } from '../../shared/case/rules.js';
import type { PartnerInformationRequest } from '../../shared/case/state.js';
import { loadCalendar, type FrontDoorPolicy } from '../../shared/config.js';
import type { Store } from '../../shared/db/store.js';
import { addWorkingMinutes, localDate, type WorkingCalendar } from '../../shared/working-time.js';
import type { QueueName, QueueQuery } from '../schemas/requests.js';
import { POLICE_SOURCE } from '../../shared/codes.js';
import type { ContactRecord } from './records.js';

const ratingOrder: Record<string, number> = { red: 0, amber: 1, green: 2 };

type AgendaContact = ContactRecord & { meetingDate?: string };

/** Still going to the meeting: the agenda. */
const goingTo = (c: AgendaContact, date: string) => c.meetingDate === date;

/**
 * The contacts going to a meeting (default: today's), red first, then the nearest deadline.
 * `kept` chooses which of the meeting's log to keep: by default those still set for it.
 */
export async function meetingAgenda(
  ctx: { store: Store; policy: FrontDoorPolicy },
  date = localDate(Date.now(), ctx.policy.calendar.timeZone),
  kept: (c: AgendaContact, date: string) => boolean = goingTo,
): Promise<{ date: string; meetingTime: string; cases: ContactRecord[] }> {
  // The meeting's log of case ids, each contact by `_id`, keeping those `kept`.
  const ids = await ctx.store.readAgendaCaseIds(date);
  const cases = (await ctx.store.readContacts<AgendaContact>(ids)).filter((c) => kept(c, date));
  // Red is triaged at once; within a rating the nearest decision deadline comes first.
  cases.sort(
    (a, b) =>
      (ratingOrder[a.rating ?? ''] ?? 9) - (ratingOrder[b.rating ?? ''] ?? 9) ||
      +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) ||
      a._id.localeCompare(b._id),
  );
  return { date, meetingTime: ctx.policy.meetingTime, cases };
}

/**
 * What a queue's condition looks at: a working-set document's fields
 * (shared/db/working-set.ts `openCaseOf`), or the same fields read off a contact.
 */
interface QueueFields {
  source?: string;
  incidentType?: string;
  stage?: string;
  rating?: string;
  receivedAt?: Date;
  breached?: boolean;
  outcome?: string;
  strategyDiscussionHeld?: boolean;
  policeFeedbackStatus?: string;
  leadAgency?: string;
  /** Every lead agency with the case requested or accepted (one per lead agency of a decision, each with its children). */
  leadAgencies?: string[];
  decisionDueAt?: Date;
  meetingDate?: string;
  /** s47 enquiry: when the initial child protection conference is due (the strategy discussion's `conferenceDueAt`). */
  conferenceDueAt?: string;
}
const queueFields = { source: 1, incidentType: 1, stage: 1, rating: 1, receivedAt: 1, breached: 1, outcome: 1, strategyDiscussionHeld: 1, policeFeedbackStatus: 1, leadAgency: 1, leadAgencies: 1, decisionDueAt: 1, meetingDate: 1, conferenceDueAt: 1 } as const;

/** A contact's queue fields, as its working-set document has them. */
const queueFieldsOf = (c: ContactRecord & { meetingDate?: string }): QueueFields => ({
  source: c.source ?? POLICE_SOURCE,
  incidentType: c.incidentType,
  meetingDate: c.meetingDate,
  stage: c.stage,
  rating: c.rating,
  receivedAt: c.receivedAt,
  breached: c.breached,
  outcome: c.outcome,
  strategyDiscussionHeld: c.status?.strategyDiscussion ? true : undefined,
  policeFeedbackStatus: c.status?.policeFeedback?.status,
  leadAgency: c.leadAgency,
  leadAgencies: liveLeadAgencies(c.status),
  conferenceDueAt: c.status?.strategyDiscussion?.conferenceDueAt,
});

/** What a queue's condition may ask of the front door: its local date today, its office hours. */
interface QueueContext {
  today: string;
  calendar: WorkingCalendar;
}

/** Received while the front door was shut (a night, a weekend, a bank holiday). */
const outOfHours = (at: Date, calendar: WorkingCalendar) => addWorkingMinutes(at, 0, calendar).getTime() !== at.getTime();

/** Each queue's condition, tested on the working set and then again on each contact read. */
const queues: Record<QueueName, (f: QueueFields, ctx: QueueContext) => boolean> = {
  awaiting_authorisation: (f) => f.stage === 'awaiting_authorisation',
  awaiting_acceptance: (f) => f.stage === 'awaiting_allocation',
  breached: (f) => f.breached === true && f.stage !== 'closed',
  strategy_discussions: (f) =>
    f.outcome === 'strategy_discussion_s47' && ['awaiting_allocation', 'awaiting_strategy_discussion'].includes(f.stage ?? '') && !f.strategyDiscussionHeld,
  police_feedback_failed: (f) => f.policeFeedbackStatus === 'failed',
  // Carried over at each meeting's close, a case should always have a meeting ahead: one
  // without (a meeting date passed, or none) is listed rather than lost.
  no_meeting_ahead: (f, { today }) => f.stage === 'awaiting_decision' && (!f.meetingDate || f.meetingDate < today),
  awaiting_rating: (f) => f.stage === 'awaiting_rating',
  // The emergency duty team's: red contacts received out of hours, until decided. Each is
  // also on the next working day's agenda, triaged when the front door opens.
  out_of_hours: (f, { calendar }) =>
    f.rating === 'red' && ['awaiting_decision', 'awaiting_authorisation'].includes(f.stage ?? '') && f.receivedAt !== undefined && outOfHours(new Date(f.receivedAt), calendar),
  // s47 enquiries waiting for their initial child protection conference to be recorded.
  conferences_due: (f) => f.stage === 'awaiting_conference',
};

/** Nearest decision deadline first (a case without one first, as MongoDB sorts), then by case id. */
const byDeadline = (a: { _id: string; decisionDueAt?: Date }, b: { _id: string; decisionDueAt?: Date }) =>
  (a.decisionDueAt ? +a.decisionDueAt : -Infinity) - (b.decisionDueAt ? +b.decisionDueAt : -Infinity) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** The conference due soonest first (an overdue one before any still running), then by case id. */
const byConferenceDue = (a: { _id: string; conferenceDueAt?: string }, b: { _id: string; conferenceDueAt?: string }) =>
  (a.conferenceDueAt ?? '').localeCompare(b.conferenceDueAt ?? '') || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** A queue's order by its deadline: the conferences due by theirs, every other queue by the decision's. */
const deadlineOrder = (queue: QueueName) => (queue === 'conferences_due' ? byConferenceDue : byDeadline);

/** The most cases a queue read gives (and its count says). */
const QUEUE_MOST = 500;

/** Whether a case is on the queue: the queue's condition, within the lead agency's allocations if one is named (each child's lead agency counts). */
function queueHolds(queue: QueueName, leadAgency: string | undefined, today: string, calendar: WorkingCalendar) {
  return (f: QueueFields) => queues[queue](f, { today, calendar }) && (leadAgency === undefined || f.leadAgency === leadAgency || f.leadAgencies?.includes(leadAgency) === true);
}

/**
 * A work queue, nearest decision deadline first, within the caller's scope (`queueScope`):
 * the working set tested, then each contact by `_id`, tested again (the working set may be
 * a moment behind its contact).
 */
export async function workQueue(
  store: Store,
  queue: QueueName,
  scope: { leadAgency?: string; shows?: (c: ContactRecord) => boolean },
  today = new Date().toISOString().slice(0, 10),
  calendar: WorkingCalendar = loadCalendar(),
): Promise<ContactRecord[]> {
  const holds = queueHolds(queue, scope.leadAgency, today, calendar);
  const open = (await store.readOpenCases<QueueFields & { _id: string }>(queueFields)).filter(holds).sort(deadlineOrder(queue)).slice(0, QUEUE_MOST);
  const contacts = await store.readContacts<ContactRecord>(open.map((o) => o._id));
  const order = queue === 'conferences_due'
    ? (a: ContactRecord, b: ContactRecord) => byConferenceDue({ ...queueFieldsOf(a), _id: a._id }, { ...queueFieldsOf(b), _id: b._id })
    : (a: ContactRecord, b: ContactRecord) => +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) || a._id.localeCompare(b._id);
  return contacts.filter((c) => holds(queueFieldsOf(c)) && (scope.shows === undefined || scope.shows(c))).sort(order);
}

/**
 * How many cases a queue holds (a page's tabs), as `workQueue` finds them. A scope that
 * decides on the contact itself (`shows`) reads each contact; any other counts the working
 * set's documents, as a queue's page counts its total, without reading a contact.
 */
export async function workQueueCount(
  store: Store,
  queue: QueueName,
  scope: { leadAgency?: string; shows?: (c: ContactRecord) => boolean },
  today = new Date().toISOString().slice(0, 10),
  calendar: WorkingCalendar = loadCalendar(),
): Promise<number> {
  if (scope.shows) return (await workQueue(store, queue, scope, today, calendar)).length;
  const holds = queueHolds(queue, scope.leadAgency, today, calendar);
  return Math.min(QUEUE_MOST, (await store.readOpenCases<QueueFields & { _id: string }>(queueFields)).filter(holds).length);
}

/** A queue's page as asked for, and how many cases the whole queue holds under its filters. */
export interface QueuePage {
  page: number;
  pageSize: number;
  total: number;
  sort: QueueQuery['sort'];
}

const orders: Record<QueueQuery['sort'], (a: QueueFields & { _id: string }, b: QueueFields & { _id: string }) => number> = {
  deadline: byDeadline,
  // The longest waiting first.
  received: (a, b) => +(a.receivedAt ?? 0) - +(b.receivedAt ?? 0) || byDeadline(a, b),
  rating: (a, b) => (ratingOrder[a.rating ?? ''] ?? 9) - (ratingOrder[b.rating ?? ''] ?? 9) || byDeadline(a, b),
};

/** A queue's order as asked: `deadline` is the queue's own deadline (the conference's on `conferences_due`). */
const orderOf = (queue: QueueName, sort: QueueQuery['sort']) => (sort === 'deadline' ? deadlineOrder(queue) : orders[sort]);

/** Whether a case passes the filters asked for. */
const filtered = (q: QueueQuery) => (f: QueueFields) =>
  (q.rating === undefined || f.rating === q.rating) &&
  (q.incidentType === undefined || f.incidentType === q.incidentType) &&
  (q.source === undefined || (q.source === 'police') === ((f.source ?? POLICE_SOURCE) === POLICE_SOURCE));

/**
 * One page of a work queue: ordered and filtered on the working set (one small document per
 * open case), then only the page's contacts read by `_id` and tested again. A scope that
 * shows some cases only (a lead agency's organisation) reads the queue as `workQueue` does
 * and pages what it shows, so its total counts only what it may open.
 */
export async function workQueuePage(
  store: Store,
  queue: QueueName,
  scope: { leadAgency?: string; shows?: (c: ContactRecord) => boolean },
  q: QueueQuery,
  today: string,
  calendar: WorkingCalendar,
): Promise<{ cases: ContactRecord[]; page: QueuePage }> {
  const start = (q.page - 1) * q.pageSize;
  const keep = filtered(q);
  if (scope.shows) {
    const all = (await workQueue(store, queue, scope, today, calendar)).filter((c) => keep(queueFieldsOf(c)));
    const ordered = all.map((c) => ({ ...queueFieldsOf(c), decisionDueAt: c.decisionDueAt, _id: c._id, c })).sort(orderOf(queue, q.sort));
    return { cases: ordered.slice(start, start + q.pageSize).map((o) => o.c), page: { page: q.page, pageSize: q.pageSize, total: all.length, sort: q.sort } };
  }
  const onQueue = queueHolds(queue, scope.leadAgency, today, calendar);
  const holds = (f: QueueFields) => onQueue(f) && keep(f);
  const open = (await store.readOpenCases<QueueFields & { _id: string }>(queueFields)).filter(holds).sort(orderOf(queue, q.sort));
  const onPage = open.slice(start, start + q.pageSize).map((o) => o._id);
  const cases = (await store.readContacts<ContactRecord>(onPage)).filter((c) => holds(queueFieldsOf(c)));
  return { cases, page: { page: q.page, pageSize: q.pageSize, total: open.length, sort: q.sort } };
}

const outstanding: readonly PartnerInformationRequest['status'][] = ['requested', 'missing'];
/** Not closing or closed. */
const stillOpen = (stage?: string) => stage !== 'closing' && stage !== 'closed';

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
export async function openInformationRequests(store: Store, scope: { agency: string; shows?: (c: ContactRecord) => boolean }): Promise<OpenRequest[]> {
  const asked = outstanding.map((status) => `${scope.agency}:${status}`);
  const open = (await store.readOpenCases<{ _id: string; stage?: string; partnerRequests?: string[] }>({ stage: 1, partnerRequests: 1 })).filter(
    (o) => stillOpen(o.stage) && (o.partnerRequests ?? []).some((r) => asked.includes(r)),
  );
  // Only the requests to the caller's own organisation (a school sees its pupils' cases, not another school's).
  const candidates = (await store.readContacts<ContactRecord>(open.map((o) => o._id))).filter((c) => stillOpen(c.stage) && (scope.shows?.(c) ?? true));
  return candidates
    .flatMap((contact) => {
      const request = contact.status?.partnerInformation.find((r) => r.agency === scope.agency && outstanding.includes(r.status));
      return request ? [{ contact, request }] : [];
    })
    .sort((a, b) => Date.parse(a.request.dueAt) - Date.parse(b.request.dueAt) || a.contact._id.localeCompare(b.contact._id))
    .slice(0, 500);
}
