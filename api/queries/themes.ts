// Themes by locality and week, from the case rows of the weeks read (a period's rows cost
// that period's months, however many years are kept): each contact's incident type in its
// incident's locality, the week it was received in (the front door's local Monday).
import type { FrontDoorPolicy } from '../../shared/config.js';
import type { Store } from '../../shared/db/store.js';
import { defaultEmergingRule, themeTrends, type EmergingRule, type ThemeTrend, type WeeklyThemeCount } from '../../shared/themes/emerging.js';
import { councilLocalities } from '../../shared/themes/localities.js';
import { addDays, localDate, localDates, mondayOf } from '../../shared/working-time.js';

const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);

export interface ThemesRead {
  lastWeek: string;
  rule: EmergingRule;
  localities: readonly string[];
  trends: ThemeTrend[];
}

export async function localityThemes(
  ctx: { store: Store; policy: FrontDoorPolicy },
  q: { week?: string },
  rule: EmergingRule = defaultEmergingRule,
): Promise<ThemesRead> {
  const { timeZone } = ctx.policy.calendar;
  const lastWeek = q.week ?? addDays(mondayOf(localDate(Date.now(), timeZone)), -7);
  const firstWeek = addDays(lastWeek, -7 * (rule.recentWeeks + rule.baselineWeeks - 1));
  // A day's margin either side for the time zone; the local week decides below.
  const from = new Date(dayOf(firstWeek) - DAY);
  const to = new Date(dayOf(lastWeek) + 8 * DAY);
  const rows = await ctx.store.readCaseRows(from, to);
  const place = councilLocalities();
  const counts = new Map<string, WeeklyThemeCount>();
  // Each row's local day, and each day's week, worked out once (a few hundred days for thousands of rows).
  const dayOfRow = localDates(timeZone);
  const weekOfDay = new Map<string, string>();
  for (const row of rows) {
    if (!row.incidentType) continue;
    const day = dayOfRow(row.receivedAt);
    let week = weekOfDay.get(day);
    if (!week) weekOfDay.set(day, (week = mondayOf(day)));
    const locality = place.of(row.postcodeDistrict);
    const theme = `incident:${row.incidentType}`;
    const key = `${locality}\u0000${theme}\u0000${week}`;
    const c = counts.get(key) ?? { locality, theme, week, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return { lastWeek, rule, localities: place.names, trends: themeTrends([...counts.values()], lastWeek, rule) };
}

/** Themes change by the week: read at most every ten minutes per process, for the agenda. */
const THEMES_FRESH_MS = 10 * 60_000;
const recentReads = new WeakMap<Store, { week: string; at: number; read: Promise<ThemesRead> }>();

/**
 * The emerging themes that touch the cases on an agenda: each with the agenda's cases in its
 * locality and of its incident type (the four weeks to date, as the themes page shows them).
 */
export async function themesTouching(
  ctx: { store: Store; policy: FrontDoorPolicy },
  cases: readonly { _id: string; incidentType?: string; postcodeDistrict?: string }[],
): Promise<{ locality: string; theme: string; recent: number; expected: number; caseIds: string[] }[]> {
  if (cases.length === 0) return [];
  const week = mondayOf(localDate(Date.now(), ctx.policy.calendar.timeZone));
  let recent = recentReads.get(ctx.store);
  if (!recent || recent.week !== week || Date.now() - recent.at > THEMES_FRESH_MS) {
    recent = { week, at: Date.now(), read: localityThemes(ctx, { week }) };
    recentReads.set(ctx.store, recent);
    recent.read.catch(() => recentReads.delete(ctx.store));
  }
  const { trends } = await recent.read;
  const place = councilLocalities();
  return trends
    .filter((t) => t.emerging)
    .map((t) => ({
      locality: t.locality,
      theme: t.theme,
      recent: t.recent,
      expected: t.expected,
      caseIds: cases.filter((c) => place.of(c.postcodeDistrict) === t.locality && `incident:${c.incidentType}` === t.theme).map((c) => c._id),
    }))
    .filter((t) => t.caseIds.length > 0);
}
