// What a child's history says about a new contact: earlier contacts in the previous 12
// calendar months (a re-contact) and a referral still standing from them (a repeat
// referral), and the contact recorded in each child's history. One rule for contacts from
// every source. 12 calendar months, not 365 days:
// a year across 29 February has 366.
import type { FrontDoorPolicy } from '../shared/config.js';
import { foldChildHistory, type MatchedPeople, type PersonHistoryEntry, type Store } from '../shared/db/store.js';
import { calendarMonthsBefore } from '../shared/working-time.js';

export interface LookBack {
  earlierContactIds: string[];
  recontact: boolean;
  repeatReferral: boolean;
  /** Each child's log as read, so recording the contact reads it no second time. */
  logs: PersonHistoryEntry[][];
}

export async function lookBack(
  store: Store,
  policy: FrontDoorPolicy,
  caseId: string,
  children: MatchedPeople,
  receivedAt: Date,
): Promise<LookBack> {
  // 12 calendar months, in the office's local time, through each child's history log.
  const from = +calendarMonthsBefore(receivedAt, 12, policy.calendar.timeZone);
  const within = (at: Date) => +at >= from && +at < +receivedAt;
  // A child this intake recorded first had no history when matched: not read (most
  // contacts are about a family not seen before: four `_id` reads fewer each). An intake
  // about them at the same moment may append one meanwhile; neither then counts the other
  // as earlier, as with two intakes that read before either appends. Appending finds the
  // slot it took.
  const logs = await Promise.all(children.ids.map((id) => (children.firstSeen.has(id) ? [] : store.readChildHistoryEntries(id))));
  const histories = logs.map(foldChildHistory);
  const earlier = new Map<string, number>();
  for (const h of histories) {
    for (const [id, at] of h.contacts) if (id !== caseId && within(at)) earlier.set(id, +at);
  }
  // Newest first; a referral counts while it stands (not withdrawn by a later decision).
  const earlierContactIds = [...earlier].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([id]) => id);
  const repeatReferral = histories.some((h) => [...h.referrals].some(([id, r]) => id !== caseId && !r.withdrawn && within(r.referredAt)));
  return { earlierContactIds, recontact: earlierContactIds.length > 0, repeatReferral, logs };
}

/** The contact as intake records it, whatever its source. */
export type ContactRecordInput = { receivedAt: Date; childPersonIds: string[]; adultPersonIds: string[] } & Record<string, unknown>;

/** Adds the contact to each child's history, for the contacts after it (`logs`: as lookBack read them). */
export async function recordInChildHistories(store: Store, caseId: string, contact: ContactRecordInput, logs?: PersonHistoryEntry[][]): Promise<void> {
  await Promise.all(
    contact.childPersonIds.map((id, i) => store.appendToChildHistory(id, { kind: 'contact', caseId, at: contact.receivedAt }, logs?.[i])),
  );
}

/**
 * Records the contact (kept as first written: a retried intake changes nothing) and adds
 * it to each child's history, for the contacts after it, whatever its source.
 */
export async function recordContact(store: Store, caseId: string, contact: ContactRecordInput, logs?: PersonHistoryEntry[][]): Promise<void> {
  await store.recordContact(caseId, contact);
  await recordInChildHistories(store, caseId, contact, logs);
}
