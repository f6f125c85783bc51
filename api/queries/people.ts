// A person's chronology (a child's, or an adult's: a perpetrator across families): the
// contacts naming them across the front door's records, read through the person's history
// log (`_id` reads) and then each contact by `_id`: FerretDB v1 scans a whole collection for
// any other filter, so this stays as fast at a million contacts as at a thousand.
import type { Store } from '../../shared/db/store.js';
import { problems } from '../errors.js';
import { linkedNewestContacts, linkedPerson, type LinkedPerson } from './person-links.js';
import type { ContactRecord } from './records.js';

/** The person as the front door first knew them (the person record). */
export interface PersonNamed {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
}
/** A child as the front door first knew them. */
export type ChildNamed = PersonNamed;

export type PersonKind = 'child' | 'adult';

/** The person record's kind and name, or not found. */
export async function personNamed(store: Store, personId: string): Promise<PersonNamed & { kind: PersonKind }> {
  const person = await store.readPerson<PersonNamed & { kind: string }>(personId, { kind: 1, givenName: 1, familyName: 1, dateOfBirth: 1 });
  if (person?.kind !== 'child' && person?.kind !== 'adult') throw problems.notFound(`no person ${personId}`);
  const { kind, givenName, familyName, dateOfBirth } = person;
  return { kind, givenName, familyName, dateOfBirth };
}

/**
 * The ids of the newest `limit` contacts naming the person, newest first: as linked by the
 * front door (merged records read together, split contacts on the new person only).
 */
export async function newestContactIds(store: Store, personId: string, limit: number, linked?: LinkedPerson): Promise<string[]> {
  // Read back from the end of each record's log only as far as the newest `limit` reach.
  return (await linkedNewestContacts(store, linked ?? (await linkedPerson(store, personId)), limit)).map(([caseId]) => caseId);
}

/**
 * Every contact naming the person, newest first (the most recent 500); `only`: just those of
 * these cases (a page showing a few of them reads, and is recorded as consulting, no more).
 */
export async function personContacts(
  store: Store,
  personId: string,
  only?: readonly string[],
): Promise<{ kind: PersonKind; person: PersonNamed; contacts: ContactRecord[] }> {
  const { kind, ...person } = await personNamed(store, personId);
  const ids = (await newestContactIds(store, personId, 500)).filter((caseId) => !only || only.includes(caseId));
  return { kind, person, contacts: await store.readContacts<ContactRecord>(ids) };
}

/** A child's chronology (the child's contacts); an adult's id is not a child's. */
export async function childContacts(store: Store, personId: string, only?: readonly string[]): Promise<{ child: ChildNamed; contacts: ContactRecord[] }> {
  const { kind, person, contacts } = await personContacts(store, personId, only);
  if (kind !== 'child') throw problems.notFound(`no child ${personId}`);
  return { child: person, contacts };
}
