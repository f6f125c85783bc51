// A child's chronology: the contacts about them across the front door's records, read
// through the child's history log (`_id` reads) and then each contact by `_id`:
// FerretDB v1 scans a whole collection for any other filter, so this stays as fast at a
// million contacts as at a thousand.
import type { Store } from '../../shared/db/store.js';
import { problems } from '../errors.js';
import type { ContactRecord } from './records.js';

/** Every contact naming the child, newest first (the most recent 500). */
export async function childContacts(store: Store, personId: string): Promise<ContactRecord[]> {
  const person = await store.readPerson<{ kind: string }>(personId, { kind: 1 });
  if (person?.kind !== 'child') throw problems.notFound(`no child ${personId}`);
  // Read back from the end of the child's log only as far as the newest 500 reach.
  const newestFirst = [...(await store.readNewestChildContacts(personId, 500))]
    .sort(([a, at], [b, bt]) => +bt - +at || a.localeCompare(b))
    .slice(0, 500)
    .map(([caseId]) => caseId);
  return store.readContacts<ContactRecord>(newestFirst);
}
