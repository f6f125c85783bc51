// Reading back from a log's end, and appending slots made from the ones before them
// (keyed-log.ts's logs): for a reader that needs only a log's newest part (a child's last
// twelve months) and a writer whose slot sums up the log before it. Shares keyed-log.ts's
// knowledge of where each log ended in this process.
import { insertInOrder, isDuplicateKey, readById, readEachById } from './models.js';
import { BATCH, knownEnds, lastWrittenByModel, logLength, oneAtATime, readSlots, rememberEnd, searchEnd, slotId, type SlotModel } from './keyed-log.js';


/** A log's end as a reader found it, and the slots it read on the way (by number): the last among them. */
export interface LogEnd<T> {
  end: number;
  read: Map<number, T>;
}

/**
 * Where the log ends: from where this process last saw its end when it has, otherwise by
 * reading the first `firstRead` slots (most logs end within them, and are then read
 * whole) and the log's end hint at once, and going on from the hint. One or two round
 * trips when the hint holds; a search from it (1 + log16 of what it lags by) when not.
 */
export async function findEnd<T>(model: SlotModel, key: string, firstRead: number): Promise<LogEnd<T>> {
  const known = knownEnds(model).get(key) ?? 0;
  if (known > firstRead) return endFrom<T>(model, key, known);
  const [first, hint] = await Promise.all([readSlots<T>(model, (n) => slotId(key, n), 0, firstRead), readById<{ end: number }>(model, endHintId(key))]);
  // Gap-free: the log ends at its first missing slot.
  const missing = first.indexOf(null);
  if (missing !== -1) return { end: missing, read: new Map(first.slice(0, missing).map((d, n) => [n, d as T])) };
  return endFrom<T>(model, key, Math.max(firstRead, hint?.end ?? 0));
}

/** The end, from a slot count known to be filled: most often nothing was appended since (the last slot read and the next found missing, at once). */
async function endFrom<T>(model: SlotModel, key: string, filled: number): Promise<LogEnd<T>> {
  const [last, next] = await Promise.all([readById<T>(model, slotId(key, filled - 1)), readById(model, slotId(key, filled), { _id: 1 })]);
  if (last !== null && next === null) return { end: filled, read: new Map([[filled - 1, last]]) };
  const end = await logLength(model, key, filled);
  // The last slot, which a reader reads first.
  const lastNow = end > 0 ? await readById<T>(model, slotId(key, end - 1)) : null;
  return { end, read: new Map(lastNow === null ? [] : [[end - 1, lastNow]]) };
}

export const endHintId = (key: string) => `${key}@end`;

/**
 * Keeps where the log ends in its end hint, for readers in other processes (`findEnd`). The one document here that is
 * updated: FerretDB may lose one of two updates, so it may lag behind the end (a reader searches on), never past it.
 */
export async function keepEndHint(model: SlotModel, key: string, end: number): Promise<void> {
  const keep = () => model.collection.updateOne({ _id: endHintId(key) as never }, { $max: { end } }, { upsert: true });
  // Two first upserts at once: one inserts and the other is refused; once more, it updates.
  await keep().catch((err) => (isDuplicateKey(err) ? keep() : Promise.reject(err)));
}

/**
 * Reads the log back from its end (or from `first`), newest slot first: `take` is handed
 * each slot and answers the slot it wants next (below it; -1 when it has what it needs).
 * While it steps back one at a time the slots are read a batch at a time; once it jumps
 * (or starts at `first`), the slots it wants one by one.
 */
export async function readBack<T>(model: SlotModel, key: string, from: LogEnd<T>, take: (slot: T, n: number) => number, first?: number): Promise<void> {
  const read = new Map(from.read);
  let want = first ?? from.end - 1;
  let stepping = first === undefined;
  while (want >= 0) {
    if (!read.has(want)) {
      const lowest = stepping ? Math.max(0, want - BATCH + 1) : want;
      const ns = Array.from({ length: want - lowest + 1 }, (_, i) => lowest + i).filter((n) => !read.has(n));
      const docs = await readEachById<T & object>(model, ns.map((n) => slotId(key, n)));
      docs.forEach((d, i) => d !== null && read.set(ns[i], d));
      // Below a log's end every slot is filled (a slot is taken only once the one before it is).
      if (!read.has(want)) throw new Error(`${slotId(key, want)} missing below the end of its log (${from.end})`);
    }
    const next = take(read.get(want)!, want);
    // Once it jumps (from referral to referral, say) it goes on jumping.
    stepping = stepping && next === want - 1;
    want = next;
  }
}

type Make<T> = (before: T | null, n: number) => object | Promise<object>;

/** Each log's appends waiting for the `appendAfter` in flight in this process: written together next. */
const waitingAfter = new WeakMap<SlotModel, Map<string, { items: { make: Make<any>; tail?: { end: number; last: unknown } }[]; taken: Promise<number[]> }>>();

/**
 * Appends one entry in the next free slot, its document made by `make` from the slot
 * before it (null for the first): for a slot that sums up the log up to it. A writer that
 * loses the slot to another reads the winner's and makes its own again for the next, so
 * each slot sums up exactly the slots before it. It starts from the later of `tail` (the
 * end and the last slot as the caller read them) and the slot this process last wrote
 * (appends of one process to one log go one after another, each after the one before);
 * it searches only when it has neither. Returns the slot taken.
 *
 * Appends to one log that arrive while one is under way in this process are written
 * together next: each slot made from the one before it, all in one ordered write (a
 * family named by twenty intakes at once: one write per person, not twenty in turn).
 */
export async function appendAfter<T>(
  model: SlotModel,
  key: string,
  make: Make<T>,
  tail?: { end: number; last: T | null },
  /** The end hint is kept once the log is longer than this (after the append, so the next append need not wait for it). */
  hintPast = Infinity,
): Promise<number> {
  let waiting = waitingAfter.get(model);
  if (!waiting) waitingAfter.set(model, (waiting = new Map()));
  const open = waiting.get(key);
  if (open) {
    const i = open.items.push({ make, tail }) - 1;
    return (await open.taken)[i];
  }
  const batch = { items: [{ make, tail }] as { make: Make<T>; tail?: { end: number; last: unknown } }[], taken: Promise.resolve([] as number[]) };
  waiting.set(key, batch);
  batch.taken = oneAtATime(model, key, () => {
    // From here on, what arrives waits for the next write.
    if (waiting.get(key) === batch) waiting.delete(key);
    return appendMadeInOrder<T>(model, key, batch.items);
  });
  const taken = await batch.taken;
  const last = Math.max(...taken);
  // Once per write, by its first caller.
  if (last + 1 > hintPast) await keepEndHint(model, key, last + 1);
  return taken[0];
}

/** The slots of `items`, each made from the one before it, from the latest end known, in ordered writes. */
async function appendMadeInOrder<T>(model: SlotModel, key: string, items: readonly { make: Make<T>; tail?: { end: number; last: unknown } }[]): Promise<number[]> {
  const mine = lastWrittenByModel.get(model)?.get(key);
  const tail = items.map((i) => i.tail).reduce<{ end: number; last: unknown } | undefined>((a, b) => (b && (!a || b.end > a.end) ? b : a), undefined);
  let n: number;
  let before: T | null;
  if (mine && mine.n + 1 >= (tail?.end ?? 0)) [n, before] = [mine.n + 1, mine.slot as T];
  else if (tail) [n, before] = [tail.end, tail.last as T | null];
  else {
    n = await searchEnd(model, key);
    before = n > 0 ? await readById<T>(model, slotId(key, n - 1)) : null;
  }
  const taken: number[] = [];
  while (taken.length < items.length) {
    const slots: object[] = [];
    let prev = before;
    for (const [i, { make }] of items.slice(taken.length).entries()) {
      const slot = { _id: slotId(key, n + i), key, n: n + i, ...(await make(prev, n + i)) };
      slots.push(slot);
      prev = slot as unknown as T;
    }
    const stored = await insertInOrder(model, slots);
    for (let i = 0; i < stored; i++) taken.push(n + i);
    if (stored > 0) rememberEnd(model, key, n + stored, slots[stored - 1]);
    if (taken.length === items.length) break;
    // Another writer took the next slot: theirs stays, and what is left follows it.
    n += stored;
    before = await readById<T>(model, slotId(key, n));
    n++;
  }
  return taken;
}
