// Emerging themes: a theme (an incident type, or a factor such as 24A child criminal
// exploitation) rising in one locality against that locality's own past. The rule, stated
// so a panel can explain a flag and tested in test/unit/themes.test.ts:
//
//   For each locality and theme, `recent` is the count over the last `recentWeeks` weeks and
//   `baseline` the count over the `baselineWeeks` weeks before them. The rise is emerging when
//     - recent ≥ `minCount` (a handful of contacts is not a pattern), and
//     - the exact test that both windows share one Poisson rate (given recent + baseline
//       contacts, the recent count is binomial with the recent window's share of the time)
//       gives a one-sided p-value below `alpha` divided by the number of locality × theme
//       pairs tested (Bonferroni: with six localities and sixty themes, 360 chances a week
//       for a fluke).
//   `expected` (the baseline's weekly rate times `recentWeeks`) is shown beside the count.
import { addDays } from '../working-time.js';
import { poissonRateRiseTest } from './poisson.js';

export interface WeeklyThemeCount {
  locality: string;
  theme: string;
  /** Monday of the week, local date YYYY-MM-DD. */
  week: string;
  count: number;
}

export interface EmergingRule {
  recentWeeks: number;
  baselineWeeks: number;
  minCount: number;
  alpha: number;
}

export const defaultEmergingRule: EmergingRule = { recentWeeks: 4, baselineWeeks: 26, minCount: 5, alpha: 0.05 };

export interface ThemeTrend {
  locality: string;
  theme: string;
  recent: number;
  baseline: number;
  expected: number;
  /** One-sided p-value of the rise (the rule above). */
  pValue: number;
  emerging: boolean;
}


/**
 * Every locality × theme seen in the weeks read, with its trend; `lastWeek` is the Monday of
 * the latest complete week. Counts outside the recent and baseline windows are ignored.
 */
export function themeTrends(counts: readonly WeeklyThemeCount[], lastWeek: string, rule: EmergingRule = defaultEmergingRule): ThemeTrend[] {
  const recentFrom = addDays(lastWeek, -7 * (rule.recentWeeks - 1));
  const baselineFrom = addDays(recentFrom, -7 * rule.baselineWeeks);
  const cells = new Map<string, { locality: string; theme: string; recent: number; baseline: number }>();
  for (const c of counts) {
    if (c.week > lastWeek || c.week < baselineFrom) continue;
    const key = `${c.locality}\u0000${c.theme}`;
    const cell = cells.get(key) ?? { locality: c.locality, theme: c.theme, recent: 0, baseline: 0 };
    if (c.week >= recentFrom) cell.recent += c.count;
    else cell.baseline += c.count;
    cells.set(key, cell);
  }
  const threshold = rule.alpha / Math.max(1, cells.size);
  return [...cells.values()]
    .map((cell) => {
      const expected = (cell.baseline / rule.baselineWeeks) * rule.recentWeeks;
      const pValue = poissonRateRiseTest(cell.recent, cell.baseline, rule.recentWeeks / (rule.recentWeeks + rule.baselineWeeks));
      return { ...cell, expected, pValue, emerging: cell.recent >= rule.minCount && pValue < threshold };
    })
    .sort((a, b) => a.pValue - b.pValue || a.locality.localeCompare(b.locality) || a.theme.localeCompare(b.theme));
}

/**
 * A count as it may leave the front door: below `threshold` it is "fewer than N", so a small
 * count in a small locality cannot point at a family.
 */
export function disclosableCount(count: number, threshold: number): number | `fewer than ${number}` {
  return count > 0 && count < threshold ? `fewer than ${threshold}` : count;
}
