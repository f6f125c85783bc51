// What a child's history says about a new contact: earlier contacts in the previous 12
// calendar months (a re-contact) and a referral still standing from them (a repeat
// referral), and the contact recorded in each child's history. One rule for contacts from
// every source. 12 calendar months, not 365 days:
// a year across 29 February has 366.
import type { FrontDoorPolicy } from '../shared/config.js';
import { NEWEST_KEPT, type LookBackWindow, type MatchedPeople, type PersonLogTail, type PersonLookBack, type Store } from '../shared/db/store.js';
import { linkedPerson } from '../shared/person-links.js';
import { calendarMonthsBefore } from '../shared/working-time.js';

export interface LookBack {
  earlierContactIds: string[];
  recontact: boolean;
  repeatReferral: boolean;
  /**
   * The earlier contacts in the window about a domestic abuse incident (any child of this
   * contact), each once: what MARAC's escalation criterion counts with this one. Entries
   * recorded before the incident type was kept carry none and are not counted.
   */
  earlierDomesticAbuse: number;
  /** The end of each child's log as read, so recording the contact reads it no second time. */
  logs: PersonLogTail[];
}

/** The earlier contacts a case lists: the newest, as many as a child's log keeps at its end. */
const EARLIER_CONTACTS_LISTED = NEWEST_KEPT;
/** The log of a child recorded by this intake, as if read: empty. */
const NEW_LOG: PersonLogTail = { end: 0, last: null, contactsSince: -Infinity, entries: [] };

export async function lookBack(
  store: Store,
  policy: FrontDoorPolicy,
  caseId: string,
  children: MatchedPeople,
  receivedAt: Date,
): Promise<LookBack> {
  // 12 calendar months, in the office's local time, through each child's history log,
  // read back from its end only as far as the window and the newest contacts need.
  const window = { from: +calendarMonthsBefore(receivedAt, 12, policy.calendar.timeZone), to: +receivedAt, except: caseId, limit: EARLIER_CONTACTS_LISTED, referrals: true };
  // A child this intake recorded first had no history when matched: not read (most
  // contacts are about a family not seen before: four `_id` reads fewer each). An intake
  // about them at the same moment may append one meanwhile; neither then counts the other
  // as earlier, as with two intakes that read before either appends. Appending finds the
  // slot it took.
  const looks = await Promise.all(children.ids.map((id) => (children.firstSeen.has(id) ? undefined : lookBackAsLinked(store, id, window))));
  const earlier = new Map<string, number>();
  const domesticAbuse = new Set<string>();
  for (const look of looks) {
    for (const c of look?.contacts ?? []) {
      earlier.set(c.caseId, +c.at);
      if (c.incidentType === 'domestic_abuse') domesticAbuse.add(c.caseId);
    }
  }
  // Newest first; a referral counts while it stands (not withdrawn by a later decision).
  const earlierContactIds = [...earlier].sort((a, b) => b[1] - a[1]).slice(0, EARLIER_CONTACTS_LISTED).map(([id]) => id);
  const repeatReferral = looks.some((look) => look?.standingReferral === true);
  const logs = looks.map((look) => look?.tail ?? NEW_LOG);
  return { earlierContactIds, recontact: earlierContactIds.length > 0, repeatReferral, earlierDomesticAbuse: domesticAbuse.size, logs };
}

/**
 * A child's look-back as the front door has corrected who is who (shared/person-links.ts):
 * the contacts split away from the child's record are another child's, not earlier contacts
 * of this one; a record merged with it (the same child) brings its contacts; a merge undone
 * brings nothing. One `_id` read of the child's links when there are none (most children).
 * The log's tail (for appending this contact) is the child's own record's.
 */
async function lookBackAsLinked(store: Store, childId: string, window: LookBackWindow): Promise<PersonLookBack> {
  const linked = await linkedPerson(store, childId);
  const looks = await Promise.all(linked.ids.map((id) => store.lookBackInChildHistory(id, { ...window, excluding: linked.away.get(id) })));
  const movedIn = [...linked.movedIn.values()].flat().filter((m) => m.caseId !== window.except && +m.at >= window.from && +m.at < window.to);
  return {
    contacts: [...looks.flatMap((l) => l.contacts), ...movedIn.map((m) => ({ caseId: m.caseId, at: new Date(m.at) }))],
    standingReferral: looks.some((l) => l.standingReferral),
    tail: looks[0].tail,
  };
}

/** The contact as intake records it, whatever its source. */
export type ContactRecordInput = { receivedAt: Date; childPersonIds: string[]; adultPersonIds: string[] } & Record<string, unknown>;

/**
 * The children's names as their person records hold them, where matching knew them without
 * a read (shared/db/people.ts `named`): kept on the contact, so a list of cases shows its
 * children without reading a person record for each (a child not here is read as before).
 */
export const childNamesOf = (children: MatchedPeople) =>
  children.ids.flatMap((personId) => {
    const named = children.named.get(personId);
    return named ? [{ personId, ...named }] : [];
  });

/**
 * The adults' logs as known without a read: empty for an adult this intake recorded first
 * (most contacts are about a family not seen before), else to be found when appending.
 */
export const adultLogs = (adults: MatchedPeople): (PersonLogTail | undefined)[] => adults.ids.map((id) => (adults.firstSeen.has(id) ? NEW_LOG : undefined));

/**
 * Adds the contact to each child's and adult's history, for the contacts after it (`logs`:
 * the children's as lookBack read them, then the adults' as `adultLogs` knows them).
 */
export async function recordInChildHistories(store: Store, caseId: string, contact: ContactRecordInput, logs?: (PersonLogTail | undefined)[]): Promise<void> {
  await store.recordContactInChildHistories(caseId, contact, logs);
}

/**
 * Records the contact (kept as first written: a retried intake changes nothing) and adds
 * it to each child's history, for the contacts after it, whatever its source.
 */
export async function recordContact(store: Store, caseId: string, contact: ContactRecordInput, logs?: (PersonLogTail | undefined)[]): Promise<void> {
  await store.recordContact(caseId, contact);
  await recordInChildHistories(store, caseId, contact, logs);
}
