// How the store writes and reads by `_id` on FerretDB v1 (the embedded default): the only
// atomic write it has is an insert against the unique `_id`, so every write path is an
// insert that a duplicate key answers (written before, by a retry or another writer), and
// inserts arriving while one is under way go together in the next write (together.ts).
import type { Model } from 'mongoose';
import { plainCasterOf } from './plain-cast.js';
import { Together } from './together.js';

/** MongoDB's duplicate key error: an insert raced by its own retry or by another intake. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** A bulk write whose every failure is a duplicate key (as the driver or mongoose reports each). */
export function onlyDuplicates(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const duplicate = (e: unknown) => isDuplicateKey(e) || isDuplicateKey((e as { err?: unknown }).err);
  return writeErrors ? ([] as unknown[]).concat(writeErrors).every(duplicate) : isDuplicateKey(err);
}

/**
 * Inserts in bulk, unordered. A document whose `_id` is taken already is left as it is:
 * the same record, stored first by another process building at once, by a run cut short,
 * or by a racing intake.
 */
export async function insertAll(model: { insertMany(docs: object[], opts: object): Promise<unknown> }, docs: object[]): Promise<void> {
  try {
    if (docs.length) await model.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!onlyDuplicates(err)) throw err;
  }
}

// The hot path's reads and inserts, by `_id`. An insert is cast, stripped to the schema,
// defaulted, timestamped and validated as `Model.create` does it (the way mongoose's own
// insertMany does), but sent without a mongoose document's save machinery (middleware,
// version key, change tracking), and a read is the driver's own: at intake those took
// about a quarter of a millisecond of worker CPU per document, a larger part of the
// worker's time per notification than anything else it does. No schema here has save
// middleware or a version key, and an insert without an `_id` is refused, not given one.

/** Each model's inserts by `insertOnce` done together (together.ts): true written, false there already, or the document's own error. */
const insertsTogether = new WeakMap<Model<any>, Together<Record<string, unknown>, boolean | Error>>();

/**
 * Inserts the document unless its `_id` is taken: true when this call wrote it, false when
 * it was there already (a retry's own earlier write, or another writer's). The one way
 * the engine writes a record exactly once: the unique `_id` is the only atomic write
 * FerretDB has. Inserts into one collection asked for while one is under way in this
 * process go together in the next write (unordered: each document succeeds or is found
 * taken on its own), as the server writes one transaction at a time.
 */
export async function insertOnce(model: Model<any>, fields: object): Promise<boolean> {
  return (await insertAllOnce(model, [fields]))[0];
}

/** Documents each inserted unless its `_id` is taken, in one write (as `insertOnce`, with other inserts into the collection): whether this call wrote each. */
export async function insertAllOnce(model: Model<any>, docs: readonly object[]): Promise<boolean[]> {
  if (docs.length === 0) return [];
  let together = insertsTogether.get(model);
  if (!together) insertsTogether.set(model, (together = new Together((_, batch) => insertDocs(model, batch))));
  const outcomes = await together.addAll('', docs.map((fields) => castForInsert(model, fields)));
  const failed = outcomes.find((o): o is Error => o instanceof Error);
  if (failed) throw failed;
  return outcomes as boolean[];
}

/** The documents in one write: per document, written (true), there already (false) or its error. */
async function insertDocs(model: Model<any>, docs: Record<string, unknown>[]): Promise<(boolean | Error)[]> {
  try {
    if (docs.length === 1) await model.collection.insertOne(docs[0]);
    else await model.collection.insertMany(docs, { ordered: false });
    return docs.map(() => true);
  } catch (err) {
    if (docs.length === 1) {
      if (isDuplicateKey(err)) return [false];
      throw err;
    }
    const failed = ([] as { index?: number; code?: number; errmsg?: string }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? []);
    // A write that failed as a whole (no per-document errors): every caller fails with it.
    if (failed.length === 0 || failed.some((e) => e.index === undefined)) throw err;
    const outcomes: (boolean | Error)[] = docs.map(() => true);
    for (const e of failed) outcomes[e.index!] = isDuplicateKey(e) ? false : Object.assign(new Error(e.errmsg ?? 'insert failed'), { code: e.code });
    return outcomes;
  }
}

/**
 * Inserts the documents in order, in one write, up to the first whose `_id` is taken:
 * how many it wrote (the documents before that one). For slots of a keyed log, claimed in
 * order: a slot taken by another writer stops the batch, and nothing after it is written.
 */
export async function insertInOrder(model: Model<any>, docs: readonly object[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    await model.collection.insertMany(docs.map((fields) => castForInsert(model, fields)), { ordered: true });
    return docs.length;
  } catch (err) {
    const first = ([] as { index?: number }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? [])[0];
    if (!isDuplicateKey(err) || first?.index === undefined) throw err;
    return first.index;
  }
}

/**
 * Inserts the documents in one unordered write: the positions of those whose `_id` was
 * taken already (the others are written).
 */
export async function insertEach(model: Model<any>, docs: readonly object[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await model.collection.insertMany(docs.map((fields) => castForInsert(model, fields)), { ordered: false });
    return new Set();
  } catch (err) {
    const failed = ([] as { index?: number }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? []);
    if (!onlyDuplicates(err) || failed.some((e) => e.index === undefined)) throw err;
    return new Set(failed.map((e) => e.index!));
  }
}

/**
 * A document as `Model.create` would store it (cast, stripped, defaulted, timestamped,
 * validated); it must have its `_id`. Plain already (plain-cast.ts): copied as it is;
 * else a mongoose document casts it, or refuses it.
 */
export function castForInsert(model: Model<any>, fields: object): Record<string, unknown> {
  const plain = (fields as { _id?: unknown })._id != null ? plainCasterOf(model.schema)?.(fields) : undefined;
  return plain ?? castByMongoose(model, fields);
}

/** The mongoose document's cast (what `Model.create` stores), or its error. */
export function castByMongoose(model: Model<any>, fields: object): Record<string, unknown> {
  const doc = new model(fields);
  // Written once by its own `_id`: a missing one would be a new document on every retry.
  if (doc.get('_id') == null) throw new Error(`insertOnce into ${model.collection.collectionName} needs an _id`);
  const invalid = doc.validateSync();
  if (invalid) throw invalid;
  if (model.schema.options.timestamps) doc.initializeTimestamps();
  return doc.toObject({ transform: false, virtuals: false, getters: false, depopulate: true, flattenDecimals: false });
}

/** Ids read in one `$in` at most: one statement's arguments, well inside SQLite's limit. */
const IDS_AT_ONCE = 500;

/**
 * The documents with these `_id`s as stored, by `_id`, in the order asked (those not found
 * left out): one `$in` read, answered from the `_id` index (on the embedded FerretDB by the
 * pushdown infra/bootstrap.mjs builds in).
 */
export async function readByIds<T extends object>(model: Model<any>, ids: readonly string[], projection?: Record<string, 0 | 1>): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  const parts = Array.from({ length: Math.ceil(unique.length / IDS_AT_ONCE) }, (_, i) => unique.slice(i * IDS_AT_ONCE, (i + 1) * IDS_AT_ONCE));
  const read = await Promise.all(parts.map((part) => model.collection.find({ _id: { $in: part } as never }, projection ? { projection } : {}).toArray()));
  const byId = new Map(read.flat().map((doc) => [String(doc._id), doc as unknown as T]));
  return new Map(unique.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])));
}

/** The documents with these `_id`s as stored, in the order asked, null for each not found: `readByIds` for a caller that lines them up. */
export async function readEachById<T extends object>(model: Model<any>, ids: readonly string[], projection?: Record<string, 0 | 1>): Promise<(T | null)[]> {
  const read = await readByIds<T>(model, ids, projection);
  return ids.map((id) => read.get(id) ?? null);
}

/** The document with this `_id` as stored (what `findById(id).lean()` gives), or null. */
export async function readById<T>(model: Model<any>, id: string, projection?: Record<string, 0 | 1>): Promise<T | null> {
  return (await model.collection.findOne({ _id: id as never }, projection ? { projection } : {})) as T | null;
}
