// The case's deadlines as durable timers raced against its steps. Each watcher is one
// named path: what happens when a deadline passes with the step not yet taken.
import { condition } from '@temporalio/workflow';
import type { AllocationRecord, AuditReceipt, CaseStatus, MeetingSlot, TimelineEventInput } from '../shared/case/state.js';
import { msUntil, nowIso } from './clock.js';

/** A timeline event as the case records it; `audit`: the step's audit entry, written with the event. */
export type CaseEvent = Omit<TimelineEventInput, 'at'> & { at?: string; audit?: AuditReceipt };

/** What a watcher needs of the case: its state, whether it is decided, and recording. */
export interface WatchedCase {
  readonly state: CaseStatus;
  decided(): boolean;
  persist(event: CaseEvent): Promise<void>;
  /** Work the case waits for before it closes. */
  track<T>(p: Promise<T>): Promise<T>;
  /** Not reached at its meeting: on to the next one. */
  carryOver(missed: MeetingSlot): Promise<void>;
}

/**
 * A contact's three deadlines, watched with one durable timer at a time, set for
 * whichever falls first:
 * - the RAG decision deadline: no authorised decision in time → escalate to managers,
 *   once (a rating change moves it; a breach already recorded stays counted);
 * - the Working Together backstop, a decision on the type of response within one working
 *   day of receipt whatever the rating: missing it is recorded for the managers'
 *   timeliness figures (the RAG deadline is what escalates);
 * - partner information not in by its deadline is marked missing (a late answer is
 *   kept); the deadline may move (a rating change re-plans it), so the watch always
 *   waits for the earliest open request's due time as it stands.
 * - after a declined allocation, the re-decision's deadline (`redecisionDueAt`, at the
 *   rating's pace from the decline): no new decision authorised by then → escalated to
 *   managers, once per decline;
 * - the agenda: nothing drops off it. A case still undecided when the front door closes on
 *   its meeting's day was not reached, and is carried over to the next meeting, as often
 *   as it takes, for as long as the case is open (a return or a declined allocation puts
 *   it before a meeting again, and the watch follows it there).
 * The decision's and the backstop's watch end for good once a decision is authorised,
 * the partners' and the agenda's at closing. A deadline not yet planned is not watched until it is: a
 * contact from a partner has only the backstop until the front door rates it. One timer
 * rather than one per deadline is fewer commands and events per contact on the history,
 * and fewer promises for the worker to track (the SDK captures a stack for every promise
 * a workflow makes).
 */
export async function watchDeadlines(c: WatchedCase): Promise<void> {
  const s = c.state;
  // A watch ends for good the first moment the case is seen decided (a declined allocation
  // un-decides it later) or closing: latched at every look, the condition's own included,
  // so a step between two looks is not missed.
  let decisionWatched = true;
  let partnersWatched = true;
  const latch = () => {
    // A duplicate is not decided separately: the case it duplicates carries its deadlines.
    if (c.decided() || s.duplicateOf) decisionWatched = false;
    if (s.stage === 'closing') partnersWatched = false;
  };
  const requested = () => s.partnerInformation.filter((r) => r.status === 'requested');
  const decisionDue = () => (decisionWatched && !s.breached ? s.decisionDueAt : undefined);
  const statutoryDue = () => (decisionWatched && !s.statutoryDeadlineMissed ? s.statutoryDueAt : undefined);
  // After a declined allocation the case is undecided again: its re-decision is watched
  // until a new decision is authorised, escalated once per decline.
  const redecisionEscalated = () => s.escalations.some((e) => e.kind === 'redecision_overdue' && e.dueAt === s.redecisionDueAt);
  const redecisionDue = () => (partnersWatched && !c.decided() && !redecisionEscalated() ? s.redecisionDueAt : undefined);
  const partnersDue = () => (partnersWatched ? requested().map((r) => r.dueAt).sort()[0] : undefined);
  let carrying = false;
  const agendaDue = () => (partnersWatched && !carrying && s.stage === 'awaiting_decision' ? s.meeting?.endsAt : undefined);
  const next = () => [decisionDue(), statutoryDue(), redecisionDue(), partnersDue(), agendaDue()].filter((d) => d !== undefined).sort()[0];
  const passed = (due: string | undefined): due is string => due !== undefined && Date.parse(due) <= Date.now();
  for (;;) {
    latch();
    const due = next();
    if (due === undefined) {
      if (!partnersWatched) return;
      // Nothing due now (decided, partners answered): the case may still come back before
      // a meeting (a declined allocation) until it is closing.
      await condition(() => {
        latch();
        return next() !== undefined || !partnersWatched;
      });
      continue;
    }
    // The timer is set again only when the first deadline moves.
    const moved = await condition(() => {
      latch();
      return next() !== due;
    }, msUntil(due));
    if (moved) continue;
    // The timer fired: every deadline that has now passed, its state first (all of them,
    // as if each had a timer and they fired together), then its event. The events are
    // written in order (`persist` writes one at a time) while the watch goes on: a later
    // deadline passing meanwhile is marked when it passes, not when the writing is done.
    if (s.stage === 'closing') partnersWatched = false;
    const events: CaseEvent[] = [];
    const decision = decisionDue();
    if (passed(decision)) {
      s.breached = true;
      s.escalations.push({ kind: 'decision_deadline_breached', at: nowIso(), dueAt: decision });
      events.push({ type: 'escalated', reason: 'decision deadline breached', details: { kind: 'decision_deadline_breached', dueAt: decision, rating: s.rating } });
    }
    const statutory = statutoryDue();
    if (passed(statutory)) {
      s.statutoryDeadlineMissed = true;
      events.push({ type: 'statutory_deadline_missed', details: { dueAt: statutory } });
    }
    const redecision = redecisionDue();
    if (passed(redecision)) {
      s.escalations.push({ kind: 'redecision_overdue', at: nowIso(), dueAt: redecision });
      events.push({ type: 'escalated', reason: 'no new decision in time after a declined allocation', details: { kind: 'redecision_overdue', dueAt: redecision, rating: s.rating } });
    }
    const missing = partnersWatched ? requested().filter((r) => passed(r.dueAt)) : [];
    if (missing.length > 0) {
      for (const r of missing) r.status = 'missing';
      events.push({ type: 'partner_information_missing', details: { agencies: missing.map((r) => r.agency), dueAt: missing.map((r) => r.dueAt).sort()[0] } });
    }
    for (const event of events) void c.track(c.persist(event));
    const meeting = s.meeting;
    if (passed(agendaDue()) && meeting) {
      carrying = true;
      void c.track(c.carryOver(meeting).finally(() => (carrying = false)));
    }
  }
}

/** The lead agency must accept in time, or the managers are told. */
export async function watchAllocation(c: WatchedCase, allocation: AllocationRecord): Promise<void> {
  const due = allocation.dueAt!;
  const answered = await condition(() => allocation.status !== 'requested', msUntil(due));
  if (!answered) {
    allocation.escalated = true;
    c.state.escalations.push({ kind: 'allocation_not_accepted', at: nowIso(), dueAt: due });
    await c.persist({ type: 'escalated', reason: 'allocation not accepted in time', details: { kind: 'allocation_not_accepted', leadAgency: allocation.leadAgency, dueAt: due } });
  }
}

/**
 * s47: the strategy discussion must be held within the local number of hours of the
 * authorised decision to hold one. Not recorded by then → managers are told, once; the
 * case then waits for the lead agency to record it held. An amendment away from s47, or
 * to a new s47 decision with its own due time, ends this watch.
 */
export async function watchStrategyDiscussion(c: WatchedCase): Promise<void> {
  const s = c.state;
  const due = s.strategyDiscussionDueAt!;
  const settled = () => s.strategyDiscussion !== undefined || s.strategyDiscussionDueAt !== due;
  if (await condition(settled, msUntil(due))) return;
  s.escalations.push({ kind: 'strategy_discussion_overdue', at: nowIso(), dueAt: due });
  await c.persist({ type: 'escalated', reason: 'strategy discussion not held in time', details: { kind: 'strategy_discussion_overdue', dueAt: due } });
}

/**
 * s47 enquiry: the initial child protection conference within 15 working days of the
 * strategy discussion (`conferenceDueAt`, planned in working time when the discussion was
 * recorded). Not recorded by then → managers are told, once (`conference_overdue`, on the
 * `conferences_due` queue as overdue); the case still waits for it. The watch ends when
 * the conference is recorded, or the case is closing without it (amended away from s47).
 */
export async function watchConference(c: Pick<WatchedCase, 'state' | 'persist'>): Promise<void> {
  const s = c.state;
  const due = s.strategyDiscussion?.conferenceDueAt;
  if (!due) return;
  const settled = () => s.conference !== undefined || s.stage === 'closing' || s.stage === 'closed';
  if (await condition(settled, msUntil(due))) return;
  s.escalations.push({ kind: 'conference_overdue', at: nowIso(), dueAt: due });
  await c.persist({ type: 'escalated', reason: 'initial child protection conference not recorded in time', details: { kind: 'conference_overdue', dueAt: due } });
}
