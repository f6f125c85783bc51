// The managers' measures over time: a point per week or month (and per group when asked),
// from the contacts received in it (domain.md, "Measures managers ask for").
import { triageOutcomes, type TriageOutcome } from '../../shared/codes.js';
import { z } from '../../shared/schemas/zod.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'a real date');

export const seriesGroups = ['locality', 'incident_type', 'source', 'age_band'] as const;

export const seriesQuery = z
  .object({
    interval: z.enum(['week', 'month']).default('week'),
    from: date.optional().openapi({ description: 'First day (local). Default: 12 weeks or 12 months before `to`.' }),
    to: date.optional().openapi({ description: 'Last day (local), included. Default: today.' }),
    group: z.enum(seriesGroups).optional().openapi({ description: 'A point per period and locality, incident type, CIN census source or age band (a contact counts in each of its children\'s bands).' }),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'from must be on or before to' });
export type SeriesQuery = z.output<typeof seriesQuery>;

const share = z.number().nullable();
const count = z.number().int();

/** The column of an outcome's count: `outcome_no_further_action`, … */
export const outcomeColumn = (o: TriageOutcome) => `outcome_${o}` as const;
const outcomeCounts = Object.fromEntries(triageOutcomes.map((o) => [outcomeColumn(o), count])) as Record<ReturnType<typeof outcomeColumn>, typeof count>;
/** One family, each child: the column of the children decided with an outcome, `childOutcome_early_help`, … */
export const childOutcomeColumn = (o: TriageOutcome) => `childOutcome_${o}` as const;
const childOutcomeCounts = Object.fromEntries(triageOutcomes.map((o) => [childOutcomeColumn(o), count])) as Record<ReturnType<typeof childOutcomeColumn>, typeof count>;

export const SeriesPoint = z.object({
  /** The week's Monday or the month's first day (local). */
  period: z.string(),
  group: z.string().optional(),
  contacts: count,
  policeContacts: count,
  /** Contacts received in the period with a decision authorised. */
  decided: count,
  policeDecided: count,
  noFurtherAction: count,
  /** No further action over decided, every source. */
  noFurtherActionShare: share,
  policeNoFurtherAction: count,
  /** The PIT Stop's own measure: police contacts only. */
  policeNoFurtherActionShare: share,
  /** Decided as a referral to children's social care (s17 assessment, s47 strategy discussion). */
  referrals: count,
  referralConversion: share,
  /** About a child with a contact in the 12 months before. */
  recontacts: count,
  recontactShare: share,
  /** Referrals about a child with a referral standing from the 12 months before (the DfE's re-referral). */
  reReferrals: count,
  reReferralShare: share,
  /** Decided at the PIT Stop about a child discussed there in the 12 months before. */
  repeatDiscussions: count,
  repeatDiscussionShare: share,
  /** Decisions authorised by the rating's deadline (red, amber, green). */
  decidedWithinDeadline: count,
  decidedWithinDeadlineShare: share,
  /** Decisions authorised within one working day of receipt. */
  decidedWithinOneWorkingDay: count,
  decidedWithinOneWorkingDayShare: share,
  breached: count,
  statutoryDeadlineMissed: count,
  /** Cases open at the period's end (now, for the period under way), by age in working days. */
  backlog: count,
  backlogUnder1WorkingDay: count,
  backlog1To5WorkingDays: count,
  backlogOver5WorkingDays: count,
  ...outcomeCounts,
  /** The children decided (each child of a family once; a decision recorded before per-child decisions counts once). */
  childrenDecided: count,
  ...childOutcomeCounts,
});
export type SeriesPoint = z.output<typeof SeriesPoint>;

export const FigureSeries = z
  .object({ interval: z.enum(['week', 'month']), from: z.string(), to: z.string(), group: z.enum(seriesGroups).optional(), points: z.array(SeriesPoint) })
  .openapi('FigureSeries');
export type FigureSeries = z.output<typeof FigureSeries>;

/** The CSV's columns, in order: the point's own fields. */
export const seriesColumns = Object.keys(SeriesPoint.shape) as (keyof SeriesPoint)[];

/** Each share and the count it is taken over: in a CSV a share over fewer than the small-count threshold is left empty. */
export const shareBases: Partial<Record<keyof SeriesPoint, keyof SeriesPoint>> = {
  noFurtherActionShare: 'decided', policeNoFurtherActionShare: 'policeDecided', referralConversion: 'decided', recontactShare: 'contacts',
  reReferralShare: 'referrals', repeatDiscussionShare: 'decided', decidedWithinDeadlineShare: 'decided', decidedWithinOneWorkingDayShare: 'decided',
};
