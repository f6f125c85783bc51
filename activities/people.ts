// Person matching: a child or adult named in a contact is the same person as one already
// known when their NHS number, or their normalised name and date of birth, match.
import { isDuplicateKey, type Models } from '../shared/db/models.js';
import { normaliseName, stableId } from '../shared/ids.js';

export interface PersonInput {
  givenName: string; familyName: string; dateOfBirth?: string; expectedDateOfDelivery?: string; nhsNumber?: string;
}

/** What later contacts match a person on: NHS number, and normalised name + date of birth. */
function matchKeysOf(p: PersonInput): string[] {
  const keys: string[] = [];
  if (p.nhsNumber) keys.push(`nhs:${p.nhsNumber}`);
  const born = p.dateOfBirth ?? (p.expectedDateOfDelivery ? `edd:${p.expectedDateOfDelivery}` : 'unknown');
  keys.push(`name:${normaliseName(p.givenName)}|${normaliseName(p.familyName)}|${born}`);
  return keys;
}

/**
 * Finds each person by any of their match keys, or records them with an id derived
 * from their first key (so a retry finds the same id). Each key is one `_id` read of
 * `person_keys` (the only filter FerretDB answers without reading the whole collection),
 * so matching takes the same time at a thousand people or a million; then one bulk write
 * of the people and one of their keys.
 */
export async function matchPeople(
  { Person, PersonKey }: Pick<Models, 'Person' | 'PersonKey'>,
  kind: 'child' | 'adult',
  people: PersonInput[],
): Promise<string[]> {
  if (people.length === 0) return [];
  const keysOf = people.map(matchKeysOf);
  const keyId = (key: string) => `${kind}|${key}`;
  const found = await Promise.all([...new Set(keysOf.flat())].map((key) => PersonKey.findById(keyId(key)).lean()));
  const personByKey = new Map(found.flatMap((k) => (k ? [[k._id, k.personId] as const] : [])));
  const ids = keysOf.map(
    (keys) => keys.map((key) => personByKey.get(keyId(key))).find((id) => id !== undefined) ?? stableId(kind === 'child' ? 'CH' : 'AD', keys[0]),
  );
  try {
    await Person.bulkWrite(
      people.map((p, i) => ({
        updateOne: {
          filter: { _id: ids[i] },
          update: {
            $setOnInsert: { kind, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, nhsNumber: p.nhsNumber },
            $addToSet: { matchKeys: { $each: keysOf[i] } },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    // A key already naming someone keeps them: the first person matched on it.
    await PersonKey.bulkWrite(
      keysOf.flatMap((keys, i) =>
        keys.map((key) => ({ updateOne: { filter: { _id: keyId(key) }, update: { $setOnInsert: { personId: ids[i] } }, upsert: true } })),
      ),
      { ordered: false },
    );
  } catch (err) {
    // Two intakes raced to create the same person: the other one won, which is fine.
    if (!isDuplicateKey(err)) throw err;
  }
  return ids;
}
