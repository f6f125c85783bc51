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

/** The contacts (of this record's own) moved to a new person, named as the record was until corrected. */
export async function splitPerson(store: Store, actor: Actor, personId: string, caseIds: readonly string[], reason: string) {
  const person = await personNamed(store, personId);
  const linked = await linkedPerson(store, personId);
  // Only this record's own contacts as they now stand (not a merged record's, nor one split away already).
  const own = new Map(await linkedNewestContacts(store, { ...linked, ids: [personId] }, 500));
  caseIds.forEach((caseId, i) => {
    if (!own.has(caseId)) throw refuse(`caseIds.${i}`, `${caseId} is not one of this person's contacts`);
  });
  if (new Set(caseIds).size !== caseIds.length) throw refuse('caseIds', 'a contact is named twice');
  const newPersonId = splitPersonId(person.kind, personId, caseIds);
  const cases = caseIds.map((caseId) => ({ caseId, at: own.get(caseId)! }));
  const at = new Date();
  await store.recordSplitPerson({ _id: newPersonId, kind: person.kind, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth });
  // The new person's side first: stopped half way, the contacts show on both, never on neither.
  await store.recordPersonLink(newPersonId, { at, kind: 'split_from', other: personId, cases, actor, reason });
  await store.recordPersonLink(personId, { at, kind: 'split_away', other: newPersonId, cases, actor, reason });
  return { personId, newPersonId, caseIds: [...caseIds] };
}
