// An agency's outbox read through its keyed log by `_id` (shared/db/store-outbox.ts): oldest
// first, at most 500, from a moment when asked; each entry once however often it is posted;
// rebuilt from the entries kept (`npm run rebuild`).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../shared/db/connect.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import { testDatabase } from '../support/stack.js';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('outbox');
  store = createStore(db.models);
  close = () => db.conn.close();
});
afterAll(async () => close?.());

const t0 = Date.parse('2027-02-01T09:00:00Z');
const entry = (agency: string, i: number, postedAt = new Date(t0 + i * 60_000)) => ({
  _id: `C-OUT-${agency}-${String(i).padStart(4, '0')}:v1`,
  agency,
  caseId: `C-OUT-${agency}-${i}`,
  decisionVersion: 1,
  source: '2A',
  kind: 'referral',
  outcome: 'early_help',
  decidedAt: new Date(t0),
  postedAt,
});
const ids = (xs: { _id: string }[]) => xs.map((x) => x._id);

describe("an agency's outbox", () => {
  it('reads its own entries oldest first, from a moment when asked, each once however often posted', async () => {
    // Posted a few at a time, as outcomes are.
    for (let i = 0; i < 40; i += 8) await Promise.all(Array.from({ length: 8 }, (_, k) => store.postToOutbox(entry('education', i + k))));
    await store.postToOutbox(entry('health', 0));
    // A retry, later: the entry as first posted stands.
    await store.postToOutbox(entry('education', 3, new Date(t0 + 99 * 60_000)));

    const all = await store.readOutbox<{ _id: string; postedAt: Date; caseId: string }>('education');
    expect(ids(all)).toEqual(Array.from({ length: 40 }, (_, i) => entry('education', i)._id));
    expect(all[3].postedAt).toEqual(entry('education', 3).postedAt);
    const since = await store.readOutbox<{ _id: string }>('education', new Date(t0 + 25 * 60_000).toISOString());
    expect(ids(since)).toEqual(Array.from({ length: 15 }, (_, i) => entry('education', 25 + i)._id));
    expect(ids(await store.readOutbox('health'))).toEqual([entry('health', 0)._id]);
    expect(await store.readOutbox('social_care')).toEqual([]);
    expect(await store.readOutbox('education', new Date(t0 + 3600_000).toISOString())).toEqual([]);
  });

  it('is rebuilt from the entries kept, and reads at most 500', async () => {
    const uri = `${inject('mongoBaseUri')}t_outboxbuild_${Date.now()}`;
    const first = await connectDatabase(uri);
    // Stored out of time order (the log is numbered by when posted).
    await first.models.OutboxEntry.insertMany(Array.from({ length: 520 }, (_, i) => entry('education', 519 - i)));
    await first.conn.close();
    expect(await rebuildDatabase(uri)).toMatchObject({ outbox_logs: 2 * 520 });
    const [a, b] = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
    try {
      const read = await createStore(a.models).readOutbox<{ _id: string }>('education');
      expect(ids(read)).toEqual(Array.from({ length: 500 }, (_, i) => entry('education', i)._id));
      // Posted after the rebuild: the next slot.
      await createStore(b.models).postToOutbox(entry('education', 520));
      const later = await createStore(a.models).readOutbox<{ _id: string }>('education', new Date(t0 + 510 * 60_000).toISOString());
      expect(ids(later)).toEqual(Array.from({ length: 11 }, (_, i) => entry('education', 510 + i)._id));
    } finally {
      await Promise.all([a.conn.close(), b.conn.close()]);
    }
  });
});
