// Planning in working time: decision deadlines by rating, the PIT Stop meeting a case
// goes to, and the lead agency's acceptance deadline. Pure functions of the policy and
// the instant, wrapped as activities so the workflow gets the dates, never the rules.
import type { CaseActivities, CaseRules } from '../shared/case/activities.js';
import type { MeetingSlot } from '../shared/case/state.js';
import type { RagRating } from '../shared/codes.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import { addWorkingMinutes, localDate, nextWorkingDayAt, zonedInstant } from '../shared/working-time.js';

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

/** The meeting after an instant: red is triaged at once; others at the next daily PIT Stop. */
export function meetingAfter(policy: FrontDoorPolicy, after: number, rating: RagRating): MeetingSlot {
  if (rating === 'red') {
    return { date: localDate(after, policy.calendar.timeZone), startsAt: new Date(after).toISOString(), immediate: true };
  }
  let at = nextWorkingDayAt(after, policy.meetingTime, policy.calendar);
  // Received after that meeting's agenda closed: the meeting after it.
  const date = localDate(at, policy.calendar.timeZone);
  if (after > zonedInstant(date, policy.agendaCutOff, policy.calendar.timeZone)) at = nextWorkingDayAt(at, policy.meetingTime, policy.calendar);
  return { date: localDate(at, policy.calendar.timeZone), startsAt: at.toISOString(), immediate: false };
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

export function planningActivities(
  policy: FrontDoorPolicy,
): Pick<CaseActivities, 'planDecisionDeadline' | 'planMeeting' | 'planAllocationDeadline' | 'planPartnerInformationDue'> {
  return {
    /** The decision deadline for a (changed) rating, counted from receipt. */
    async planDecisionDeadline(input) {
      return addWorkingMinutes(new Date(input.receivedAt), policy.decisionWorkingMinutes[input.rating], policy.calendar).toISOString();
    },

    /** The meeting a case goes (back) to. */
    async planMeeting(input) {
      return meetingAfter(policy, Date.parse(input.after), input.rating);
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
