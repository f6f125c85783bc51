// A manager corrects who is who: two person records found to be the same child merged (their
// histories read together from then on), or a wrongly matched person split (the child of
// some contacts is someone else: moved to a new person). Nothing recorded is changed; each
// is a link in the people's logs (shared/db/store-person-links.ts), which the chronology and
// the household read through (api/queries/person-links.ts).
import { createHash } from 'node:crypto';
import type { Store } from '../../shared/db/store.js';
import { problems } from '../errors.js';
import { newestContactIds, personNamed } from '../queries/people.js';
import { linkedNewestContacts, linkedPerson } from '../queries/person-links.js';

type Actor = { id: string; name: string; role: string; agency: string };

const refuse = (path: string, message: string) => problems.ruleViolation(message, [{ path, message }]);

/** The two records read as one from now on: a link in each one's log. */
export async function mergePeople(store: Store, actor: Actor, personId: string, mergeWith: string, reason: string) {
  if (mergeWith === personId) throw refuse('mergeWith', 'a person is not merged with themself');
  const [a, b] = await Promise.all([personNamed(store, personId), personNamed(store, mergeWith)]);
  if (a.kind !== b.kind) throw refuse('mergeWith', `a ${a.kind} is merged only with a ${a.kind}`);
  const at = new Date();
  // The other's side first: a merge stopped half way is found from the record asked about
  // only once both are written, and a retry writes both.
  await store.recordPersonLink(mergeWith, { at, kind: 'merged', other: personId, actor, reason });
  await store.recordPersonLink(personId, { at, kind: 'merged', other: mergeWith, actor, reason });
  const linked = await linkedPerson(store, personId);
  return { personId, mergedWith: linked.ids, caseIds: await newestContactIds(store, personId, 500, linked) };
}

/** The id of the person a split makes: worked out from the split, so a retry makes no second. */
function splitPersonId(kind: 'child' | 'adult', personId: string, caseIds: readonly string[]): string {
  const hash = createHash('sha256').update(`split\u0000${personId}\u0000${[...caseIds].sort().join(',')}`).digest('hex').slice(0, 20).toUpperCase();
  return `${kind === 'child' ? 'CH' : 'AD'}-${hash}`;
}

/**
 * The contacts named are someone else's. This record's own move to a new person, named as the
 * record was until corrected. Those that came with a merge found wrong go with the record they
 * came from, separated whole: the merge is undone (from every record it was merged with), and
 * its contacts are its own again.
 */
export async function splitPerson(store: Store, actor: Actor, personId: string, caseIds: readonly string[], reason: string) {
  const person = await personNamed(store, personId);
  const linked = await linkedPerson(store, personId);
  if (new Set(caseIds).size !== caseIds.length) throw refuse('caseIds', 'a contact is named twice');
  // Each record's contacts as they now stand (not one split away already).
  const byRecord = new Map(await Promise.all(linked.ids.map(async (id) => [id, new Map(await linkedNewestContacts(store, { ...linked, ids: [id] }, 500))] as const)));
  const own = byRecord.get(personId)!;
  const recordOf = (caseId: string) => (own.has(caseId) ? personId : linked.ids.find((id) => byRecord.get(id)!.has(caseId)));
  caseIds.forEach((caseId, i) => {
    if (!recordOf(caseId)) throw refuse(`caseIds.${i}`, `${caseId} is not one of this person's contacts`);
  });
  const separated = [...new Set(caseIds.map(recordOf).filter((id): id is string => id !== personId))];
  for (const id of separated) {
    const missing = [...byRecord.get(id)!.keys()].filter((caseId) => !caseIds.includes(caseId) && !own.has(caseId));
    if (missing.length) {
      throw refuse(`caseIds.${caseIds.findIndex((c) => recordOf(c) === id)}`, `came with the merge of ${id}, which is separated whole: name its other contacts too (${missing.join(', ')})`);
    }
  }
  const at = new Date();
  const link = { at, actor, reason };
  for (const id of separated) {
    for (const partner of linked.mergedWith.get(id) ?? []) {
      // The separated record's side first: stopped half way, the person asked about still
      // reaches it, so the same split again finishes it.
      await store.recordPersonLink(id, { ...link, kind: 'unmerged', other: partner });
      await store.recordPersonLink(partner, { ...link, kind: 'unmerged', other: id });
    }
  }
  const moving = caseIds.filter((caseId) => recordOf(caseId) === personId);
  if (!moving.length) return { personId, separated, caseIds: [...caseIds] };
  const newPersonId = splitPersonId(person.kind, personId, moving);
  const cases = moving.map((caseId) => ({ caseId, at: own.get(caseId)! }));
  await store.recordSplitPerson({ _id: newPersonId, kind: person.kind, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth });
  // The new person's side first: stopped half way, the contacts show on both, never on neither.
  await store.recordPersonLink(newPersonId, { ...link, kind: 'split_from', other: personId, cases });
  await store.recordPersonLink(personId, { ...link, kind: 'split_away', other: newPersonId, cases });
  return { personId, newPersonId, ...(separated.length ? { separated } : {}), caseIds: [...caseIds] };
}
