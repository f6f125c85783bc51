// The daily PIT Stop meeting as a record: how it is opened, its register taken and it is
// closed (requests), and what is read back: the meeting and its printable minutes.
import { ChildDecisionRecord } from '../../shared/case/schema.js';
import { agencies, incidentTypes, levelsOfNeed, ragRatings, triageOutcomes } from '../../shared/codes.js';
import { stages } from '../../shared/case/state.js';
import { earlyHelpConsentSchema } from '../../shared/schemas/steps.js';
import { instant, nonEmpty, z } from '../../shared/schemas/zod.js';
import { at, caseId, opt } from './common.js';

/** A meeting is known by its local date: one PIT Stop a day. */
export const meetingParams = z.object({
  date: z.string().date('must be a date, YYYY-MM-DD').openapi({ example: '2026-11-20', description: 'The local date of the meeting' }),
});

/** Someone at the table: a person and the agency they speak for. */
export const MeetingPerson = z
  .object({ name: nonEmpty(80), agency: z.enum(agencies) })
  .openapi('MeetingPerson', { description: 'A person at the PIT Stop and the agency they speak for.' });

export const meetingOpening = z
  .object({
    chair: MeetingPerson,
    /** Default: now. On the meeting's own (local) date, and not in the future. */
    startedAt: instant().optional(),
  })
  .openapi('MeetingOpening', { description: 'Opens the meeting: who chairs it and when it started (default now). The chair joins the register.' });
export type MeetingOpening = z.output<typeof meetingOpening>;

export const registerAddition = z
  .object({ attendees: z.array(MeetingPerson).min(1, 'add at least one person').max(50) })
  .openapi('RegisterAddition', { description: 'People to add to the register. Adding someone already on it changes nothing.' });
export type RegisterAddition = z.output<typeof registerAddition>;

export const meetingClosing = z
  .object({ endedAt: instant().optional() })
  .openapi('MeetingClosing', { description: 'Closes the meeting: when it ended (default now), after it started and not in the future.' });
export type MeetingClosing = z.output<typeof meetingClosing>;

const recorder = z.object({ name: z.string(), agency: z.string() });

export const RegisterEntry = MeetingPerson.extend({
  chair: z.boolean(),
  addedAt: at,
  addedBy: recorder,
}).openapi('RegisterEntry');

export const meetingStatuses = ['not_opened', 'open', 'closed'] as const;

export const Meeting = z
  .object({
    date: z.string().date(),
    status: z.enum(meetingStatuses),
    chair: MeetingPerson.optional(),
    startedAt: at.optional(),
    endedAt: at.optional(),
    openedBy: recorder.optional(),
    closedBy: recorder.optional(),
    register: z.array(RegisterEntry),
    /** The agencies on the register: a joint decision needs DECISION_MIN_AGENCIES of them. */
    agencies: z.array(z.enum(agencies)),
  })
  .openapi('Meeting', { description: 'The meeting as recorded: chair, start and end, and the register (who attended, for which agency).' });
export type Meeting = z.output<typeof Meeting>;

/**
 * How the meeting dealt with a case on its agenda: `decided` at it (a decision recorded
 * that day); `decided_before_meeting` (e.g. a red contact triaged at once, the day before);
 * `not_reached`: no decision that day, carried over.
 */
export const considerations = ['decided', 'decided_before_meeting', 'not_reached'] as const;

export const MinutesDecision = z
  .object({
    version: z.number().int(),
    status: z.enum(['proposed', 'returned', 'authorised', 'superseded']),
    outcome: z.enum(triageOutcomes),
    levelOfNeed: z.union(levelsOfNeed.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]),
    leadAgency: opt(z.enum(agencies)),
    proposedBy: z.enum(agencies),
    rationale: z.string(),
    factors: z.array(z.string()),
    /** Each child's decision (one family, each child), with the child's name. */
    childDecisions: opt(z.array(ChildDecisionRecord.extend({ name: z.string() }))),
    /** The family's consent to early help, where an outcome is early help. */
    earlyHelpConsent: opt(earlyHelpConsentSchema),
    recordedAt: at,
    recordedBy: recorder,
    /** Decided outside the meeting (none opened yet that day): its attendees were named, not taken from the register. */
    outsideMeeting: opt(z.boolean()),
  })
  .openapi('MinutesDecision');

export const MinutesItem = z
  .object({
    caseId,
    url: z.string(),
    policeReference: opt(z.string()),
    incidentType: opt(z.enum(incidentTypes)),
    rating: opt(z.enum(ragRatings)),
    stage: z.enum(stages),
    /** The children the case is about: the minutes name them (need to know). */
    children: z.array(z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: z.string().optional(), unborn: z.boolean() })),
    consideration: z.enum(considerations),
    /** Not reached: the meeting it was carried over to. */
    carriedOverTo: z.string().date().optional(),
    decisions: z.array(MinutesDecision),
  })
  .openapi('MinutesItem');

export const Minutes = Meeting.extend({
  /** The scheduled time of the daily meeting (PITSTOP_MEETING_TIME). */
  meetingTime: z.string(),
  items: z.array(MinutesItem),
  summary: z.object({ cases: z.number().int(), decided: z.number().int(), decidedBeforeMeeting: z.number().int(), notReached: z.number().int() }),
}).openapi('Minutes', {
  description:
    "The meeting's minutes: the register, start and end, and each case on its agenda (red first) with the decisions recorded on it that day " +
    '(outcome, level of need, lead agency, rationale), or not reached and carried over.',
});
export type Minutes = z.output<typeof Minutes>;
