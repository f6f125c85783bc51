// Person matching: a child or adult named in a contact is the same person as one already
// known when their NHS number, or their normalised name and date of birth, match. In the
// store because it is made of keyed reads and writes (`persons`, `person_keys`): intake
// asks `store.matchPeople`.
import { randomUUID } from 'node:crypto';
import { normaliseName } from '../ids.js';
import { KeptAWhile } from './kept-a-while.js';
import { insertAll, insertAllOnce, onlyDuplicates, readByIds, type Models } from './models.js';
import { personIdFrom, personKeyDocs, personKeyId } from './projector.js';

/** Each person's id, in the order named, and those this call recorded for the first time. */
export interface MatchedPeople {
  ids: string[];
  /** Recorded by this call, so known to no one when matched: no history to read. */
  firstSeen: ReadonlySet<string>;
  /**
   * Each person's name and date of birth as their record holds them, where this call knows
   * it without a read of its own: recorded by it, or found by their first key (the read that
   * found them returns it). A person found through a later key is not here.
   */
  named: ReadonlyMap<string, PersonNamed>;
}

export interface PersonInput {
  givenName: string; familyName: string; dateOfBirth?: string; expectedDateOfDelivery?: string; nhsNumber?: string;
}

/**
 * What later contacts match a person on: NHS number, and normalised name + date of birth (or
 * expected date of delivery). Never a name alone: a person named with neither an NHS number
 * nor a date is someone of this contact only (`scope`: the contact's case id; `i`: their place
 * in its list, so a retry finds the same person): the household and the panel see two people
 * where a name-only match might have joined two families.
 */
function matchKeysOf(p: PersonInput, i: number, scope: string): string[] {
  const keys: string[] = [];
  if (p.nhsNumber) keys.push(`nhs:${p.nhsNumber}`);
  const born = p.dateOfBirth ?? (p.expectedDateOfDelivery ? `edd:${p.expectedDateOfDelivery}` : undefined);
  const name = `${normaliseName(p.givenName)}|${normaliseName(p.familyName)}`;
  if (born) keys.push(`name:${name}|${born}`);
  else if (!p.nhsNumber) keys.push(`once:${scope}#${i}|${name}`);
  return keys;
}

/** Without a contact to scope them to, a person with no NHS number and no date is recorded afresh each time (never matched on a name). */
const unscoped = () => `call:${randomUUID()}`;

/**
 * Finds each person by any of their match keys, or records them with an id derived from
 * their first key (so a retry finds the same id). Every read is by `_id` (an equality or
 * an `$in`, the filters the embedded FerretDB answers from its index), so matching takes
 * the same time at a thousand people or a million.
 *
 * A key names a person through its `person_keys` document, or, when it has none, by
 * being that person's first key: the person's id is derived from it, so a read of
 * `persons` by that id finds them, and no key document is written for a first key. A
 * key already naming someone keeps them (the first person matched on it). Only what is
 * new is written: new people in one insert, a known person's new keys, new key documents.
 */
export async function matchPeople(
  models: Pick<Models, 'Person' | 'PersonKey'>,
  kind: 'child' | 'adult',
  people: PersonInput[],
  scope: string = unscoped(),
): Promise<MatchedPeople> {
  return (await matchGroups(models, [{ kind, people }], scope))[0];
}

/**
 * The children and the adults of one contact, matched at once: the new people of both in
 * one write, the new keys in one; then `recorded` is settled. `alongside`: answered once
 * matched (their ids known), the writes still under way in `recorded`, for a caller that
 * writes its own records beside them (intake: its contact and timeline event) and awaits
 * `recorded` before it is done. A contact may then name a person for the moment before
 * they are written (until its retry, if the intake stops there: matched again, they are
 * written then). Two intakes recording one new person at once each take them as first
 * seen (neither reads the other's history: as with two that read before either appends).
 */
export async function matchFamily(
  models: Pick<Models, 'Person' | 'PersonKey'>,
  children: PersonInput[],
  adults: PersonInput[],
  scope: string = unscoped(),
  alongside = false,
): Promise<[MatchedPeople, MatchedPeople, Promise<void>]> {
  const { matched, write } = await planGroups(models, [{ kind: 'child', people: children }, { kind: 'adult', people: adults }], scope);
  const recorded = write();
  if (!alongside) await recorded;
  // Settled unawaited if the caller fails first: no unhandled rejection.
  else recorded.catch(() => undefined);
  return [matched[0], matched[1], recorded];
}

async function matchGroups(
  models: Pick<Models, 'Person' | 'PersonKey'>,
  groups: readonly { kind: 'child' | 'adult'; people: PersonInput[] }[],
  scope: string,
): Promise<MatchedPeople[]> {
  const { matched, write } = await planGroups(models, groups, scope);
  await write();
  return matched;
}

/**
 * Each group matched by two reads for the whole contact: every key's document and every
 * person a key is the first key of, each an `_id` `$in` (`matched`: the firstSeen of a
 * person another intake recorded a moment before is corrected by `write`).
 */
async function planGroups(
  { Person, PersonKey }: Pick<Models, 'Person' | 'PersonKey'>,
  groups: readonly { kind: 'child' | 'adult'; people: PersonInput[] }[],
  scope: string,
): Promise<{ matched: MatchedPeople[]; write: () => Promise<void> }> {
  const keysOf = groups.map(({ kind, people }) => people.map((p, i) => matchKeysOf(p, i, `${scope}:${kind}`)));
  const keyIds = groups.flatMap(({ kind }, g) => keysOf[g].flat().map((key) => personKeyId(kind, key)));
  const firstKeyIds = groups.flatMap(({ kind }, g) => keysOf[g].flat().map((key) => personIdFrom(kind, key)));
  const [keyDocs, firstKeyOf] = await Promise.all([
    readByIds<{ personId: string }>(PersonKey, keyIds, { personId: 1 }),
    readByIds<{ _id: string } & PersonNamed>(Person, firstKeyIds, { givenName: 1, familyName: 1, dateOfBirth: 1 }),
  ]);
  const plans = groups.map(({ kind, people }, g) => planMatch(kind, people, keysOf[g], keyDocs, firstKeyOf));
  const matched = plans.map((p) => ({ ids: p.ids, firstSeen: p.firstSeen, named: p.named }));
  return { matched, write: () => writeGroups(Person, PersonKey, plans, matched) };
}

async function writeGroups(Person: Models['Person'], PersonKey: Models['PersonKey'], plans: Awaited<ReturnType<typeof planMatch>>[], matched: MatchedPeople[]): Promise<void> {
  const newPeople = plans.flatMap((p) => p.newPeople.map((n) => ({ plan: p, ...n })));
  // In one write, with other intakes' new people at the same moment (models.ts `insertAllOnce`).
  const written = await insertAllOnce(Person, newPeople.map((n) => n.doc));
  newPeople.forEach((n, k) => {
    if (written[k]) return;
    // Two intakes raced to record the same person (or one names them twice): the first
    // stays, and this one's keys are added to them; not first seen by this one.
    const m = matched[plans.indexOf(n.plan)];
    m.firstSeen = new Set([...m.firstSeen].filter((id) => id !== n.plan.ids[n.i]));
    // Their record is the other intake's, named as it named them: not known here without a read.
    n.plan.named.delete(n.plan.ids[n.i]);
    n.plan.widened.add(n.i);
  });
  const widen = plans.flatMap((p) =>
    [...p.widened].map((i) => ({
      updateOne: {
        filter: { _id: p.ids[i] },
        update: {
          $setOnInsert: { kind: p.kind, givenName: p.people[i].givenName, familyName: p.people[i].familyName, dateOfBirth: p.people[i].dateOfBirth, nhsNumber: p.people[i].nhsNumber },
          $addToSet: { matchKeys: { $each: p.keysOf[i] } },
        },
        upsert: true,
      },
    })),
  );
  if (widen.length) {
    await Person.bulkWrite(widen, { ordered: false }).catch((err) => {
      if (!onlyDuplicates(err)) throw err;
    });
  }
  // Key documents (the projector's, as the rebuild derives them from `persons`) for keys
  // naming nobody yet. A key another intake recorded first keeps the person it named.
  await insertAll(PersonKey, plans.flatMap((p) => p.newKeys));
}

/** What matching found: each person found by a key, or the new person's id and record; the keys to add. */
function planMatch(
  kind: 'child' | 'adult',
  people: PersonInput[],
  keysOf: string[][],
  keyDocs: ReadonlyMap<string, { personId: string }>,
  firstKeyOf: ReadonlyMap<string, { _id: string } & PersonNamed>,
) {
  const idFrom = (key: string) => personIdFrom(kind, key);
  const keys = [...new Set(keysOf.flat())];
  const personByKey = new Map(keys.map((key) => [key, keyDocs.get(personKeyId(kind, key))?.personId ?? firstKeyOf.get(idFrom(key))?._id] as const));
  const found = keysOf.map((ks) => ks.map((key) => personByKey.get(key)).find((id) => id !== undefined));
  const ids = keysOf.map((ks, i) => found[i] ?? idFrom(ks[0]));
  const record = (p: PersonInput, i: number) => ({ kind, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, nhsNumber: p.nhsNumber, matchKeys: keysOf[i] });
  const newPeople = people.flatMap((p, i) => (found[i] === undefined ? [{ i, doc: { _id: ids[i], ...record(p, i) } }] : []));
  // Names as the records hold them, of the people this contact names whose record the first
  // keys' reads returned, and of those it records now.
  const records = new Map([...keys.flatMap((key) => firstKeyOf.get(idFrom(key)) ?? []), ...newPeople.map((n) => n.doc)].map((p) => [p._id, p] as const));
  const named = new Map(ids.flatMap((id) => (records.has(id) ? [[id, namedOf(records.get(id)!)] as const] : [])));
  // A known person named with a key that is not yet theirs (an NHS number first given now).
  const widened = new Set(people.flatMap((_, i) => (found[i] !== undefined && keysOf[i].some((key) => personByKey.get(key) !== ids[i]) ? [i] : [])));
  const newKeys = new Map<string, { _id: string; personId: string }>();
  keysOf.forEach((ks, i) => personKeyDocs({ _id: ids[i], kind, matchKeys: ks.filter((key) => personByKey.get(key) === undefined) }).forEach((doc) => {
    if (!newKeys.has(doc._id)) newKeys.set(doc._id, doc);
  }));
  return { kind, people, keysOf, ids, newPeople, widened, firstSeen: new Set(newPeople.map((n) => ids[n.i])) as ReadonlySet<string>, newKeys: [...newKeys.values()], named };
}

/** A person's name and date of birth as their record has them: what a list shows of a child. */
export interface PersonNamed {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
}

/** The name and date of birth of a person's record, and nothing else of it. */
const namedOf = (p: PersonNamed): PersonNamed => ({ givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth });

/**
 * Names this process has read, by person id, newest use last. A person's record keeps the
 * name and date of birth it was first written with until it is erased: matching adds only
 * keys (`$addToSet`), a front door's correction goes in the person's own log
 * (`person_rectifications`), a merge or a split in `person_links` and a split's new person
 * is a record of its own; and a child is erased only with their last case, when no list
 * names them. So a name read once stands, and a list of a hundred cases asked again reads
 * no person (a list's first asking reads each child once). Kept at most ten minutes
 * (kept-a-while.ts), so an erased child's name leaves the process's memory soon after.
 */
const namesKeptByModel = new WeakMap<Models['Person'], KeptAWhile<PersonNamed>>();
const NAMES_KEPT = 50_000;

/** Each person's name and date of birth, by id (those not found left out). */
export async function readPersonNames(Person: Models['Person'], personIds: readonly string[]): Promise<Map<string, PersonNamed>> {
  let kept = namesKeptByModel.get(Person);
  if (!kept) namesKeptByModel.set(Person, (kept = new KeptAWhile(NAMES_KEPT)));
  const named = new Map<string, PersonNamed>();
  const unread: string[] = [];
  for (const id of new Set(personIds)) {
    const known = kept.get(id);
    if (known) named.set(id, known);
    else unread.push(id);
  }
  const read = await readByIds<PersonNamed>(Person, unread, { givenName: 1, familyName: 1, dateOfBirth: 1 });
  for (const id of unread) {
    const p = read.get(id);
    if (!p) continue;
    const person = namedOf(p);
    named.set(id, person);
    kept.set(id, person);
  }
  return named;
}
