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
//
// Each slot also sums up the log up to it: the latest time of any entry in it or before
// it (`latest`), and the nearest referral before it (`referralBefore`). So a reader reads
// back from the end only as far as it needs: once a slot's `latest` is older than the
// oldest time it wants, no entry at or before that slot can be wanted. Entries are
// appended as things happen, so this is the newest part of the log; an entry appended
// late with an older time (a child first named by a police update to an earlier contact,
// a withdrawal carrying its referral's time) is read when its time is wanted, since the
// slots after it keep their `latest` at least as late. And a reader of referrals alone
// steps from referral to referral.
import { appendAfter, findEnd, readBack, readLog, slotId } from './keyed-log.js';
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
type Slot = {
  n: number;
  kind: 'contact' | 'referral';
  caseId: string;
  at: Date;
  withdrawn?: boolean;
  /** The latest `at` of this slot and every slot before it (absent in slots written before it was kept). */
  latest?: Date;
  /** The nearest referral's slot before this one, -1 for none. */
  referralBefore?: number;
};

/** Most people have a few entries: four slots read at first, then batches of 16. */
const FIRST_READ = 4;

const entryOf = (d: Slot): PersonHistoryEntry =>
  d.kind === 'referral' ? { kind: 'referral', caseId: d.caseId, at: d.at, withdrawn: d.withdrawn ?? false } : { kind: 'contact', caseId: d.caseId, at: d.at };

/** Every entry of the person's log in the order appended (`_id` reads, in batches). */
export async function readPersonEntries({ PersonHistoryEntry }: Log, personId: string): Promise<PersonHistoryEntry[]> {
  return (await readLog<Slot>(PersonHistoryEntry, personId, FIRST_READ)).map(entryOf);
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

/** The whole history (every entry read): for a reader that needs it all. */
export async function readPersonHistory(models: Log, personId: string): Promise<PersonHistory> {
  return fold(await readPersonEntries(models, personId));
}

/** What a slot adds to the sum of the log before it. */
function summedUp(before: Pick<Slot, 'n' | 'kind' | 'latest' | 'referralBefore'> | null, at: Date): Pick<Slot, 'latest' | 'referralBefore'> {
  if (!before) return { latest: at, referralBefore: -1 };
  return {
    latest: +before.latest! >= +at ? before.latest : at,
    referralBefore: before.kind === 'referral' ? before.n : before.referralBefore,
  };
}

/** The slot documents of a log written whole, entries in the order given (a build from the records). */
export function personLogSlots(personId: string, entries: readonly PersonHistoryEntry[]): object[] {
  let before: Slot | null = null;
  return entries.map((e, n) => {
    const slot: Slot = { n, ...e, ...summedUp(before, e.at) };
    before = slot;
    return { _id: slotId(personId, n), key: personId, personId, ...slot };
  });
}

/** The end of a person's log as a reader read it: what an append after it starts from. */
export interface PersonLogTail {
  end: number;
  last: Slot | null;
  /** Every entry whose time is at or after this was read. */
  since: number;
  /** The entries read, in the order appended. */
  entries: PersonHistoryEntry[];
}

/** What a look at the newest part of a person's log found. */
export interface PersonLookBack {
  /** Contacts received in the window (but `except`) in the order appended: at least the `limit` newest, more only where times tie. */
  contacts: { caseId: string; at: Date }[];
  /** A referral made in the window (but `except`) still stands: the latest entry for its case is not a withdrawal. */
  standingReferral: boolean;
  tail: PersonLogTail;
}

export interface Window {
  /** The window's first instant, and its end (not in it), in ms. */
  from: number;
  to: number;
  /** The case looking back, itself no earlier contact or referral. */
  except?: string;
  /** How many of the newest contacts in the window are wanted. */
  limit: number;
  /** Whether a standing referral in the window is wanted. */
  referrals: boolean;
}

/**
 * The newest contacts in a window of a person's log, and whether a referral made in it
 * still stands: read back from the end of the log only as far as needed. A case's entries
 * all carry one time (the contact's receipt, the referral's first making), so the entry
 * read first for a case (the one appended last) is the one that stands. `_id` reads: a
 * search for the end (about 2·log2 of the log's length, two when this process appended
 * last), the window's newest `limit` contacts, the window's referrals.
 */
export async function lookBackInLog({ PersonHistoryEntry: model }: Log, personId: string, w: Window): Promise<PersonLookBack> {
  const within = (at: Date) => +at >= w.from && +at < w.to;
  const found = new Map<string, { at: Date; n: number }>();
  const referralsSeen = new Set<string>();
  // A slot whose `latest` is before `contactsFrom` has no contact wanted, nor has any before it.
  let contactsFrom = w.from;
  let contactsOpen = w.limit > 0;
  let referralsOpen = w.referrals;
  let standingReferral = false;
  let since = contactsOpen ? -Infinity : Infinity;
  const read = new Map<number, Slot>();
  const start = await findEnd<Slot>(model, personId, FIRST_READ);
  await readBack<Slot>(model, personId, start, (s, n) => {
    read.set(n, s);
    const latest = s.latest === undefined ? Infinity : +s.latest;
    if (contactsOpen && latest < contactsFrom) [contactsOpen, since] = [false, contactsFrom];
    if (referralsOpen && latest < w.from) referralsOpen = false;
    if (contactsOpen && s.kind === 'contact' && s.caseId !== w.except && within(s.at)) {
      found.set(s.caseId, { at: s.at, n });
      // The `limit` newest found: an older contact can no longer be among them.
      if (found.size >= w.limit) contactsFrom = Math.max(w.from, [...found.values()].map((c) => +c.at).sort((a, b) => b - a)[w.limit - 1]);
    }
    if (referralsOpen && s.kind === 'referral' && !referralsSeen.has(s.caseId)) {
      referralsSeen.add(s.caseId);
      if (!s.withdrawn && s.caseId !== w.except && within(s.at)) [standingReferral, referralsOpen] = [true, false];
    }
    if (contactsOpen) return n - 1;
    if (referralsOpen) return s.referralBefore ?? n - 1;
    return -1;
  });
  const slots = [...read].sort(([a], [b]) => a - b).map(([, s]) => s);
  return {
    contacts: [...found].sort(([, a], [, b]) => a.n - b.n).map(([caseId, { at }]) => ({ caseId, at })),
    standingReferral,
    tail: { end: start.end, last: read.get(start.end - 1) ?? null, since, entries: slots.map(entryOf) },
  };
}

/** The person's `limit` newest contacts (case id → receipt), read back from the end of the log. */
export async function readNewestContacts(models: Log, personId: string, limit: number): Promise<Map<string, Date>> {
  const { contacts } = await lookBackInLog(models, personId, { from: -Infinity, to: Infinity, limit, referrals: false });
  return new Map(contacts.map((c) => [c.caseId, c.at]));
}

function sameAsStanding(history: PersonHistory, e: PersonHistoryEntry): boolean {
  if (e.kind === 'contact') return history.contacts.has(e.caseId);
  const standing = history.referrals.get(e.caseId);
  return standing !== undefined && standing.withdrawn === e.withdrawn && +standing.referredAt === +e.at;
}

/**
 * Appends the entry unless it already stands (a retried activity writes nothing twice):
 * reading back only to the entry's own time, since every entry for its case carries it.
 * Two writers checking at once may both append the same entry; the fold makes that
 * harmless, since the last entry for a case is what stands and both are the same.
 */
export async function appendToPersonHistory(
  models: Log,
  personId: string,
  entry: PersonHistoryEntry,
  /** The log as the caller has just read it (no second read); an append since is found by its slot. */
  read?: PersonLogTail | PersonHistoryEntry[],
): Promise<void> {
  const tail = read && !Array.isArray(read) && read.since <= +entry.at
    ? read
    : (await lookBackInLog(models, personId, { from: +entry.at, to: Infinity, limit: Infinity, referrals: false })).tail;
  if (sameAsStanding(fold(Array.isArray(read) ? read : tail.entries), entry)) return;
  await appendAfter<Slot>(models.PersonHistoryEntry, personId, async (before, n) => ({ personId, ...entry, ...summedUp(await summedBefore(models, personId, before, n), entry.at) }), tail);
}

/**
 * The slot before, with its sum of the log: read whole once for a log written before
 * slots kept one (its first append since).
 */
async function summedBefore(models: Log, personId: string, before: Slot | null, n: number): Promise<Slot | null> {
  if (!before || before.latest !== undefined) return before;
  const slots = (await readLog<Slot>(models.PersonHistoryEntry, personId, FIRST_READ)).filter((s) => s.n < n);
  return personLogSlots(personId, slots.map(entryOf)).at(-1) as Slot;
}
