// A child's chronology: the contacts about them across the front door's records, read
// through the child's history log (`_id` reads) and then each contact by `_id`:
// FerretDB v1 scans a whole collection for any other filter, so this stays as fast at a
// million contacts as at a thousand.
import type { Store } from '../../shared/db/store.js';
import { problems } from '../errors.js';
import type { ContactRecord } from './records.js';

/** The child as the front door first knew them (the person record). */
export interface ChildNamed {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
}

/**
 * Every contact naming the child, newest first (the most recent 500); `only`: just those of
 * these cases (a page showing a few of them reads, and is recorded as consulting, no more).
 */
export async function childContacts(store: Store, personId: string, only?: readonly string[]): Promise<{ child: ChildNamed; contacts: ContactRecord[] }> {
  const person = await store.readPerson<ChildNamed & { kind: string }>(personId, { kind: 1, givenName: 1, familyName: 1, dateOfBirth: 1 });
  if (person?.kind !== 'child') throw problems.notFound(`no child ${personId}`);
  // Read back from the end of the child's log only as far as the newest 500 reach.
  const newestFirst = [...(await store.readNewestChildContacts(personId, 500))]
    .sort(([a, at], [b, bt]) => +bt - +at || a.localeCompare(b))
    .slice(0, 500)
    .map(([caseId]) => caseId)
    .filter((caseId) => !only || only.includes(caseId));
  const { givenName, familyName, dateOfBirth } = person;
  return { child: { givenName, familyName, dateOfBirth }, contacts: await store.readContacts<ContactRecord>(newestFirst) };
}
