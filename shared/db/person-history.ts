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
// Each slot also sums up the log up to it: the 50 newest contacts in it (`newest`, by
// receipt, whatever order they were appended in), the latest time of any entry in it or
// before it (`latest`), and the nearest referral before it (`referralBefore`). So intake
// reads the last slot for the newest contacts and steps from referral to referral back
// through the window; and a reader that needs more reads back from the end only as far as
// it needs: once a slot's `latest` is older than the oldest time it wants, no entry at or
// before that slot can be wanted. An entry appended late with an older time (a child first
// named by a police update to an earlier contact, a withdrawal carrying its referral's
// time) is still found: the slots after it keep their `latest` at least as late.
import { readLog, slotId } from './keyed-log.js';
import { startLogs } from './log-appends.js';
import { appendAfter, endHintId, findEnd, readBack } from './log-back.js';
import type { Models } from './models.js';

export type PersonHistoryEntry =
  /**
   * A contact: when received, and its incident type (what MARAC's escalation criterion
   * counts). Entries written before the type was kept have none: they count as no incident.
   */
  | { kind: 'contact'; caseId: string; at: Date; incidentType?: string }
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
  incidentType?: string;
  // The sum of the log up to this slot (absent in slots written before it was kept).
  /** The latest `at` of this slot and every slot before it. */
  latest?: Date;
  /** The nearest referral's slot before this one, -1 for none. */
  referralBefore?: number;
  /** The newest contacts up to this slot, one per case, newest first (ties: first appended first), at most NEWEST_KEPT. */
  newest?: KeptContact[];
};

/** A contact as a slot keeps it among the newest (its incident type where known). */
type KeptContact = { caseId: string; at: Date; incidentType?: string };
const typed = (incidentType: string | undefined) => (incidentType ? { incidentType } : {});

/** The contacts each slot keeps as the newest so far: as many as a case lists as earlier contacts. */
export const NEWEST_KEPT = 50;

/** Most people have a few entries: four slots read at first, then batches of 16. */
const FIRST_READ = 4;

const entryOf = (d: Slot): PersonHistoryEntry =>
  d.kind === 'referral' ? { kind: 'referral', caseId: d.caseId, at: d.at, withdrawn: d.withdrawn ?? false } : { kind: 'contact', caseId: d.caseId, at: d.at, ...typed(d.incidentType) };

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

/** The sum of the log up to a slot holding `e`, from the sum up to the slot before. */
function summedUp(before: Slot | null, e: PersonHistoryEntry): Pick<Slot, 'latest' | 'referralBefore' | 'newest'> {
  const newest = before?.newest ?? [];
  const known = e.kind === 'referral' || newest.some((c) => c.caseId === e.caseId);
  // After every contact as new as it: the same time, appended earlier.
  const older = newest.findIndex((c) => +c.at < +e.at);
  const place = older === -1 ? newest.length : older;
  return {
    latest: before && +before.latest! >= +e.at ? before.latest : e.at,
    referralBefore: !before ? -1 : before.kind === 'referral' ? before.n : before.referralBefore,
    newest: known ? newest : [...newest.slice(0, place), { caseId: e.caseId, at: e.at, ...typed(e.kind === 'contact' ? e.incidentType : undefined) }, ...newest.slice(place)].slice(0, NEWEST_KEPT),
  };
}

/** The slot documents of a log written whole, entries in the order given (a build from the records). */
export function personLogSlots(personId: string, entries: readonly PersonHistoryEntry[]): object[] {
  let before: Slot | null = null;
  return entries.map((e, n) => {
    const slot: Slot = { n, ...e, ...summedUp(before, e) };
    before = slot;
    return { _id: slotId(personId, n), key: personId, personId, ...slot };
  });
}

/** The end hint a log as long as this keeps, as its appends keep it (`appendToPersonHistory`), or none. */
export const personLogEndHint = (personId: string, length: number): object[] => (length > FIRST_READ ? [{ _id: endHintId(personId), end: length }] : []);

/** The end of a person's log as a reader read it: what an append after it starts from. */
export interface PersonLogTail {
  end: number;
  last: Slot | null;
  /** Every contact entry whose time is at or after this is among `entries`. */
  contactsSince: number;
  /** What was read: the newest contacts the last slot keeps (when they answered), then the slots read, in the order appended. */
  entries: PersonHistoryEntry[];
}

/** What a look at the newest part of a person's log found. */
export interface PersonLookBack {
  /** Contacts received in the window (but `except`): at least the `limit` newest, more only where times tie; of equal times, the first appended first. */
  contacts: KeptContact[];
  /** A referral made in the window (but `except`) still stands: the latest entry for its case is not a withdrawal. */
  standingReferral: boolean;
  tail: PersonLogTail;
}

export interface LookBackWindow {
  /** The window's first instant, and its end (not in it), in ms. */
  from: number;
  to: number;
  /** The case looking back, itself no earlier contact or referral. */
  except?: string;
  /** Contacts no longer this person's (split away to another): no earlier contact or referral either. */
  excluding?: ReadonlySet<string>;
  /** How many of the newest contacts in the window are wanted. */
  limit: number;
  /** Whether a standing referral in the window is wanted. */
  referrals: boolean;
}

/**
 * The newest contacts in a window of a person's log, and whether a referral made in it
 * still stands, reading only what that needs: the log's end (a search of 1 + log16 of its
 * length round trips, one when this process appended last), whose last slot keeps the
 * newest contacts, then the window's referrals one by one. Where the newest kept cannot
 * answer (more are wanted, or one is the case itself or received after the window: a
 * retried or late intake), the log is read back from its end only as far as the window and
 * the newest wanted reach. A case's entries all carry one time (the contact's receipt, the
 * referral's first making), so the entry read first for a case (appended last) is the one
 * that stands.
 */
export async function lookBackInLog({ PersonHistoryEntry: model }: Log, personId: string, w: LookBackWindow): Promise<PersonLookBack> {
  const start = await findEnd<Slot>(model, personId, FIRST_READ);
  const last = start.read.get(start.end - 1) ?? null;
  const within = (at: Date) => +at >= w.from && +at < w.to;
  // The newest kept are every contact, or hold none left out of the window at its new end:
  // then no contact missing from them is newer than any of them.
  const kept = last?.newest;
  const allKept = kept !== undefined && kept.length < NEWEST_KEPT;
  const left = (caseId: string) => caseId === w.except || w.excluding?.has(caseId) === true;
  const fromKept = allKept || (kept !== undefined && w.limit <= NEWEST_KEPT && kept.every((c) => !left(c.caseId) && +c.at < w.to));
  const found = new Map<string, { at: Date; n: number; incidentType?: string }>();
  if (fromKept) kept.forEach((c, i) => !left(c.caseId) && within(c.at) && found.set(c.caseId, { at: c.at, n: i, ...typed(c.incidentType) }));
  const referralsSeen = new Set<string>();
  // A slot whose `latest` is before `contactsFrom` has no contact wanted, nor has any before it.
  let contactsFrom = w.from;
  let contactsOpen = w.limit > 0 && !fromKept;
  let referralsOpen = w.referrals;
  let standingReferral = false;
  let contactsSince = fromKept ? (allKept ? -Infinity : w.to) : contactsOpen ? -Infinity : Infinity;
  const read = new Map<number, Slot>();
  const take = (s: Slot, n: number) => {
    read.set(n, s);
    const latest = s.latest === undefined ? Infinity : +s.latest;
    if (contactsOpen && latest < contactsFrom) [contactsOpen, contactsSince] = [false, contactsFrom];
    if (referralsOpen && latest < w.from) referralsOpen = false;
    if (contactsOpen && s.kind === 'contact' && !left(s.caseId) && within(s.at)) {
      found.set(s.caseId, { at: s.at, n, ...typed(s.incidentType) });
      // The `limit` newest found: an older contact can no longer be among them.
      if (found.size >= w.limit) contactsFrom = Math.max(w.from, [...found.values()].map((c) => +c.at).sort((a, b) => b - a)[w.limit - 1]);
    }
    if (referralsOpen && s.kind === 'referral' && !referralsSeen.has(s.caseId)) {
      referralsSeen.add(s.caseId);
      if (!s.withdrawn && !left(s.caseId) && within(s.at)) [standingReferral, referralsOpen] = [true, false];
    }
    if (contactsOpen) return n - 1;
    if (referralsOpen) return s.referralBefore ?? n - 1;
    return -1;
  };
  // Answered from the newest kept: the referrals alone are read, from the last one back.
  const firstReferral = !last || !w.referrals ? -1 : last.kind === 'referral' ? start.end - 1 : (last.referralBefore ?? start.end - 1);
  await readBack<Slot>(model, personId, start, take, fromKept ? firstReferral : undefined);
  const slots = [...read].sort(([a], [b]) => a - b).map(([, s]) => s);
  const keptEntries: PersonHistoryEntry[] = fromKept ? kept.map((c) => ({ kind: 'contact', ...c })) : [];
  return {
    contacts: [...found].sort(([, a], [, b]) => a.n - b.n).map(([caseId, { at, incidentType }]) => ({ caseId, at, ...typed(incidentType) })),
    standingReferral,
    tail: { end: start.end, last, contactsSince, entries: [...keptEntries, ...slots.map(entryOf)] },
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
  const tail = read && !Array.isArray(read) && entry.kind === 'contact' && read.contactsSince <= +entry.at
    ? read
    : (await lookBackInLog(models, personId, { from: +entry.at, to: Infinity, limit: Infinity, referrals: false })).tail;
  if (sameAsStanding(fold(Array.isArray(read) ? read : tail.entries), entry)) return;
  const make = async (before: Slot | null, n: number) => ({ personId, ...entry, ...summedUp(await summedBefore(models, personId, before, n), entry) });
  // A log longer than the first read keeps an end hint, so a reader in another process
  // (the API, a worker started since) finds the end without a search.
  await appendAfter<Slot>(models.PersonHistoryEntry, personId, make, tail, FIRST_READ);
}

/**
 * Each entry in its person's history (`[personId, entry, tail]`, `tail` as for
 * `appendToPersonHistory`): the logs the caller read empty (people its intake recorded
 * first: most contacts are about a family not seen before) started in one write
 * (keyed-log.ts `startLogs`); the others, and a log another writer started first, appended
 * one by one as `appendToPersonHistory` appends.
 */
export async function appendToPersonHistories(models: Log, appends: readonly (readonly [string, PersonHistoryEntry, PersonLogTail | undefined])[]): Promise<void> {
  const empty = appends.filter(([, e, tail]) => tail !== undefined && tail.end === 0 && tail.contactsSince <= +e.at && !sameAsStanding(fold(tail.entries), e));
  const append = (list: typeof appends) => Promise.all(list.map(([personId, e, tail]) => appendToPersonHistory(models, personId, e, tail)));
  const [started] = await Promise.all([
    startLogs(models.PersonHistoryEntry, empty.map(([personId, e]) => ({ key: personId, slot: { personId, ...e, ...summedUp(null, e) } }))),
    append(appends.filter((a) => !empty.includes(a))),
  ]);
  // Started by another writer a moment before: appended after it.
  await append(empty.filter((_, i) => !started[i]));
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
