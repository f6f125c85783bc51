// The people in the records: everything held about one person (a subject access request,
// UK GDPR art. 15) and every disclosure about them. A person's cases are found through
// their history log (children and adults alike), each read by `_id`; a case's disclosures
// are the entries of its audit trail that record one (an outcome sent to a force or a
// referrer, an Annex A list, an earlier subject access export).
import { POLICE_SOURCE } from '../../shared/codes.js';
import type { AnnexACase, AuditLogEntry, Store } from '../../shared/db/store.js';
import { problems } from '../errors.js';
import { currentNotification } from './notification-versions.js';
import { linkedCaseIds } from './person-links.js';
import type { ContactRecord } from './records.js';
import { referralFormOf } from './referrals.js';

/** What a subject access export withholds unless asked otherwise: third parties who are professionals. */
export const DEFAULT_SUBJECT_ACCESS_REDACTIONS = ['officer', 'referrer'];

/** SUBJECT_ACCESS_REDACTIONS: comma-separated field names withheld wherever they appear; checked when the API starts. */
export function subjectAccessRedactions(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.SUBJECT_ACCESS_REDACTIONS;
  if (raw === undefined) return DEFAULT_SUBJECT_ACCESS_REDACTIONS;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.find((n) => !/^[A-Za-z][A-Za-z0-9]*$/.test(n));
  if (bad !== undefined) throw new Error(`SUBJECT_ACCESS_REDACTIONS must be field names separated by commas: "${bad}" is not one`);
  return names;
}

/** A copy with every value under a withheld key replaced by "[redacted]", at any depth. */
export function redact(value: unknown, withheld: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, withheld));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withheld.has(k) ? '[redacted]' : redact(v, withheld)]));
  }
  return value;
}

type PersonRecord = { kind: 'child' | 'adult'; givenName?: string; familyName?: string; dateOfBirth?: string; nhsNumber?: string };

export async function personOrNotFound(store: Store, personId: string): Promise<PersonRecord> {
  const person = await store.readPerson<PersonRecord>(personId, { kind: 1, givenName: 1, familyName: 1, dateOfBirth: 1, nhsNumber: 1 });
  if (!person) throw problems.notFound(`no person ${personId}`);
  return person;
}

/** The cases naming the person: every contact and referral in their history log, as linked by the front door. */
export async function casesOf(store: Store, personId: string): Promise<string[]> {
  // As the front door has linked them: a split-away contact is another person's, a merged record's is theirs.
  return linkedCaseIds(store, personId);
}

const isDisclosure = (e: AuditLogEntry) => e.action.startsWith('disclosure.') || e.action === 'person.subject_access';

/** Every disclosure recorded in the trails of the person's cases, newest first. */
export async function disclosuresAbout(store: Store, caseIds: readonly string[]): Promise<Record<string, unknown>[]> {
  const trails = await Promise.all(caseIds.map((caseId) => store.readWholeAuditOfCase(caseId)));
  const seen = new Set<string>();
  return trails
    .flat()
    .filter((e) => isDisclosure(e) && !seen.has(e.entryId) && seen.add(e.entryId))
    .sort((a, b) => +b.at - +a.at)
    .map(({ entryId, ...e }) => ({ ...e, at: new Date(e.at).toISOString() }));
}

/** Everything held about the person, the withheld fields replaced wherever they appear. */
export async function subjectAccess(store: Store, personId: string, withheld: readonly string[]) {
  const person = await personOrNotFound(store, personId);
  const caseIds = await casesOf(store, personId);
  const [rectifications, contacts, disclosures, legalHold, annexA] = await Promise.all([
    store.readRectifications(personId),
    store.readContacts<ContactRecord>(caseIds),
    disclosuresAbout(store, caseIds),
    store.readLegalHold('person', personId),
    // Annex A's copy of each closed case (its children as given, for a referral its date and counts).
    store.readAnnexACases(caseIds),
  ]);
  const records = await Promise.all(
    contacts.map(async (c) => {
      const [notification, form] = await Promise.all([
        c.source === POLICE_SOURCE ? currentNotification(store, c) : null,
        c.source !== POLICE_SOURCE ? referralFormOf(store, c._id) : null,
      ]);
      // The children's names kept on the contact for lists are a copy of their person
      // records: left out, so what the governance lead withholds by field ("children") is
      // withheld, as the notification and form as given are here whole.
      const { status, childNames: _copyOfTheRecords, ...contact } = c as ContactRecord & Record<string, unknown>;
      const { _id, month, ...annex } = annexA.get(c._id) ?? ({} as Partial<AnnexACase>);
      return { ...contact, decisions: status?.decisions ?? [], allocations: status?.allocations ?? [], notification: notification?.payload, referralForm: form?.payload, ...(month ? { annexA: annex } : {}) };
    }),
  );
  const set = new Set(withheld);
  return {
    personId,
    kind: person.kind,
    producedAt: new Date().toISOString(),
    redacted: [...set],
    person: redact(person, set) as Record<string, unknown>,
    rectifications: rectifications.map((r) => ({ ...r, at: r.at instanceof Date ? r.at.toISOString() : String(r.at) })),
    contacts: records.map((r) => redact(r, set) as Record<string, unknown>),
    disclosures,
    ...(legalHold ? { legalHold: { placedAt: legalHold.placedAt, reason: legalHold.reason } } : {}),
    caseIds,
  };
}
