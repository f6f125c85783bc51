// A person's history at the front door: the contacts about them and the referrals those
// became, as an append-only log read by `_id`. What intake reads to flag a re-contact or a
// repeat referral, and what a child's chronology lists.
//
// Why a log of entries and not one document per person with a map: FerretDB v1 (the
// embedded default) has no atomic read-modify-write, so two intakes about the same child
// at the same moment (siblings in two notifications, a resend racing the original) each
// `$set` their own contact and one of them is lost. So each entry is its own slot
// document, `${personId}#${n}`, in a keyed log (keyed-log.ts): insert-only, gap-free,
// read by `_id` whatever the size of the collection.
import { appendToLog, readLog } from './keyed-log.js';
import type { Models } from './models.js';

export type PersonHistoryEntry =
  | { kind: 'contact'; caseId: string; at: Date }
  /** A referral, or its withdrawal when a later decision superseded the one that made it. */
  | { kind: 'referral'; caseId: string; at: Date; withdrawn: boolean };

export interface PersonHistory {
  /** Case id → when the contact was received. */
  contacts: Map<string, Date>;
  /** Case id → when it became a referral, and whether that referral was withdrawn since. */
  referrals: Map<string, { referredAt: Date; withdrawn: boolean }>;
}

type Log = Pick<Models, 'PersonHistoryEntry'>;
type Slot = { kind: 'contact' | 'referral'; caseId: string; at: Date; withdrawn?: boolean };

/** Most people have a few entries: four slots read at first, then batches of 16. */
const FIRST_READ = 4;

/** Every entry of the person's log in the order appended (`_id` reads, in batches). */
export async function readPersonEntries({ PersonHistoryEntry }: Log, personId: string): Promise<PersonHistoryEntry[]> {
  const slots = await readLog<Slot>(PersonHistoryEntry, personId, FIRST_READ);
  return slots.map((d) =>
    d.kind === 'referral' ? { kind: 'referral', caseId: d.caseId, at: d.at, withdrawn: d.withdrawn ?? false } : { kind: 'contact', caseId: d.caseId, at: d.at },
  );
}

/** The log folded: for each case the entry appended last is what stands. */
export function fold(entries: PersonHistoryEntry[]): PersonHistory {
  const history: PersonHistory = { contacts: new Map(), referrals: new Map() };
  for (const e of entries) {
    if (e.kind === 'contact') history.contacts.set(e.caseId, e.at);
    else history.referrals.set(e.caseId, { referredAt: e.at, withdrawn: e.withdrawn });
  }
  return history;
}

export async function readPersonHistory(models: Log, personId: string): Promise<PersonHistory> {
  return fold(await readPersonEntries(models, personId));
}

function sameAsStanding(history: PersonHistory, e: PersonHistoryEntry): boolean {
  if (e.kind === 'contact') return history.contacts.has(e.caseId);
  const standing = history.referrals.get(e.caseId);
  return standing !== undefined && standing.withdrawn === e.withdrawn && +standing.referredAt === +e.at;
}

/**
 * Appends the entry unless it already stands (a retried activity writes nothing twice).
 * Two writers checking at once may both append the same entry; the fold makes that
 * harmless, since the last entry for a case is what stands and both are the same.
 */
export async function appendToPersonHistory(
  models: Log,
  personId: string,
  entry: PersonHistoryEntry,
  /** The log as the caller has just read it (no second read); an append since is found by its slot. */
  read?: PersonHistoryEntry[],
): Promise<void> {
  const entries = read ?? (await readPersonEntries(models, personId));
  if (sameAsStanding(fold(entries), entry)) return;
  await appendToLog(models.PersonHistoryEntry, personId, [{ personId, ...entry }], entries.length);
}
