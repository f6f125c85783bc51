// Themes and hotspots: each locality's incident types, its recent weeks against its own
// baseline, and the rises the stated rule calls emerging (shared/themes/emerging.ts).
import { z } from '../../shared/schemas/zod.js';

const monday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).getUTCDay() === 1, 'a Monday (the week it starts)');

export const themesQuery = z.object({
  week: monday.optional().openapi({ description: 'The last week read, by its Monday. Default: the last complete week.' }),
});

const ThemeTrend = z.object({
  locality: z.string(),
  /** `incident:<incident type>`. */
  theme: z.string(),
  recent: z.number().int(),
  baseline: z.number().int(),
  /** The baseline's weekly rate over the recent weeks. */
  expected: z.number(),
  pValue: z.number(),
  emerging: z.boolean(),
});

export const Themes = z
  .object({
    lastWeek: z.string(),
    rule: z.object({ recentWeeks: z.number().int(), baselineWeeks: z.number().int(), minCount: z.number().int(), alpha: z.number() }),
    localities: z.array(z.string()),
    /** Every locality × theme seen in the weeks read, the most unusual first. */
    trends: z.array(ThemeTrend),
  })
  .openapi('Themes', { description: 'Emerging: recent ≥ minCount and the exact conditional Poisson test of recent against baseline below alpha / pairs tested (Bonferroni).' });
export type Themes = z.output<typeof Themes>;
