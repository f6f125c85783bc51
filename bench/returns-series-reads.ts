// The reads of what the front door learns, as bench/scale.ts times them and
// bench/page-commands.ts counts their commands: Ofsted's Annex A Lists 1 and 3 of one
// month and of twelve, and every series (by week and by month, whole and by each group),
// each ending with the seeded history's last whole month so that it reads seeded rows.
// Each reads its period's months' rows (the monthly row logs, and the open cases), then a
// list reads what names each case's children: the work grows with the period asked for and
// the contacts received in it, never with the years kept before it.
import { annexA } from '../api/queries/annex-a.js';
import { figureSeries } from '../api/queries/series.js';
import { localityThemes } from '../api/queries/themes.js';
import { seriesGroups } from '../api/schemas/series.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { Store } from '../shared/db/store.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Annex A List 1 and List 3 of the month from `monthStart`, and of the twelve months ending with it. */
export function returnsReads(store: Store, policy: FrontDoorPolicy, monthStart: Date): [string, () => Promise<{ rows: unknown[] }>][] {
  const to = day(new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)));
  const from = day(monthStart);
  const yearFrom = day(new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() - 11, 1)));
  return [
    ['annex_a_list_1_one_month', () => annexA({ store, policy }, 'list-1', { from, to })],
    ['annex_a_list_3_one_month', () => annexA({ store, policy }, 'list-3', { from, to })],
    ['annex_a_list_1_twelve_months', () => annexA({ store, policy }, 'list-1', { from: yearFrom, to })],
    ['annex_a_list_3_twelve_months', () => annexA({ store, policy }, 'list-3', { from: yearFrom, to })],
  ];
}

/**
 * Every series read: twelve weeks and twelve months, whole and by each group, up to the
 * end of the month from `monthStart`; and the themes (30 weeks by locality, up to today).
 */
export function seriesReads(store: Store, policy: FrontDoorPolicy, monthStart: Date): [string, () => Promise<{ points: unknown[] } | unknown>][] {
  const to = day(new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)));
  const reads: [string, () => Promise<{ points: unknown[] } | unknown>][] = [];
  for (const interval of ['week', 'month'] as const) {
    const span = interval === 'week' ? 'figures_series_12_weeks' : 'figures_series_12_months';
    reads.push([span, () => figureSeries({ store, policy }, { interval, to, format: 'json' })]);
    for (const group of seriesGroups) reads.push([`${span}_by_${group}`, () => figureSeries({ store, policy }, { interval, to, group, format: 'json' })]);
  }
  reads.push(['themes_by_locality', () => localityThemes({ store, policy }, {})]);
  return reads;
}
