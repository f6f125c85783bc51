// A person's history at the front door: the contacts about them and the referrals those
// became, as an append-only log read by `_id`. What intake reads to flag a re-contact or a
// repeat referral, and what a child's chronology lists.
//
// Why a log of entries and not one document per person with a map: FerretDB v1 (the
// embedded default) updates a document by reading it, applying the update in Go and
// writing it back, with no lock, so two intakes about the same child at the same moment
// (siblings in two notifications, a resend racing the original) each `$set` their own
// contact and one of them is lost. The only atomic write FerretDB has is an insert
// against the unique `_id`. So each entry is its own document, `${personId}#${n}`, and
// an append claims the first free `n` by inserting it: a writer that loses the race gets
// a duplicate key and takes the next one. Slots are filled in order and never removed, so
// the log has no gaps and a reader reads `#0`, `#1`, … until the first that is missing:
// `_id` reads only, whatever the size of the collection. On MongoDB the same code runs
// unchanged.
import { isDuplicateKey, type Models } from './models.js';

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
/** Slots read at once: most people have a handful of entries, so one round trip. */
const BATCH = 16;
const slotId = (personId: string, n: number) => `${personId}#${n}`;

/** Every entry of the person's log in the order appended (`_id` reads, in batches). */
async function readEntries({ PersonHistoryEntry }: Log, personId: string): Promise<PersonHistoryEntry[]> {
  const entries: PersonHistoryEntry[] = [];
  for (let from = 0; ; from += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: BATCH }, (_, i) => PersonHistoryEntry.findById(slotId(personId, from + i)).lean()),
    );
    const end = batch.findIndex((d) => d === null);
    for (const d of end === -1 ? batch : batch.slice(0, end)) {
      entries.push(d!.kind === 'referral'
        ? { kind: 'referral', caseId: d!.caseId, at: d!.at, withdrawn: d!.withdrawn ?? false }
        : { kind: 'contact', caseId: d!.caseId, at: d!.at });
    }
    if (end !== -1) return entries;
  }
}

/** The log folded: for each case the entry appended last is what stands. */
function fold(entries: PersonHistoryEntry[]): PersonHistory {
  const history: PersonHistory = { contacts: new Map(), referrals: new Map() };
  for (const e of entries) {
    if (e.kind === 'contact') history.contacts.set(e.caseId, e.at);
    else history.referrals.set(e.caseId, { referredAt: e.at, withdrawn: e.withdrawn });
  }
  return history;
}

export async function readPersonHistory(models: Log, personId: string): Promise<PersonHistory> {
  return fold(await readEntries(models, personId));
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
export async function appendToPersonHistory(models: Log, personId: string, entry: PersonHistoryEntry): Promise<void> {
  const entries = await readEntries(models, personId);
  if (sameAsStanding(fold(entries), entry)) return;
  for (let n = entries.length; ; n++) {
    try {
      await models.PersonHistoryEntry.create({ _id: slotId(personId, n), personId, n, ...entry });
      return;
    } catch (err) {
      // Another writer took this slot first: theirs stays, ours goes in the next one.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
