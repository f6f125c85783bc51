// Themes by locality and week, from the case rows of the weeks read (a period's rows cost
// that period's months, however many years are kept): each contact's incident type in its
// incident's locality, the week it was received in (the front door's local Monday).
import type { FrontDoorPolicy } from '../../shared/config.js';
import type { Store } from '../../shared/db/store.js';
import { defaultEmergingRule, themeTrends, type EmergingRule, type ThemeTrend, type WeeklyThemeCount } from '../../shared/themes/emerging.js';
import { loadLocalities, type Localities } from '../../shared/themes/localities.js';
import { addDays, localDate, mondayOf } from '../../shared/working-time.js';

const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);

let localities: Localities | undefined;
/** The council's localities, read once (LOCALITIES_FILE, checked at start by `loadLocalities`). */
const councilLocalities = () => (localities ??= loadLocalities());

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
  const rows = await ctx.store.readCaseRows(from, to, await ctx.store.readOpenRows());
  const place = councilLocalities();
  const counts = new Map<string, WeeklyThemeCount>();
  for (const row of rows) {
    if (!row.incidentType) continue;
    const week = mondayOf(localDate(row.receivedAt, timeZone));
    const locality = place.of(row.postcodeDistrict);
    const theme = `incident:${row.incidentType}`;
    const key = `${locality}\u0000${theme}\u0000${week}`;
    const c = counts.get(key) ?? { locality, theme, week, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return { lastWeek, rule, localities: place.names, trends: themeTrends([...counts.values()], lastWeek, rule) };
}
