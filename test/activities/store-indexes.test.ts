// Indexes only where a query uses them: every index declared on the store's models
// (shared/db/models.ts, keyed-models.ts, referral-form-models.ts) must be named in the
// table below with the store function whose query needs it, and every row of the table
// must name an index still declared and a function the store still has. Every query the
// store makes today is an `_id` equality (store-scans.test.ts checks it), which the `_id`
// index every collection has serves, so the table is empty: an index added for a query
// must come with its row, and one whose query went must go.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, type Store } from '../../shared/db/store.js';

/** `collection {field: order, …}` → the store function whose query uses that index. */
const neededIndexes: Record<string, keyof Store> = {};

let models: Models;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await connectDatabase(`${inject('mongoBaseUri')}t_storeindexes_${Date.now()}`);
  models = db.models;
  close = () => db.conn.close();
});
afterAll(async () => close?.());

/** Each index declared on a model's schema, as `collection {fields}`. */
const declaredIndexes = (m: Models): string[] =>
  Object.values(m).flatMap((model) => model.schema.indexes().map(([fields]) => `${model.collection.collectionName} ${JSON.stringify(fields)}`));

describe("the store's indexes", () => {
  it('are each named with the store function whose query needs them, and each row names a declared index and a store function', async () => {
    const declared = declaredIndexes(models);
    expect(declared.filter((index) => !(index in neededIndexes))).toEqual([]);
    expect(Object.keys(neededIndexes).filter((index) => !declared.includes(index))).toEqual([]);
    const store = createStore(models);
    expect(Object.values(neededIndexes).filter((fn) => typeof store[fn] !== 'function')).toEqual([]);
  });

  it('are what the database holds: `_id` alone on every collection the store writes', async () => {
    // Connecting makes the declared indexes; nothing else is made.
    for (const model of Object.values(models)) {
      await model.createCollection().catch(() => {});
      const names = (await model.collection.indexes()).map((i) => JSON.stringify(i.key));
      expect(names.filter((key) => key !== '{"_id":1}' && !(`${model.collection.collectionName} ${key}` in neededIndexes)), model.collection.collectionName).toEqual([]);
    }
  });
});
