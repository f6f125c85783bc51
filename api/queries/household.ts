// A household view: the person asked about, the adults named with them, and through those
// adults the other children they are named with (siblings at other addresses), with all
// their contacts, open cases and decisions together. Every read is by `_id` (person logs,
// contacts, person records) and bounded: the newest contacts of each log, so many people.
import type { Store } from '../../shared/db/store.js';
import type { ContactRecord } from './records.js';
import { newestContactIds, personNamed, type PersonKind, type PersonNamed } from './people.js';
import { linkedPerson } from './person-links.js';

/** The newest contacts read from each person's log. */
const CONTACTS_PER_PERSON = 50;
/** At most this many adults followed, and this many contacts and people given. */
const MOST_ADULTS = 12;
const MOST_CONTACTS = 200;
const MOST_PEOPLE = 60;

export interface HouseholdMember extends PersonNamed {
  personId: string;
  kind: PersonKind;
  link: 'self' | 'named_together' | 'through_shared_adult';
  sharedAdults: string[];
}

export interface HouseholdRead {
  people: HouseholdMember[];
  contacts: ContactRecord[];
  truncated: boolean;
}

const namedChildren = (c: ContactRecord) => c.status?.childPersonIds ?? c.childPersonIds ?? [];
const namedAdults = (c: ContactRecord & { adultPersonIds?: string[] }) => c.status?.adultPersonIds ?? c.adultPersonIds ?? [];

export async function household(store: Store, personId: string): Promise<HouseholdRead> {
  const self = await personNamed(store, personId);
  // The records merged with the person are the person; in a contact moved to them by a
  // split, the person it was wrongly matched to is read as them.
  const linked = await linkedPerson(store, personId);
  const movedFrom = new Map([...linked.movedIn.values()].flat().map((m) => [m.caseId, m.from] as const));
  const asSelf = (c: ContactRecord) => (id: string) => (linked.ids.includes(id) || movedFrom.get(c._id) === id ? personId : id);
  const childrenOf = (c: ContactRecord) => [...new Set(namedChildren(c).map(asSelf(c)))];
  const adultsOf = (c: ContactRecord & { adultPersonIds?: string[] }) => [...new Set(namedAdults(c).map(asSelf(c)))];
  let truncated = false;
  // 1. The person's own contacts, and everyone named in them.
  const own = await store.readContacts<ContactRecord & { adultPersonIds?: string[] }>(await newestContactIds(store, personId, CONTACTS_PER_PERSON, linked));
  const together = new Set(own.flatMap((c) => [...childrenOf(c), ...adultsOf(c)]).filter((id) => id !== personId));
  const ownAdults = [...new Set([...(self.kind === 'adult' ? [personId] : []), ...own.flatMap(adultsOf)])];
  if (ownAdults.length > MOST_ADULTS) truncated = true;
  // 2. Each adult's contacts: the children they are named with elsewhere are linked through them.
  const byAdult = await Promise.all(ownAdults.slice(0, MOST_ADULTS).map(async (adult) => [adult, await newestContactIds(store, adult, CONTACTS_PER_PERSON)] as const));
  const caseIds = [...new Set([...own.map((c) => c._id), ...byAdult.flatMap(([, ids]) => ids)])];
  if (caseIds.length > MOST_CONTACTS) truncated = true;
  const known = new Map(own.map((c) => [c._id, c] as const));
  const more = await store.readContacts<ContactRecord & { adultPersonIds?: string[] }>(caseIds.filter((id) => !known.has(id)).slice(0, MOST_CONTACTS - known.size));
  const contacts = [...own, ...more].sort((a, b) => +b.receivedAt - +a.receivedAt || a._id.localeCompare(b._id)).slice(0, MOST_CONTACTS);
  // 3. Who is in the household, and how each is linked to the person asked about.
  const sharedAdults = new Map<string, Set<string>>();
  for (const [adult, ids] of byAdult) {
    for (const c of contacts.filter((x) => ids.includes(x._id))) {
      for (const child of childrenOf(c)) if (!together.has(child) && child !== personId) sharedAdults.set(child, (sharedAdults.get(child) ?? new Set()).add(adult));
    }
  }
  const ids = [personId, ...together, ...sharedAdults.keys()];
  if (ids.length > MOST_PEOPLE) truncated = true;
  const named = await Promise.all(ids.slice(0, MOST_PEOPLE).map((id) => (id === personId ? self : personNamed(store, id).catch(() => undefined))));
  const people = ids.slice(0, MOST_PEOPLE).flatMap((id, i): HouseholdMember[] => {
    const p = named[i];
    if (!p) return [];
    const link = id === personId ? 'self' : together.has(id) ? 'named_together' : 'through_shared_adult';
    return [{ personId: id, kind: p.kind, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, link, sharedAdults: [...(sharedAdults.get(id) ?? [])] }];
  });
  return { people, contacts, truncated };
}
