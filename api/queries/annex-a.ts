// Ofsted's Annex A List 1 (contacts) and List 3 (referrals) for contacts received in a
// period, one row per child. Read as the series are: the period's rows from the monthly
// row logs (and the open cases), then each closed case's Annex A document from its
// month's gathered copy (or by `_id`; kept at closure: its children as the contact gave them and, for a referral, its date,
// NFA flag, team, worker, factors and each child's count of referrals in the 12 months),
// and the months' logs of the children corrected since (whose corrections alone are read).
// A case without a document (still open, or one the police updated) is read from its
// records: its contact (`annexChildren`, or its notification or form), each child's
// corrections and, for List 3, history log. The work grows with the period asked for,
// never with the years kept.
import { ageInYears, annexDate, annexEthnicity, annexGender, annexSource, annexYesNo, list1Columns, list3Columns, packAnnexChild, unpackAnnexChild, type AnnexChild } from '../../shared/annex-a.js';
import { referralOutcomes } from '../../shared/case/rules.js';
import { POLICE_SOURCE } from '../../shared/codes.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import { annexACaseOf, foldChildHistory, type AnnexACase, type CaseRow, type PersonHistory, type Store } from '../../shared/db/store.js';
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
  // A closed case is listed from its Annex A document, and its children's corrections are
  // read only for those its month notes as corrected; any other case (open, or one the
  // police updated) from its records, as before the documents were kept.
  const [kept, corrected] = await Promise.all([ctx.store.readAnnexAOfRows(rows), ctx.store.readAnnexACorrected(fromInstant, toInstant)]);
  const fromRecords = await listedFromRecords(ctx.store, list, rows.filter((r) => !kept.has(r.caseId)));
  const named = rows.filter((r) => kept.has(r.caseId) || fromRecords.has(r.caseId));
  const children = named.map((r) => kept.get(r.caseId)?.children.map(unpackAnnexChild) ?? fromRecords.get(r.caseId)!.children);
  const rectified = await rectifiedPeople(ctx.store, named.flatMap((r, i) => children[i].map((c) => c.personId).filter((id) => !kept.has(r.caseId) || corrected.has(id))));
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
  named.forEach((r, i) => {
    const k = kept.get(r.caseId) ?? fromRecords.get(r.caseId)!.referral;
    const referralDate = localDate(new Date(k.referredAt!), timeZone);
    const nfa = k.withdrawn === true;
    children[i].forEach((given, j) => {
      const child = standing(given, rectified.get(given.personId) ?? {});
      out.push([
        given.personId, annexGender(child.gender), annexEthnicity(child.ethnicity), annexDate(child.dateOfBirth), ageInYears(child.dateOfBirth, referralDate),
        annexDate(referralDate), annexSource(r.source ?? '10'), annexYesNo(nfa), Math.max(k.referralsInYear?.[j] ?? 0, nfa ? 0 : 1), k.team ?? '', k.worker ?? '',
        r.source ?? '10', referralDate, nfa ? 1 : 0, k.factors ?? '',
      ]);
    });
  });
  return { list, from: q.from, to: q.to, columns: list3Columns, rows: out, caseIds };
}

/**
 * Cases without an Annex A document (open, or the police updated them), from their
 * records: each contact (only what names its children; for List 3 its decisions and
 * allocations too), its children as given, and for List 3 each child's history log (the
 * referral's date and whether it was withdrawn, the count of referrals; the referral read
 * only when no child's log has it yet or their logs disagree), worked out as the
 * projector works out a document at closure (`annexACaseOf`).
 */
async function listedFromRecords(store: Store, list: AnnexAList, rows: readonly CaseRow[]): Promise<Map<string, { children: AnnexChild[]; referral: Omit<AnnexACase, '_id' | 'month' | 'children'> }>> {
  if (rows.length === 0) return new Map();
  const contacts = new Map((await store.readContacts<ContactRecord>(rows.map((r) => r.caseId), list === 'list-1' ? childrenFields : referralFields)).map((c) => [c._id, c]));
  const named = rows.filter((r) => contacts.has(r.caseId));
  const children = await childrenOfCases(store, named.map((r) => contacts.get(r.caseId)!));
  if (list === 'list-1') return new Map(named.map((r, i) => [r.caseId, { children: children[i], referral: {} }]));
  const personIds = [...new Set(children.flat().map((c) => c.personId))];
  const histories = new Map(await Promise.all(personIds.map(async (id) => [id, foldChildHistory(await store.readChildHistoryEntries(id))] as const)));
  // Each child the referral names keeps it in their history as it stands (its date,
  // withdrawn or not: the entry appended last for the case). The referral itself is read
  // only when no child's log has it yet (its entries still being appended), or when the
  // logs disagree (a referral made again for other children leaves the first ones' entries).
  return new Map(await Promise.all(named.map(async (r, i) => {
    const c = contacts.get(r.caseId)!;
    const asKept = referralAsKept(r.caseId, children[i].map((child) => histories.get(child.personId)));
    const made = asKept ? { referredAt: asKept.referredAt, status: asKept.withdrawn ? 'withdrawn' : 'active' } : await store.readReferral<{ referredAt: Date; status?: string }>(r.caseId, { referredAt: 1, status: 1 });
    const { _id, month, children: _, ...listed } = annexACaseOf(r.caseId, { receivedAt: r.receivedAt, status: c.status }, children[i].map(packAnnexChild), made, histories);
    return [r.caseId, { children: children[i], referral: listed }] as const;
  })));
}
