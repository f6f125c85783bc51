// The rate limiter's counts, shared by every API replica (api/rate-limit.ts). Each replica
// counts the requests it answers in its own memory and publishes its counts for the current
// one-minute window about once a second; each adds up the others'. One document per replica
// per window, `rate:${window}#${n}`: a replica claims the first free `n` by inserting it (a
// keyed log, keyed-log.ts: the unique `_id` decides between replicas), is from then on the
// one writer of that document (its counts replaced as they grow), and deletes it once the
// window has passed (its model: keyed-models.ts). So FerretDB's rules hold (README.md): claims insert-only, one writer
// per document, every read by `_id`; and no request waits for the database to be counted.
import { appendToLog, readLog, slotId } from './keyed-log.js';
import type { Models } from './models.js';

type RateModels = Pick<Models, 'RateLimitCount'>;
const windowKey = (window: number) => `rate:${window}`;

export function rateLimitStore({ RateLimitCount }: RateModels) {
  return {
    /** This replica's document for the window: the first free slot of the window's log. */
    async claimRateLimitSlot(window: number, owner: string): Promise<string> {
      const [n] = await appendToLog(RateLimitCount, windowKey(window), [{ owner, counts: [], at: new Date() }]);
      return slotId(windowKey(window), n);
    },
    /** Its counts so far (one writer: the replica that claimed it). */
    async publishRateLimitCounts(slot: string, counts: readonly [string, number][]): Promise<void> {
      await RateLimitCount.collection.updateOne({ _id: slot as never }, { $set: { counts: counts.map(([k, n]) => ({ k, n })), at: new Date() } });
    },
    /** Every replica's counts for the window, read by `_id`. */
    async readRateLimitCounts(window: number): Promise<{ owner: string; counts: [string, number][] }[]> {
      const slots = await readLog<{ owner: string; counts?: { k: string; n: number }[] }>(RateLimitCount, windowKey(window), 4);
      return slots.map((s) => ({ owner: s.owner, counts: (s.counts ?? []).map(({ k, n }) => [k, n] as [string, number]) }));
    },
    /** Gone once its window has passed (by its one writer). */
    async dropRateLimitSlot(slot: string): Promise<void> {
      await RateLimitCount.collection.deleteOne({ _id: slot as never });
    },
  };
}
