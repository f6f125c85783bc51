// `{_id: {$in: [...]}}` read from the `_id` index: the embedded FerretDB is built with the
// pushdown (infra/bootstrap.mjs FERRETDB_ID_IN), so matching a contact's people reads each
// collection once for all their keys instead of once a key. The answer must be what an
// `_id` read of each gives, whatever the values (a value the pushdown does not take falls
// back to FerretDB's own filtering), and the explain must say the filter went to SQLite.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../shared/db/connect.js';
import { readById, readByIds, type Models } from '../../shared/db/models.js';

let models: Models;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await connectDatabase(`${inject('mongoBaseUri')}t_idin_${Date.now()}`);
  models = db.models;
  close = () => db.conn.close();
});
afterAll(async () => close?.());

describe('an `_id` $in read', () => {
  it('gives what an `_id` read of each gives, in the order asked, the missing left out', async () => {
    const keys = models.PersonKey.collection;
    await keys.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: `child:k${i}` as never, personId: `p${i}` })));
    const asked = ['child:k3', 'child:missing', 'child:k39', 'child:k3', 'child:k0'];
    const read = await readByIds<{ _id: string; personId: string }>(models.PersonKey, asked);
    for (const id of asked) expect(read.get(id) ?? null).toEqual(await readById(models.PersonKey, id));
    // In the order asked, each once.
    expect([...read.keys()]).toEqual(['child:k3', 'child:k39', 'child:k0']);
    // A projection applies to each.
    expect((await readByIds(models.PersonKey, ['child:k1'], { personId: 1 })).get('child:k1')).toEqual({ _id: 'child:k1', personId: 'p1' });
    // More ids than one command takes at once: read in parts, each found.
    const many = Array.from({ length: 1_200 }, (_, i) => `child:k${i % 45}`);
    expect((await readByIds(models.PersonKey, many)).size).toBe(40);
    expect((await readByIds(models.PersonKey, [])).size).toBe(0);
    // Values the pushdown leaves to FerretDB's own filter (a number among strings) still match.
    expect((await keys.find({ _id: { $in: ['child:k5', 7] } as never }).toArray()).map((d) => d._id)).toEqual(['child:k5']);
  });

  it('is answered from the `_id` index on the embedded FerretDB (its explain: the filter pushed down)', async (ctx) => {
    const db = models.PersonKey.db.db!;
    const info = await db.admin().command({ buildInfo: 1 });
    // Another server (a MongoDB replica set) uses its `_id` index for `$in` as it is.
    if (!('ferretdbVersion' in info) && !('ferretdbFeatures' in info)) ctx.skip();
    const explain = await db.command({ explain: { find: models.PersonKey.collection.collectionName, filter: { _id: { $in: ['child:k1', 'child:k2'] } } } });
    expect(explain.filterPushdown).toBe(true);
    const other = await db.command({ explain: { find: models.PersonKey.collection.collectionName, filter: { personId: { $in: ['p1'] } } } });
    expect(other.filterPushdown).toBe(false);
  });
});
