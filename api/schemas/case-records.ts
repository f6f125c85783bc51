// The workflow's records of a case as the case detail shows them: the very schemas its
// state is inferred from (shared/case/schema.ts), so the presenters pass them through and
// the document shows what the workflow keeps. Only the summaries are the API's own.
import { PartnerInformationRequest } from '../../shared/case/schema.js';
import { z } from '../../shared/schemas/zod.js';

export {
  AllocationRecord,
  DecisionRecord,
  Escalation,
  MeetingSlot,
  NotificationUpdateRecord,
  PartnerInformationRequest,
  PoliceFeedbackState,
  RatingChange,
  ReferrerFeedbackState,
  StrategyDiscussionRecord,
  ConferenceRecord,
} from '../../shared/case/schema.js';

/** Whether an agency has answered the request for what it knows, and by when it must. */
export const PartnerInformationStatus = PartnerInformationRequest.pick({ agency: true, status: true, dueAt: true })
  .extend({ late: z.boolean() })
  .openapi('PartnerInformationStatus');

/** Which of a case's deadlines comes next: the one a list's time left counts down to. */
export const deadlineKinds = ['rating', 'decision', 'statutory', 'acceptance', 'strategy_discussion', 'conference'] as const;
export const NearestDeadline = z
  .object({ kind: z.enum(deadlineKinds), dueAt: z.string().datetime() })
  .openapi('NearestDeadline', {
    description:
      "The case's nearest deadline still running: the initial rating; before authorisation the decision deadline or the statutory one-working-day backstop, whichever is earlier; the lead agency's accept-by time; the strategy discussion's; an s47 enquiry's initial child protection conference.",
  });
export type NearestDeadline = z.output<typeof NearestDeadline>;
