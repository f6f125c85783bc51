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
 * from their first key (so a retry finds the same id). One read and one bulk write
 * for the whole notification: the database, not the count of people, sets the pace.
 */
export async function matchPeople(Person: Models['Person'], kind: 'child' | 'adult', people: PersonInput[]): Promise<string[]> {
  if (people.length === 0) return [];
  const keysOf = people.map(matchKeysOf);
  const known = await Person.find({ kind, matchKeys: { $in: keysOf.flat() } }, { _id: 1, matchKeys: 1 }).lean();
  const ids = keysOf.map(
    (keys) => known.find((k) => k.matchKeys.some((m) => keys.includes(m)))?._id ?? stableId(kind === 'child' ? 'CH' : 'AD', keys[0]),
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
  } catch (err) {
    // Two intakes raced to create the same person: the other one won, which is fine.
    if (!isDuplicateKey(err)) throw err;
  }
  return ids;
}
