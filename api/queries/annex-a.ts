// Ofsted's Annex A List 1 (contacts) and List 3 (referrals) for contacts received in a
// period, one row per child. Read as the series are: the period's rows from the monthly
// row logs (and the open cases), then each case's contact, which carries each child's
// details as it gave them (`annexChildren`, recorded at intake), and each child's
// corrections, by `_id`; List 3 reads besides each child's history log (which keeps each
// referral's date and whether it was withdrawn: the referral is read only when it lacks it).
// A case the police updated (the version in force names the children) or recorded before
// contacts carried them has its notification or form read instead. The work grows with
// the period asked for, never with the years kept.
import { ageInYears, annexDate, annexEthnicity, annexGender, annexSource, annexYesNo, list1Columns, list3Columns, unpackAnnexChild, type AnnexChild } from '../../shared/annex-a.js';
import { referralOutcomes } from '../../shared/case/rules.js';
import { POLICE_SOURCE } from '../../shared/codes.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import { foldChildHistory, type PersonHistory, type Store } from '../../shared/db/store.js';
import { addDays, localDate, zonedInstant } from '../../shared/working-time.js';
import type { AnnexAQuery } from '../schemas/rights.js';
import { periodWithinLimit } from './cases.js';
import { currentNotification } from './notification-versions.js';
import { ethnicityOf, rectifiedPeople } from './person-details.js';
import { referralFormOf } from './referrals.js';
import type { ContactRecord } from './records.js';

export type AnnexAList = 'list-1' | 'list-3';
export interface AnnexAReturn {
  list: AnnexAList;
  from: string;
  to: string;
  columns: readonly string[];
  rows: (string | number)[][];
  /** The cases the return names: each is audited as disclosed. */
  caseIds: string[];
}

const referral = new Set<string>(referralOutcomes);
/** What of a contact names its children and finds the version of its notification in force. */
const childrenFields = {
  receivedAt: 1, source: 1, childPersonIds: 1, annexChildren: 1,
  'status.versionChildPersonIds': 1, 'status.notificationUpdates': 1, 'status.notificationVersion': 1, 'status.recontactOf': 1,
} as const;
/** List 3 reads besides the decision in force's factors, the allocation's team and worker, and when it was decided. */
const referralFields = { ...childrenFields, 'status.decidedAt': 1, 'status.decisions': 1, 'status.allocations': 1 } as const;
const YEAR = 365 * 86_400_000;
type Child = { givenName?: string; dateOfBirth?: string; gender?: string; ethnicity?: string };

/** A case's children as the contact gave them, in the order of its person ids. */
async function childrenOf(store: Store, c: ContactRecord): Promise<Child[]> {
  if (c.source === POLICE_SOURCE) return (await currentNotification(store, c))?.payload.children ?? [];
  return (await referralFormOf(store, c._id))?.payload.children ?? [];
}

/** A child's details as they stand: the contact's, overlaid with the front door's corrections. */
const standing = (given: Child | undefined, rectified: Record<string, unknown>) => ({
  dateOfBirth: (rectified.dateOfBirth as string | undefined) ?? given?.dateOfBirth,
  gender: (rectified.gender as string | undefined) ?? given?.gender,
  ethnicity: ethnicityOf(given?.ethnicity, rectified),
});

/**
 * The list for contacts received in [from, to] (local dates, both included). List 3 holds
 * the contacts the front door referred to social care (s17 assessment, s47 strategy
 * discussion), dated by the referral; its NFA flag is Yes when the referral was withdrawn
 * (the decision that made it superseded), and the count of referrals is the child's
 * referrals in the 12 months up to this one, this one included.
 */
/** Each case's children with their details as given: as intake kept them on the contact, else from its notification or form. */
async function childrenOfCases(store: Store, contacts: readonly (ContactRecord & { annexChildren?: string[] })[]): Promise<AnnexChild[][]> {
  return Promise.all(contacts.map(async (c) => {
    if (c.annexChildren?.length && !c.status?.notificationUpdates?.length) return c.annexChildren.map(unpackAnnexChild);
    const given = await childrenOf(store, c);
    return (c.status?.versionChildPersonIds ?? c.childPersonIds ?? []).map((personId, j) => ({ personId, ...given[j] }));
  }));
}

/**
 * A referral as its children's history logs keep it (the entry appended last for the case):
 * its date and whether it was withdrawn, when at least one log has it and all that have it
 * agree; else undefined, and the referral itself is read.
 */
export function referralAsKept(caseId: string, histories: readonly (PersonHistory | undefined)[]): { referredAt: Date; withdrawn: boolean } | undefined {
  const kept = histories.map((h) => h?.referrals.get(caseId)).filter((x) => x !== undefined);
  if (kept.length === 0 || !kept.every((x) => +x.referredAt === +kept[0].referredAt && x.withdrawn === kept[0].withdrawn)) return undefined;
  return { referredAt: kept[0].referredAt, withdrawn: kept[0].withdrawn };
}

/**
 * The list for contacts received in [from, to] (local dates, both included). List 3 holds
 * the contacts the front door referred to social care (s17 assessment, s47 strategy
 * discussion), dated by the referral; its NFA flag is Yes when the referral was withdrawn
 * (the decision that made it superseded), and the count of referrals is the child's
 * referrals in the 12 months up to this one, this one included.
 */
export async function annexA(ctx: { store: Store; policy: FrontDoorPolicy }, list: AnnexAList, q: Pick<AnnexAQuery, 'from' | 'to'>): Promise<AnnexAReturn> {
  const { timeZone } = ctx.policy.calendar;
  const fromInstant = new Date(zonedInstant(q.from, '00:00', timeZone));
  const toInstant = new Date(zonedInstant(addDays(q.to, 1), '00:00', timeZone));
  periodWithinLimit(fromInstant, toInstant, 'query.from');
  const rows = (await ctx.store.readCaseRows(fromInstant, toInstant))
    .filter((r) => list === 'list-1' || (r.outcome !== undefined && referral.has(r.outcome)))
    .sort((a, b) => +a.receivedAt - +b.receivedAt || a.caseId.localeCompare(b.caseId));
  // List 1 reads of each contact only what names its children; List 3 its decisions and allocations too.
  const contacts = new Map((await ctx.store.readContacts<ContactRecord>(rows.map((r) => r.caseId), list === 'list-1' ? childrenFields : referralFields)).map((c) => [c._id, c]));
  const named = rows.filter((r) => contacts.has(r.caseId));
  const children = await childrenOfCases(ctx.store, named.map((r) => contacts.get(r.caseId)!));
  const personIds = children.flat().map((c) => c.personId);
  const rectified = await rectifiedPeople(ctx.store, personIds);
  const out: (string | number)[][] = [];
  const caseIds = named.map((r) => r.caseId);
  if (list === 'list-1') {
    named.forEach((r, i) => {
      const contactDate = localDate(r.receivedAt, timeZone);
      for (const given of children[i]) {
        const child = standing(given, rectified.get(given.personId) ?? {});
        out.push([given.personId, annexGender(child.gender), annexEthnicity(child.ethnicity), annexDate(child.dateOfBirth), ageInYears(child.dateOfBirth, contactDate), annexDate(contactDate), annexSource(r.source ?? '10')]);
      }
    });
    return { list, from: q.from, to: q.to, columns: list1Columns, rows: out, caseIds };
  }
  const histories = new Map(await Promise.all([...new Set(personIds)].map(async (id) => [id, foldChildHistory(await ctx.store.readChildHistoryEntries(id))] as const)));
  // Each child the referral names keeps it in their history as it stands (its date,
  // withdrawn or not: the entry appended last for the case). The referral itself is read
  // only when no child's log has it yet (its entries still being appended), or when the
  // logs disagree (a referral made again for other children leaves the first ones' entries).
  const referrals = await Promise.all(named.map(async (r, i) => {
    const kept = referralAsKept(r.caseId, children[i].map((child) => histories.get(child.personId)));
    if (kept) return kept;
    const made = await ctx.store.readReferral<{ referredAt: Date; status?: string }>(r.caseId, { referredAt: 1, status: 1 });
    return made ? { referredAt: made.referredAt, withdrawn: made.status === 'withdrawn' } : undefined;
  }));
  named.forEach((r, i) => {
    const c = contacts.get(r.caseId);
    const referredAt = referrals[i]?.referredAt ?? c?.status?.decidedAt ?? r.receivedAt;
    const referralDate = localDate(new Date(referredAt), timeZone);
    const nfa = referrals[i]?.withdrawn === true;
    const decision = [...(c?.status?.decisions ?? [])].reverse().find((d) => d.status === 'authorised');
    const allocation = [...(c?.status?.allocations ?? [])].reverse().find((a) => a.status === 'accepted' || a.status === 'requested');
    const team = allocation ? (allocation.leadProfessional?.team ?? allocation.leadAgency) : '';
    const worker = allocation?.leadProfessional?.name ?? '';
    for (const given of children[i]) {
      const child = standing(given, rectified.get(given.personId) ?? {});
      const inYear = [...(histories.get(given.personId)?.referrals.values() ?? [])].filter(
        (x) => !x.withdrawn && +x.referredAt <= +new Date(referredAt) && +x.referredAt > +new Date(referredAt) - YEAR,
      ).length;
      out.push([
        given.personId, annexGender(child.gender), annexEthnicity(child.ethnicity), annexDate(child.dateOfBirth), ageInYears(child.dateOfBirth, referralDate),
        annexDate(referralDate), annexSource(r.source ?? '10'), annexYesNo(nfa), Math.max(inYear, nfa ? 0 : 1), team, worker,
        r.source ?? '10', referralDate, nfa ? 1 : 0, (decision?.factors ?? []).join(','),
      ]);
    }
  });
  return { list, from: q.from, to: q.to, columns: list3Columns, rows: out, caseIds };
}
