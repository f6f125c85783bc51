// The managers' measures week by week or month by month, from the case rows of the period
// (its months' rows, however many years are kept), bucketed by the local date received.
import { referralOutcomes } from '../../shared/case/rules.js';
import { POLICE_SOURCE } from '../../shared/codes.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import type { CaseRow, Store } from '../../shared/db/store.js';
import { councilLocalities } from '../../shared/themes/localities.js';
import { addDays, localDate, mondayOf, zonedInstant } from '../../shared/working-time.js';
import { share } from '../presenters/work.js';
import type { FigureSeries, SeriesPoint, SeriesQuery } from '../schemas/series.js';
import { periodWithinLimit } from './cases.js';

const periodOf = (interval: SeriesQuery['interval'], date: string) => (interval === 'week' ? mondayOf(date) : `${date.slice(0, 7)}-01`);

const referral = new Set<string>(referralOutcomes);

function pointOf(period: string, group: string | undefined, rows: CaseRow[]): SeriesPoint {
  const decided = rows.filter((r) => r.outcome);
  const police = rows.filter((r) => r.source === POLICE_SOURCE);
  const policeDecided = police.filter((r) => r.outcome);
  const nfa = (xs: CaseRow[]) => xs.filter((r) => r.outcome === 'no_further_action').length;
  const recontacts = rows.filter((r) => r.recontact).length;
  return {
    period,
    ...(group === undefined ? {} : { group }),
    contacts: rows.length,
    policeContacts: police.length,
    decided: decided.length,
    noFurtherAction: nfa(decided),
    noFurtherActionShare: share(nfa(decided), decided.length),
    policeNoFurtherActionShare: share(nfa(policeDecided), policeDecided.length),
    referralConversion: share(decided.filter((r) => referral.has(r.outcome!)).length, decided.length),
    recontacts,
    recontactShare: share(recontacts, rows.length),
    breached: rows.filter((r) => r.breached).length,
    statutoryDeadlineMissed: rows.filter((r) => r.statutoryDeadlineMissed).length,
  };
}

export async function figureSeries(ctx: { store: Store; policy: FrontDoorPolicy }, q: SeriesQuery): Promise<FigureSeries> {
  const { timeZone } = ctx.policy.calendar;
  const to = q.to ?? localDate(Date.now(), timeZone);
  const from = q.from ?? (q.interval === 'week' ? addDays(mondayOf(to), -7 * 11) : `${new Date(Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 12, 1)).toISOString().slice(0, 7)}-01`);
  const fromInstant = new Date(zonedInstant(from, '00:00', timeZone));
  const toInstant = new Date(zonedInstant(addDays(to, 1), '00:00', timeZone));
  periodWithinLimit(fromInstant, toInstant, 'query.from');
  // The open cases' rows and the period's months, read together; only rows received in the period.
  const rows = await ctx.store.readCaseRows(fromInstant, toInstant);
  const localities = q.group === 'locality' ? councilLocalities() : undefined;
  const groupOf = (r: CaseRow): string | undefined =>
    q.group === 'locality' ? localities!.of(r.postcodeDistrict) : q.group === 'incident_type' ? (r.incidentType ?? 'unknown') : q.group === 'source' ? r.source : undefined;
  // Every period from the first to the last, empty ones included: a gap in a chart is a week with nothing.
  const periods: string[] = [];
  for (let p = periodOf(q.interval, from); p <= to; p = q.interval === 'week' ? addDays(p, 7) : `${new Date(Date.UTC(+p.slice(0, 4), +p.slice(5, 7), 1)).toISOString().slice(0, 7)}-01`) periods.push(p);
  const buckets = new Map<string, CaseRow[]>();
  for (const r of rows) {
    const key = `${periodOf(q.interval, localDate(r.receivedAt, timeZone))}\u0000${groupOf(r) ?? ''}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.push(r);
    else buckets.set(key, [r]);
  }
  const groups = q.group ? [...new Set(rows.map((r) => groupOf(r)!))].sort() : [undefined];
  const points = periods.flatMap((p) => groups.map((g) => pointOf(p, g, buckets.get(`${p}\u0000${g ?? ''}`) ?? [])));
  return { interval: q.interval, from, to, ...(q.group ? { group: q.group } : {}), points };
}
