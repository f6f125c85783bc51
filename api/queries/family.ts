// The children a list's cases are about, named as their person records hold them (the name
// and date of birth the front door first knew, never an address): from the contact, which
// keeps its children's names as intake knew them (`childNames`), else each child read by
// `_id` once (the store keeps a name once read for ten minutes: people.ts). So a list of
// fifty cases reads no person at all, or a hundred small reads at any size for contacts
// recorded before their names were kept.
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

/** Names every child the cases are about: as their contacts keep them, else from their person records, read once each. */
export async function childrenNamed(store: Store, cases: readonly ContactRecord[]): Promise<ChildrenOf> {
  const kept = new Map(cases.flatMap((c) => (c.childNames ?? []).map(({ personId, ...name }) => [personId, name] as const)));
  const ids = [...new Set(cases.flatMap(childIdsOf))].filter((id) => !kept.has(id)).slice(0, MOST_NAMED);
  const named = new Map([...kept, ...(await store.readPersonNames(ids))]);
  return (c) =>
    childIdsOf(c).map((personId) => {
      const p = named.get(personId);
      return { personId, givenName: p?.givenName, familyName: p?.familyName, dateOfBirth: p?.dateOfBirth };
    });
}

/**
 * Contacts about a same child received within `windowHours` of each other (a police
 * notification and a school's referral about one incident): each case's linked cases among
 * those given. Each contact is kept as received; linking only shows them together.
 */
export function linkedContacts(cases: readonly ContactRecord[], windowHours: number): Map<string, string[]> {
  const within = windowHours * 3600_000;
  const links = new Map<string, string[]>();
  for (const a of cases) {
    const children = new Set(childIdsOf(a));
    const linked = cases.filter((b) => b._id !== a._id && Math.abs(+b.receivedAt - +a.receivedAt) <= within && childIdsOf(b).some((id) => children.has(id)));
    if (linked.length) links.set(a._id, linked.map((b) => b._id));
  }
  return links;
}

/** The cases in the order given, each linked case brought up to follow the first of its group, so they are taken together. */
export function togetherInOrder<T extends ContactRecord>(cases: readonly T[], links: ReadonlyMap<string, string[]>): T[] {
  const placed = new Set<string>();
  const out: T[] = [];
  const byId = new Map(cases.map((c) => [c._id, c] as const));
  const place = (c: T) => {
    if (placed.has(c._id)) return;
    placed.add(c._id);
    out.push(c);
    for (const id of links.get(c._id) ?? []) {
      const linked = byId.get(id);
      if (linked) place(linked);
    }
  };
  cases.forEach(place);
  return out;
}

/**
 * Each linked case's group on the agenda: the case id of the first of its linked contacts in
 * the order shown (the first's own id for the first), so the later ones are shown under it
 * and the group is weighed together. A case with no linked contact has no group.
 */
export function linkedGroups(ordered: readonly ContactRecord[], links: ReadonlyMap<string, string[]>): Map<string, string> {
  const groups = new Map<string, string>();
  for (const c of ordered) {
    if (groups.has(c._id) || !links.get(c._id)?.length) continue;
    // Everyone reachable through links belongs to the group this case heads.
    const queue = [c._id];
    while (queue.length) {
      const id = queue.shift()!;
      if (groups.has(id)) continue;
      groups.set(id, c._id);
      queue.push(...(links.get(id) ?? []));
    }
  }
  return groups;
}
