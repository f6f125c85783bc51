// Planning in working time: decision deadlines by rating, the PIT Stop meeting a case
// goes to, and the lead agency's acceptance deadline. Pure functions of the policy and
// the instant, wrapped as activities so the workflow gets the dates, never the rules.
import type { CaseActivities, CaseRules } from '../shared/case/activities.js';
import type { MeetingSlot } from '../shared/case/state.js';
import type { RagRating } from '../shared/codes.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import { addWorkingDays, addWorkingMinutes, localDate, nextWorkingDayAt, zonedInstant } from '../shared/working-time.js';

/** The local rules a case is held to for its whole life, read once at intake. */
export function caseRulesOf(policy: FrontDoorPolicy): CaseRules {
  return {
    jointDecision: policy.jointDecision,
    threshold: policy.threshold,
    amendmentByAnotherManager: policy.amendmentByAnotherManager,
    policeFeedbackRejectedRetryHours: policy.policeFeedbackRejectedRetryHours,
    policeFeedbackGiveUpHours: policy.policeFeedbackGiveUpHours,
  };
}

/** When a decision is due at a rating's pace, counted in working time from receipt. */
export function decisionDue(policy: FrontDoorPolicy, receivedAt: number, rating: RagRating): string {
  return addWorkingMinutes(receivedAt, policy.decisionWorkingMinutes[rating], policy.calendar).toISOString();
}

/** Working Together's backstop: a decision on the type of response within one working day of receipt. */
export function statutoryDue(policy: FrontDoorPolicy, receivedAt: number): string {
  return addWorkingMinutes(receivedAt, policy.statutoryWorkingMinutes, policy.calendar).toISOString();
}

/** The slot of a meeting (or a triage at once) on `at`'s day, ending when the front door closes that day. */
function slotAt(policy: FrontDoorPolicy, at: Date, immediate: boolean): MeetingSlot {
  const { timeZone, closes } = policy.calendar;
  const date = localDate(at, timeZone);
  return { date, startsAt: at.toISOString(), immediate, endsAt: new Date(zonedInstant(date, closes, timeZone)).toISOString() };
}

/** Triaged at once: at `from` if the front door is open then, else when it next opens. */
function triagedAtOnce(policy: FrontDoorPolicy, from: number): MeetingSlot {
  // No working time added: the first working instant at or after `from`.
  return slotAt(policy, addWorkingMinutes(from, 0, policy.calendar), true);
}

/**
 * The meeting a case goes to, planned at `from` (receipt, rating, a return or a decline).
 *
 * - Red is triaged at once. Received out of hours (a Saturday, a night), it is triaged
 *   when the front door next opens and is on that working day's agenda, never on the
 *   agenda of a day nobody meets.
 * - Amber and green go to the next daily PIT Stop whose agenda is still open: received
 *   after the agenda's cut-off, the meeting after it, so partners have time to bring what
 *   they know.
 * - But never to a meeting that starts after `dueBy` (the earlier of the decision deadline
 *   and the statutory backstop). The cut-off gives partners time to prepare, not licence to
 *   breach: a contact received between the cut-off and the meeting (09:00-10:00 by default)
 *   joins that morning's meeting as a late item, and one whose first meeting to come would
 *   still be too late is triaged at once.
 */
export function meetingAfter(policy: FrontDoorPolicy, from: number, rating: RagRating, dueBy?: string): MeetingSlot {
  if (rating === 'red') return triagedAtOnce(policy, from);
  const { timeZone } = policy.calendar;
  const first = nextWorkingDayAt(from, policy.meetingTime, policy.calendar);
  const agendaClosed = from > zonedInstant(localDate(first, timeZone), policy.agendaCutOff, timeZone);
  const latest = dueBy === undefined ? Infinity : Date.parse(dueBy);
  const candidates = agendaClosed ? [nextWorkingDayAt(first, policy.meetingTime, policy.calendar), first] : [first];
  const at = candidates.find((meeting) => +meeting <= latest);
  return at ? slotAt(policy, at, false) : triagedAtOnce(policy, from);
}

/**
 * Everything a rating decides for a contact: its decision deadline and statutory backstop
 * (from receipt), and the meeting it goes to and when partners' information is due (from
 * `from`: receipt for a police notification, the moment of rating for any other contact).
 * One planner for every source.
 */
export function planContact(policy: FrontDoorPolicy, input: { receivedAt: number; from: number; rating: RagRating }) {
  const decisionDueAt = decisionDue(policy, input.receivedAt, input.rating);
  const statutoryDueAt = statutoryDue(policy, input.receivedAt);
  const dueBy = Date.parse(decisionDueAt) < Date.parse(statutoryDueAt) ? decisionDueAt : statutoryDueAt;
  const meeting = meetingAfter(policy, input.from, input.rating, dueBy);
  const partnerInformationDueAt = partnerInformationDue(policy, input.from, input.rating, meeting, decisionDueAt);
  return { decisionDueAt, statutoryDueAt, meeting, partnerInformationDueAt };
}

/**
 * When partners' information is due: at the meeting for amber and green; for red, a short
 * working time after `from`, and never after the decision deadline it is needed for.
 */
export function partnerInformationDue(policy: FrontDoorPolicy, from: number, rating: RagRating, meeting: MeetingSlot, decisionDueAt: string): string {
  if (rating !== 'red') return meeting.startsAt;
  const due = addWorkingMinutes(from, policy.redPartnerInformationWorkingMinutes, policy.calendar).getTime();
  return new Date(Math.min(due, Date.parse(decisionDueAt))).toISOString();
}

/** Working Together: the initial child protection conference within 15 working days of the strategy discussion. */
export const CONFERENCE_WORKING_DAYS = 15;

export function planningActivities(
  policy: FrontDoorPolicy,
): Pick<CaseActivities, 'planDecisionDeadline' | 'planMeeting' | 'planAllocationDeadline' | 'planPartnerInformationDue' | 'planConferenceDeadline'> {
  return {
    /** When the initial child protection conference must be held by, after an s47 strategy discussion. */
    async planConferenceDeadline(input) {
      return addWorkingDays(new Date(input.heldAt), CONFERENCE_WORKING_DAYS, policy.calendar).toISOString();
    },

    /** The decision deadline for a (changed) rating, counted from receipt. */
    async planDecisionDeadline(input) {
      return decisionDue(policy, Date.parse(input.receivedAt), input.rating);
    },

    /**
     * The meeting a case goes (back) to: re-rated, returned, declined or not reached, it is
     * held to the same rule as at receipt: a meeting no later than `dueBy`, or triaged at once
     * (a case whose deadline has passed waits for no meeting).
     */
    async planMeeting(input) {
      return meetingAfter(policy, Date.parse(input.after), input.rating, input.dueBy);
    },

    /** When the lead agency must accept an allocation by. */
    async planAllocationDeadline(input) {
      return addWorkingMinutes(new Date(input.from), policy.allocationWorkingMinutes, policy.calendar).toISOString();
    },

    /** Re-planned when the rating changes, so partners answer before the decision is due. */
    async planPartnerInformationDue(input) {
      return partnerInformationDue(policy, Date.parse(input.from), input.rating, input.meeting, input.decisionDueAt);
    },
  };
}
