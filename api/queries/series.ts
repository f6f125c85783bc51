// The managers' measures week by week or month by month, from the case rows of the period
// (its months' rows, however many years are kept), bucketed by the local date received.
// The backlog is the cases open at each period's end (or now, for the period under way),
// by age; it reads the rows of the 92 days before the series too, and every open case.
import { ageBands } from '../../shared/age-bands.js';
import { referralOutcomes } from '../../shared/case/rules.js';
import { POLICE_SOURCE, triageOutcomes } from '../../shared/codes.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import type { CaseRow, Store } from '../../shared/db/store.js';
import { councilLocalities } from '../../shared/themes/localities.js';
import { addDays, addWorkingMinutes, localDate, mondayOf, workingDayMinutes, workingMinutesBetween, zonedInstant } from '../../shared/working-time.js';
import { share } from '../presenters/work.js';
import { childOutcomesOf } from './figures.js';
import { childOutcomeColumn, outcomeColumn, type FigureSeries, type SeriesPoint, type SeriesQuery } from '../schemas/series.js';
import { periodWithinLimit } from './cases.js';

const DAY = 86_400_000;
/** How far before the series the backlog looks for cases still open at its first period's end. */
export const BACKLOG_LOOK_BACK_DAYS = 92;

const periodOf = (interval: SeriesQuery['interval'], date: string) => (interval === 'week' ? mondayOf(date) : `${date.slice(0, 7)}-01`);
const nextPeriod = (interval: SeriesQuery['interval'], p: string) =>
  interval === 'week' ? addDays(p, 7) : `${new Date(Date.UTC(+p.slice(0, 4), +p.slice(5, 7), 1)).toISOString().slice(0, 7)}-01`;

const referral = new Set<string>(referralOutcomes);
type Calendar = FrontDoorPolicy['calendar'];

/** Open at `t`: received before it, and not closed by then (a closed row kept without its closing time is not counted). */
const openAt = (r: CaseRow, t: number) => +r.receivedAt < t && (r.stage !== 'closed' ? true : r.closedAt !== undefined && +r.closedAt > t);

function pointOf(period: string, group: string | undefined, rows: CaseRow[], backlog: CaseRow[], end: number, cal: Calendar): SeriesPoint {
  const decided = rows.filter((r) => r.outcome);
  const police = rows.filter((r) => r.source === POLICE_SOURCE);
  const policeDecided = police.filter((r) => r.outcome);
  const nfa = (xs: CaseRow[]) => xs.filter((r) => r.outcome === 'no_further_action').length;
  const recontacts = rows.filter((r) => r.recontact).length;
  const referrals = decided.filter((r) => referral.has(r.outcome!));
  const reReferrals = referrals.filter((r) => r.repeatReferral).length;
  const repeatDiscussions = decided.filter((r) => r.recontact).length;
  const timed = decided.filter((r) => r.decidedAt);
  const withinDeadline = timed.filter((r) => r.decisionDueAt && +r.decidedAt! <= +r.decisionDueAt).length;
  const oneDay = workingDayMinutes(cal);
  const withinOneWorkingDay = timed.filter((r) => +r.decidedAt! <= +addWorkingMinutes(r.receivedAt, oneDay, cal)).length;
  // The backlog's age in working days at the period's end.
  const ages = backlog.map((r) => workingMinutesBetween(r.receivedAt, end, cal) / oneDay);
  const outcomes = Object.fromEntries(triageOutcomes.map((o) => [outcomeColumn(o), decided.filter((r) => r.outcome === o).length]));
  const eachChild = decided.flatMap(childOutcomesOf);
  const childOutcomes = Object.fromEntries(triageOutcomes.map((o) => [childOutcomeColumn(o), eachChild.filter((c) => c === o).length]));
  return {
    period,
    ...(group === undefined ? {} : { group }),
    contacts: rows.length,
    policeContacts: police.length,
    decided: decided.length,
    policeDecided: policeDecided.length,
    noFurtherAction: nfa(decided),
    noFurtherActionShare: share(nfa(decided), decided.length),
    policeNoFurtherAction: nfa(policeDecided),
    policeNoFurtherActionShare: share(nfa(policeDecided), policeDecided.length),
    referrals: referrals.length,
    referralConversion: share(referrals.length, decided.length),
    recontacts,
    recontactShare: share(recontacts, rows.length),
    reReferrals,
    reReferralShare: share(reReferrals, referrals.length),
    repeatDiscussions,
    repeatDiscussionShare: share(repeatDiscussions, decided.length),
    decidedWithinDeadline: withinDeadline,
    decidedWithinDeadlineShare: share(withinDeadline, timed.length),
    decidedWithinOneWorkingDay: withinOneWorkingDay,
    decidedWithinOneWorkingDayShare: share(withinOneWorkingDay, timed.length),
    breached: rows.filter((r) => r.breached).length,
    statutoryDeadlineMissed: rows.filter((r) => r.statutoryDeadlineMissed).length,
    backlog: backlog.length,
    backlogUnder1WorkingDay: ages.filter((a) => a < 1).length,
    backlog1To5WorkingDays: ages.filter((a) => a >= 1 && a < 5).length,
    backlogOver5WorkingDays: ages.filter((a) => a >= 5).length,
    ...outcomes,
    childrenDecided: eachChild.length,
    ...childOutcomes,
  } as SeriesPoint;
}

export async function figureSeries(ctx: { store: Store; policy: FrontDoorPolicy }, q: SeriesQuery): Promise<FigureSeries> {
  const cal = ctx.policy.calendar;
  const { timeZone } = cal;
  const to = q.to ?? localDate(Date.now(), timeZone);
  const from = q.from ?? (q.interval === 'week' ? addDays(mondayOf(to), -7 * 11) : `${new Date(Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 12, 1)).toISOString().slice(0, 7)}-01`);
  const fromInstant = new Date(zonedInstant(from, '00:00', timeZone));
  const toInstant = new Date(zonedInstant(addDays(to, 1), '00:00', timeZone));
  periodWithinLimit(fromInstant, toInstant, 'query.from');
  // Every open case (read once), and the rows received from the backlog's look-back on.
  const open = await ctx.store.readOpenRows();
  const read = await ctx.store.readCaseRows(new Date(+fromInstant - BACKLOG_LOOK_BACK_DAYS * DAY), toInstant, open);
  const earlierOpen = open.filter((r) => +r.receivedAt < +fromInstant - BACKLOG_LOOK_BACK_DAYS * DAY);
  const rows = read.filter((r) => r.receivedAt >= fromInstant);
  const localities = q.group === 'locality' ? councilLocalities() : undefined;
  const groupsOf = (r: CaseRow): (string | undefined)[] =>
    q.group === 'locality' ? [localities!.of(r.postcodeDistrict)]
    : q.group === 'incident_type' ? [r.incidentType ?? 'unknown']
    : q.group === 'source' ? [r.source]
    : q.group === 'age_band' ? (r.ageBands?.length ? r.ageBands : ['not known'])
    : [undefined];
  // Every period from the first to the last, empty ones included: a gap in a chart is a week with nothing.
  const periods: string[] = [];
  for (let p = periodOf(q.interval, from); p <= to; p = nextPeriod(q.interval, p)) periods.push(p);
  const buckets = new Map<string, CaseRow[]>();
  const put = (key: string, r: CaseRow) => {
    const bucket = buckets.get(key);
    if (bucket) bucket.push(r);
    else buckets.set(key, [r]);
  };
  for (const r of rows) for (const g of groupsOf(r)) put(`${periodOf(q.interval, localDate(r.receivedAt, timeZone))}\u0000${g ?? ''}`, r);
  const candidates = [...read, ...earlierOpen];
  const groups = q.group
    ? [...new Set([...rows, ...candidates.filter((r) => r.stage !== 'closed')].flatMap((r) => groupsOf(r) as string[]))].sort(q.group === 'age_band' ? byBand : undefined)
    : [undefined];
  const points = periods.flatMap((p) => {
    const end = Math.min(Date.now(), zonedInstant(nextPeriod(q.interval, p), '00:00', timeZone));
    const openThen = candidates.filter((r) => openAt(r, end));
    return groups.map((g) => pointOf(p, g, buckets.get(`${p}\u0000${g ?? ''}`) ?? [], g === undefined ? openThen : openThen.filter((r) => groupsOf(r).includes(g)), end, cal));
  });
  return { interval: q.interval, from, to, ...(q.group ? { group: q.group } : {}), points };
}

const byBand = (a: string, b: string) => ageBands.indexOf(a as never) - ageBands.indexOf(b as never);
