// Annex A's documents (annex-a-models.ts): what a month's List 1 and List 3 read, so that
// a list is its period's rows, one `_id` read a closed case and the month's log of children
// corrected, instead of each case's contact, each child's history log and corrections
// and the referral. Written by the projector's derivations (projector.ts), live at a
// case's closure and by the rebuild; erased with their case or person (store-retention.ts).
import { annexChildrenOf } from '../annex-a.js';
import { POLICE_SOURCE } from '../codes.js';
import type { CaseStatus } from '../case/state.js';
import { monthOf, monthsOfPeriod, type CaseRow } from './case-rows.js';
import { appendToLog, logLength, readLog, slotId } from './keyed-log.js';
import { appendToLogOnce } from './log-appends.js';
import { insertOnce, isDuplicateKey, readById, readByIds, type Models } from './models.js';
import { fold, readPersonEntries } from './person-history.js';
import { annexACaseOf, annexACorrectionMonths } from './projector.js';
import type { AnnexACase } from './annex-a-models.js';
import { referralOutcomes } from '../case/rules.js';

type AnnexModels = Pick<Models, 'AnnexACase' | 'AnnexACorrection' | 'AnnexAMonth' | 'AnnexAErased' | 'Contact' | 'Notification' | 'ReferralForm' | 'Referral' | 'PersonHistoryEntry' | 'PersonRectification'>;
const referral = new Set<string>(referralOutcomes);

/** What of a contact Annex A's document is derived from (besides the case's state as projected). */
export const annexContactFields = { receivedAt: 1, source: 1, childPersonIds: 1, adultPersonIds: 1, annexChildren: 1 } as const;
export type AnnexContact = { _id: string; receivedAt: Date; source?: string; childPersonIds?: string[]; adultPersonIds?: string[]; annexChildren?: string[] };

/**
 * A case's children as its contact gave them, packed: as intake kept them on the contact,
 * else (a contact recorded before it kept them) from its notification or form; null for
 * a case the police updated (the list reads the version in force itself).
 */
async function givenChildren(models: AnnexModels, c: AnnexContact, status: Partial<CaseStatus> | undefined): Promise<string[] | null> {
  if (status?.notificationUpdates?.length) return null;
  if (c.annexChildren?.length) return c.annexChildren;
  const model = c.source === POLICE_SOURCE ? models.Notification : models.ReferralForm;
  const given = (await readById<{ payload?: { children?: { gender?: string; dateOfBirth?: string; ethnicity?: string }[] } }>(model, c._id, { payload: 1 }))?.payload?.children;
  return given ? annexChildrenOf(status?.versionChildPersonIds ?? c.childPersonIds ?? [], given) : null;
}

/** Notes a corrected person in a month's log (once: marked). */
const noteCorrected = (models: AnnexModels, month: string, personId: string) => appendToLogOnce(models.AnnexACorrection, month, personId, { personId });

/** Whether the front door corrected a person's details (one `_id` read: their log's first slot). */
const corrected = async (models: AnnexModels, personId: string) => (await readById(models.PersonRectification, slotId(personId, 0), { _id: 1 })) !== null;

/**
 * A closed case's Annex A document as the projector derives it from the records (`status`:
 * the case as projected at closure; its contact, its referral, its children's histories),
 * or null for a case the police updated. `notes`: each child's id, for the caller to note
 * those corrected.
 */
export async function annexACaseFromRecords(models: AnnexModels, contact: AnnexContact, status: Partial<CaseStatus> | undefined, outcome: string | undefined): Promise<{ doc: AnnexACase; personIds: string[] } | null> {
  const children = await givenChildren(models, contact, status);
  if (!children) return null;
  const personIds = children.map((packed) => packed.split('|')[0]);
  const referred = outcome !== undefined && referral.has(outcome);
  const [made, histories] = await Promise.all([
    referred ? readById<{ referredAt: Date; status?: string }>(models.Referral, contact._id, { referredAt: 1, status: 1 }) : null,
    referred ? Promise.all(personIds.map(async (id) => [id, fold(await readPersonEntries(models, id))] as const)) : null,
  ]);
  return { doc: annexACaseOf(contact._id, { receivedAt: contact.receivedAt, status }, children, made, histories && new Map(histories)), personIds };
}

/**
 * At a case's closure: its Annex A document, unless it is there already. Its people
 * corrected are noted in its month's log first, so a list that finds the document finds
 * their corrections.
 */
export async function recordAnnexACase(models: AnnexModels, caseId: string, status: Partial<CaseStatus> | undefined, row: Pick<CaseRow, 'outcome'>): Promise<void> {
  if (await readById(models.AnnexACase, caseId, { _id: 1 })) return;
  const contact = await readById<AnnexContact>(models.Contact, caseId, annexContactFields);
  const derived = contact && (await annexACaseFromRecords(models, contact, status, row.outcome));
  if (!derived) return;
  const month = monthOf(new Date(contact.receivedAt));
  // Its people as its history entries name them (the adults too, as a correction notes every month of a person's history).
  const named = new Set([...derived.personIds, ...(contact.childPersonIds ?? []), ...(contact.adultPersonIds ?? [])]);
  await Promise.all([...named].map(async (id) => { if (await corrected(models, id)) await noteCorrected(models, month, id); }));
  await insertOnce(models.AnnexACase, derived.doc);
}

/** After a correction of a person's details: noted in the log of each month they have a contact in. */
export async function noteAnnexACorrection(models: AnnexModels, personId: string): Promise<void> {
  const months = annexACorrectionMonths(fold(await readPersonEntries(models, personId)));
  await Promise.all(months.map((month) => noteCorrected(models, month, personId)));
}

/** Documents read one by one in a month before a reader gathers them into its copy. */
export const ANNEX_GATHER_AFTER = 16;
const monthCopyId = (month: string, erasures: number) => `${month}~${erasures}`;
const packCases = (docs: readonly AnnexACase[]) => JSON.stringify(docs.map((d) => ({ ...d, referredAt: d.referredAt === undefined ? undefined : +new Date(d.referredAt) })));
const unpackCases = (packed: string): AnnexACase[] =>
  (JSON.parse(packed) as (AnnexACase & { referredAt?: number })[]).map((d) => (d.referredAt === undefined ? d : { ...d, referredAt: new Date(d.referredAt) }));

/**
 * A month's documents of these cases: from the month's gathered copy (one `_id` read, and
 * one or two for the length of its log of erasures), the rest one by one; when that was
 * many, the copy is written again holding them too. Erasures and gathering race safely:
 * an eraser deletes the case's document, then appends to the month's erased log, then
 * deletes the copy of the length before; a reader gathers under the length it read and
 * reads the length again once written, deleting its copy if the length moved on (so a
 * copy holding an erased case is deleted by the eraser or by the reader that wrote it).
 */
async function readMonthOfCases(models: AnnexModels, month: string, caseIds: readonly string[]): Promise<AnnexACase[]> {
  const erasures = await logLength(models.AnnexAErased, month);
  const copy = await readById<{ cases: string }>(models.AnnexAMonth, monthCopyId(month, erasures));
  const gathered = new Map((copy ? unpackCases(copy.cases) : []).map((d) => [d._id, d]));
  const missing = caseIds.filter((id) => !gathered.has(id));
  const found = await readByIds<AnnexACase>(models.AnnexACase, missing);
  const read = missing.flatMap((id) => found.get(id) ?? []);
  if (read.length >= ANNEX_GATHER_AFTER) {
    const _id = monthCopyId(month, erasures);
    const cases = [...gathered.values(), ...read];
    await models.AnnexAMonth.replaceOne({ _id }, { _id, count: cases.length, cases: packCases(cases) }, { upsert: true }).exec()
      .catch((err) => (isDuplicateKey(err) ? undefined : Promise.reject(err)));
    if ((await logLength(models.AnnexAErased, month, erasures)) !== erasures) await models.AnnexAMonth.deleteOne({ _id }).exec();
  }
  const wanted = new Set(caseIds);
  return [...[...gathered.values()].filter((d) => wanted.has(d._id)), ...read];
}

export function annexAStore(models: AnnexModels) {
  return {
    /**
     * The Annex A documents of the cases a list names (its rows: each case's month is the
     * one it was received in, UTC), month by month from each month's gathered copy.
     */
    readAnnexAOfRows: async (rows: readonly { caseId: string; receivedAt: Date }[]): Promise<Map<string, AnnexACase>> => {
      const byMonth = new Map<string, string[]>();
      for (const r of rows) byMonth.set(monthOf(new Date(r.receivedAt)), [...(byMonth.get(monthOf(new Date(r.receivedAt))) ?? []), r.caseId]);
      const docs = (await Promise.all([...byMonth].map(([month, ids]) => readMonthOfCases(models, month, ids)))).flat();
      return new Map(docs.map((d) => [d._id, d]));
    },
    /** Each closed case's Annex A document, by case id (a case without one is left out: open, or the police updated it). */
    readAnnexACases: (caseIds: readonly string[]): Promise<Map<string, AnnexACase>> => readByIds<AnnexACase>(models.AnnexACase, caseIds),
    /** The people corrected who have a contact received in the period's months (UTC, as the rows are kept). */
    readAnnexACorrected: async (from: Date, to: Date): Promise<Set<string>> => {
      const logs = await Promise.all(monthsOfPeriod(from, to).map((month) => readLog<{ personId?: string }>(models.AnnexACorrection, month, 2)));
      return new Set(logs.flat().flatMap((s) => (s.personId ? [s.personId] : [])));
    },
  };
}

/**
 * Erasure: the case's document (`month`: the one it was received in, when its contact is
 * still there to say: its gathered copies go too), and each person erased noted in no month (their slots
 * overwritten, the log kept gap-free; their markers deleted). `histories`: each erased
 * person's months of contacts, read before their history log goes.
 */
export async function eraseAnnexA(models: AnnexModels, caseId: string, month: string | undefined, erased: readonly { personId: string; months: readonly string[] }[]): Promise<number> {
  let n = (await models.AnnexACase.deleteOne({ _id: caseId }).exec()).deletedCount ?? 0;
  // The month's gathered copies may hold it: its erasure takes the next slot `s` of the
  // month's erased log (the length goes from s to s + 1), then the copy gathered under
  // length s is deleted (readMonthOfCases). Marked with its slot, so a run again deletes it again.
  if (month) {
    const marker = `${month}@${caseId}`;
    let slot = (await readById<{ n: number }>(models.AnnexAErased, marker))?.n;
    if (slot === undefined) {
      [slot] = await appendToLog(models.AnnexAErased, month, [{ caseId }]);
      await insertOnce(models.AnnexAErased, { _id: marker, key: month, n: slot });
    }
    n += (await models.AnnexAMonth.deleteOne({ _id: monthCopyId(month, slot) }).exec()).deletedCount ?? 0;
  }
  for (const { personId, months } of erased) {
    for (const month of months) {
      const slots = await readLog<{ _id: string; n: number; personId?: string }>(models.AnnexACorrection, month, 2);
      for (const s of slots.filter((x) => x.personId === personId)) {
        await models.AnnexACorrection.replaceOne({ _id: s._id }, { _id: s._id, key: month, n: s.n, erased: true }).exec();
        n++;
      }
      await models.AnnexACorrection.deleteOne({ _id: `${month}@${personId}` }).exec();
    }
  }
  return n;
}

/** The months of a person's contacts (before their history log is erased). */
export const contactMonthsOf = async (models: AnnexModels, personId: string): Promise<string[]> => annexACorrectionMonths(fold(await readPersonEntries(models, personId)));
