// How the rebuild (rebuild.ts) reads the records and writes the read models: dropped
// first, inserts in batches, and the records read oldest first without a sorted find.
import type { Model } from 'mongoose';
import { insertAll, readById } from './models.js';

/** Drops a read model (a collection not made yet is no error) and makes its indexes again. */
export async function dropReadModel(model: Model<any>): Promise<void> {
  try {
    await model.collection.drop();
  } catch (err) {
    // NamespaceNotFound: nothing kept yet.
    if ((err as { code?: number }).code !== 26 && !/ns not found|does not exist/i.test(String((err as Error).message))) throw err;
  }
  await model.createIndexes();
}

/**
 * A read model's inserts, a thousand at a time, one batch being written while the
 * rebuild goes on reading and making the next (FerretDB writes on one core, reads on
 * another). Counts what it wrote.
 */
export function insertsOf(model: { insertMany(docs: object[], opts: object): Promise<unknown> }) {
  let batch: object[] = [];
  let writing: Promise<void> = Promise.resolve();
  let count = 0;
  const send = async () => {
    await writing;
    const docs = batch;
    batch = [];
    writing = insertAll(model, docs);
    writing.catch(() => {}); // failing while nothing waits on it: thrown to the next add or to end
  };
  return {
    /** Adds documents; waits only when a full batch must wait for the one being written. */
    async add(...docs: object[]): Promise<void> {
      batch.push(...docs);
      count += docs.length;
      if (batch.length >= 1000) await send();
    },
    /** Writes what is left and waits for every write; the number of documents written. */
    async end(): Promise<number> {
      await send();
      await writing;
      return count;
    },
  };
}

/** Positions of records, oldest first (by time, then by `_id`): the order the rebuild numbers slots in. */
export const oldestFirstOrder = (ids: readonly string[], times: readonly number[]): Uint32Array =>
  Uint32Array.from(ids.keys()).sort((a, b) => times[a] - times[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));

/**
 * A collection's documents oldest first (by `field`, then `_id`). Not a sorted find:
 * FerretDB sorts in memory holding every whole document it sorts (4.3 GB for 100k
 * contacts, 1.5 GB for 400k audit entries: a council's years of records would not fit).
 * So one scan of `field` alone finds the order, and each document is then read by `_id`,
 * a window of them at a time. What is held is an `_id` and a time per document.
 */
export async function* oldestFirst<T>(model: Model<any>, field: string, projection?: Record<string, number>): AsyncGenerator<T> {
  const ids: string[] = [];
  const times: number[] = [];
  for await (const d of model.find({}, { _id: 1, [field]: 1 }).lean().cursor()) {
    ids.push(String(d._id));
    times.push(+((d as Record<string, unknown>)[field] ?? 0));
  }
  const order = oldestFirstOrder(ids, times);
  const inFlight: Promise<T | null>[] = [];
  for (let next = 0; next < order.length || inFlight.length; ) {
    while (inFlight.length < 32 && next < order.length) {
      const read = readById<T>(model, ids[order[next++]], projection as Record<string, 1>);
      read.catch(() => {}); // rejected while an earlier read is awaited: thrown when its turn comes
      inFlight.push(read);
    }
    const doc = await inFlight.shift()!;
    if (doc) yield doc;
  }
}

/** Numbers slots per log key from 0, in the order asked. */
export function slotNumbers() {
  const next = new Map<string, number>();
  return (key: string): number => {
    const n = next.get(key) ?? 0;
    next.set(key, n + 1);
    return n;
  };
}
