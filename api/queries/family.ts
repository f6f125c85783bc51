// The children a list's cases are about, named from their person records: each child read
// by `_id` (the person record holds the name and date of birth the front door first knew,
// never an address), so a list of fifty cases costs a hundred small reads at any size.
import type { Store } from '../../shared/db/store.js';
import type { CaseChild } from '../schemas/people.js';
import type { ContactRecord } from './records.js';

/** The children of a case as a list shows them, in the case's order. */
export type ChildrenOf = (c: ContactRecord) => CaseChild[];

/** The children of the version the case stands on (police updates), else the contact's own. */
export const childIdsOf = (c: ContactRecord): string[] => c.status?.versionChildPersonIds ?? c.childPersonIds ?? [];

/** A list with no names read: each child by id only. */
export const childrenUnnamed: ChildrenOf = (c) => childIdsOf(c).map((personId) => ({ personId }));

/** At most this many children are named in one list (a page of cases holds far fewer). */
const MOST_NAMED = 400;

/** Reads the person record of every child the cases are about, once each. */
export async function childrenNamed(store: Store, cases: readonly ContactRecord[]): Promise<ChildrenOf> {
  const ids = [...new Set(cases.flatMap(childIdsOf))].slice(0, MOST_NAMED);
  const people = await Promise.all(
    ids.map((id) => store.readPerson<{ givenName?: string; familyName?: string; dateOfBirth?: string }>(id, { givenName: 1, familyName: 1, dateOfBirth: 1 })),
  );
  const named = new Map(ids.map((id, i) => [id, people[i]] as const));
  return (c) =>
    childIdsOf(c).map((personId) => {
      const p = named.get(personId);
      return { personId, givenName: p?.givenName, familyName: p?.familyName, dateOfBirth: p?.dateOfBirth };
    });
}
