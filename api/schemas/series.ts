// The managers' measures over time: a point per week or month (and per group when asked),
// from the contacts received in it (domain.md, "Measures managers ask for").
import { z } from '../../shared/schemas/zod.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'a real date');

export const seriesGroups = ['locality', 'incident_type', 'source'] as const;

export const seriesQuery = z
  .object({
    interval: z.enum(['week', 'month']).default('week'),
    from: date.optional().openapi({ description: 'First day (local). Default: 12 weeks or 12 months before `to`.' }),
    to: date.optional().openapi({ description: 'Last day (local), included. Default: today.' }),
    group: z.enum(seriesGroups).optional().openapi({ description: 'A point per period and locality, incident type or CIN census source.' }),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'from must be on or before to' });
export type SeriesQuery = z.output<typeof seriesQuery>;

const share = z.number().nullable();

export const SeriesPoint = z.object({
  /** The week's Monday or the month's first day (local). */
  period: z.string(),
  group: z.string().optional(),
  contacts: z.number().int(),
  policeContacts: z.number().int(),
  decided: z.number().int(),
  noFurtherAction: z.number().int(),
  /** No further action over decided, every source. */
  noFurtherActionShare: share,
  /** The PIT Stop's own measure: police contacts only. */
  policeNoFurtherActionShare: share,
  referralConversion: share,
  recontacts: z.number().int(),
  recontactShare: share,
  breached: z.number().int(),
  statutoryDeadlineMissed: z.number().int(),
});
export type SeriesPoint = z.output<typeof SeriesPoint>;

export const FigureSeries = z
  .object({ interval: z.enum(['week', 'month']), from: z.string(), to: z.string(), group: z.enum(seriesGroups).optional(), points: z.array(SeriesPoint) })
  .openapi('FigureSeries');
export type FigureSeries = z.output<typeof FigureSeries>;

/** The CSV's columns, in order: the point's own fields. */
export const seriesColumns = Object.keys(SeriesPoint.shape) as (keyof SeriesPoint)[];
