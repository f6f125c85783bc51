// Append-only logs of insert-only slot documents, read by `_id`: the pattern for anything
// many writers append to (a child's history, a case's or a user's audit trail) and for
// reading records whose ids are a key and a sequence (a case's timeline).
//
// Why slots and not one document with an array: FerretDB v1 (the embedded default)
// updates a document by reading it, applying the update in Go and writing it back, with
// no lock, so two writers appending to the same document lose one entry. The only atomic
// write it has is an insert against the unique `_id`. So each entry is its own document,
// `${key}#${n}`, and an append claims the first free `n` by inserting it: a writer that
// loses the race gets a duplicate key and takes the next one. Slots are filled in order
// and never removed, so a log has no gaps: a reader reads `#0`, `#1`, … until the first
// missing, and finds the end without reading it all (`logLengths`: doublings, then sixteenths).
// FerretDB answers only an `_id` equality from its index (any other filter scans the whole
// collection in Go), so these reads stay as fast at a million records as at a thousand.
// Here: reading a log, its end, and one writer's appends to one log; many logs at once and
// an entry kept once are log-appends.ts's, reading back from the end log-back.ts's.
import type { Model } from 'mongoose';
import { insertInOrder, readById, readEachById } from './models.js';

/** A log's model (typed loosely: each log has its own schema). */
export type SlotModel = Model<any>;

export const slotId = (key: string, n: number): string => `${key}#${n}`;

/** Slots read at once: most logs have a handful of entries, so one round trip. */
export const BATCH = 16;

/** The slots `idAt(from)` … `idAt(from + count - 1)`, null where missing: one `_id` `$in` read. */
export const readSlots = <T>(model: SlotModel, idAt: (n: number) => string, from: number, count: number): Promise<(T | null)[]> =>
  readEachById<T & object>(model, Array.from({ length: count }, (_, i) => idAt(from + i)));

/**
 * The documents at `idAt(from)`, `idAt(from + 1)`, … read by `_id` in parallel batches, in
 * order, up to the end of the first batch whose last slot is missing. A gap-free log ends
 * at its first missing slot; a sequence that may have a short gap inside a batch (a later
 * event recorded a moment before an earlier one) is read past it.
 */
export async function readRun<T>(model: SlotModel, idAt: (n: number) => string, from = 0, batch = BATCH): Promise<T[]> {
  const found: T[] = [];
  for (let n = from; ; n += batch) {
    const docs = await readSlots<T>(model, idAt, n, batch);
    for (const d of docs) if (d !== null) found.push(d);
    if (docs[batch - 1] === null) return found;
  }
}

/**
 * Every entry of the log, in the order appended. `firstBatch`: the slots read in the first
 * round trip, for logs that are mostly short (each `_id` read, found or not, costs the
 * database about half a write); the rest are read in batches of 16.
 */
export async function readLog<T>(model: SlotModel, key: string, firstBatch = BATCH): Promise<T[]> {
  const idAt = (n: number) => slotId(key, n);
  if (firstBatch >= BATCH) return readRun<T>(model, idAt);
  const first = await readSlots<T>(model, idAt, 0, firstBatch);
  // Gap-free: the log ends at its first missing slot.
  const end = first.indexOf(null);
  if (end !== -1) return first.slice(0, end) as T[];
  return [...(first as T[]), ...(await readRun<T>(model, idAt, firstBatch))];
}

/** Logs this process has read whole (a prefix never changes: slots are insert-only), by model, newest use last. */
const keptPrefixesByModel = new WeakMap<SlotModel, Map<string, readonly unknown[]>>();
const PREFIXES_KEPT = 256;

/**
 * Every entry of the log, as `readLog`, reading only the slots after the ones this process
 * read before (one `_id` read when nothing was appended since): for a log read again and
 * again while it grows, a meeting's agenda. The entries are shared: not to be changed.
 */
export async function readLogAgain<T>(model: SlotModel, key: string): Promise<readonly T[]> {
  let kept = keptPrefixesByModel.get(model);
  if (!kept) keptPrefixesByModel.set(model, (kept = new Map()));
  const before = (kept.get(key) ?? []) as readonly T[];
  const idAt = (n: number) => slotId(key, n);
  // A log read before (empty then too: a meeting's register before it opens): its next slot first.
  const next = kept.has(key) ? await readById<T>(model, idAt(before.length)) : undefined;
  const after = next === null ? [] : next === undefined ? await readRun<T>(model, idAt) : [next, ...(await readRun<T>(model, idAt, before.length + 1))];
  const entries = after.length === 0 ? before : [...before, ...after];
  kept.delete(key);
  kept.set(key, entries);
  if (kept.size > PREFIXES_KEPT) kept.delete(kept.keys().next().value!);
  return entries;
}

/** The number of entries (the first free slot), from a hint of `atLeast` filled slots: `logLengths` of one log. */
export async function logLength(model: SlotModel, key: string, atLeast = 0): Promise<number> {
  return (await logLengths(model, [{ key, atLeast }]))[0];
}

/** Doublings a first round reads past a log's start (a million entries), past a hint (mostly the end); a narrowing round's slots. */
const [REACH, PAST_A_HINT, SPLIT] = [21, 2, 15];

/**
 * Each log's number of entries, searched for all the logs together, a round being one `_id`
 * `$in` read: first the slots 1, 2, 4, 8, … past where a log is known to be filled (and the
 * hint's last slot), the first missing bounding the end; then fifteen spread over what is
 * left. 1 + log16(entries) rounds: an agenda's hundred case logs in two or three reads, where
 * a search a log reading one slot at a time made 2·log2(entries) reads each, in turn.
 * `reach`: the doublings a first round reads (a longer log is read on with the next ones).
 */
export async function logLengths(model: SlotModel, logs: readonly { key: string; atLeast?: number }[], reach = REACH): Promise<number[]> {
  const searches = logs.map(({ key, atLeast = 0 }) => ({ key, hinted: atLeast > 0, start: atLeast, doubled: 0, filled: atLeast - 1, missing: undefined as number | undefined }));
  for (;;) {
    const open = searches.filter((s) => s.missing === undefined || s.missing - s.filled > 1);
    if (open.length === 0) return searches.map((s) => s.missing!);
    const asked = open.map((s) =>
      s.missing === undefined
        ? [...(s.hinted ? [s.start - 1] : []), ...Array.from({ length: s.hinted ? PAST_A_HINT : reach }, (_, i) => s.start + 2 ** (s.doubled + i) - 1)]
        : spread(s.filled, s.missing),
    );
    const found = await readEachById(model, asked.flatMap((slots, i) => slots.map((n) => slotId(open[i].key, n))), { _id: 1 });
    let k = 0;
    open.forEach((s, i) => {
      let slots = asked[i];
      let here = slots.map(() => found[k++] !== null);
      const doublings = s.hinted ? PAST_A_HINT : reach;
      if (s.hinted) {
        s.hinted = false;
        // The hint's last slot is gone: the log is searched from its start.
        if (!here[0]) return Object.assign(s, { start: 0, filled: -1 });
        [slots, here] = [slots.slice(1), here.slice(1)];
      }
      // Gap-free: the slots read that are there come before the ones that are not.
      const gone = here.indexOf(false);
      if (gone > 0) s.filled = slots[gone - 1];
      if (gone === -1) {
        s.filled = slots[slots.length - 1];
        // Longer than this round reached: the next doublings.
        if (s.missing === undefined) s.doubled += doublings;
      } else s.missing = slots[gone];
    });
  }
}

/** At most SPLIT slots spread evenly strictly between `filled` and `missing`. */
function spread(filled: number, missing: number): number[] {
  const inside = missing - filled - 1;
  const n = Math.min(inside, SPLIT);
  return [...new Set(Array.from({ length: n }, (_, j) => filled + Math.round(((j + 1) * (missing - filled)) / (n + 1))))];
}

/** Where each log ended when this process last appended to it: where the next search starts. */
const knownEndsByModel = new WeakMap<SlotModel, Map<string, number>>();
const KNOWN_ENDS_KEPT = 10_000;
export function knownEnds(model: SlotModel): Map<string, number> {
  if (!knownEndsByModel.has(model)) knownEndsByModel.set(model, new Map());
  return knownEndsByModel.get(model)!;
}
/** Forgets what this process knew of the model's logs (rebuilt: their slots may now be others). */
export const forgetLogs = (model: SlotModel): void => void [knownEndsByModel, lastWrittenByModel, keptPrefixesByModel].forEach((m) => m.delete(model));

const QUEUE_WAIT_MS = 5_000;
/** Each log's append in flight in this process: the next one waits for it, at most QUEUE_WAIT_MS. */
export const appendsInFlight = new WeakMap<SlotModel, Map<string, Promise<unknown>>>();

/** Each log's entries waiting for the append to it in flight in this process (`appendToLog`): written together next. */
const waitingByModel = new WeakMap<SlotModel, Map<string, { entries: object[]; taken: Promise<number[]> }>>();

/**
 * Appends the entries, in order, each in the next free slot (a writer that loses a slot
 * to another takes the one after). `filled`: the slots the caller has just read, when it
 * has (no search then). Returns the slots taken.
 *
 * Within one process, appends to the same log go one after another. A hot log (the
 * police system's own audit trail: every notification appends to it) had twenty requests
 * racing for each slot, nineteen losing and trying the next: some two hundred inserts for
 * twenty entries. And entries that arrive while an append to the log is under way are
 * written together next, in one ordered write: twenty intakes at once append to the whole
 * trail's log in a few writes, not twenty one after another. Each caller waits for its
 * own. Processes still race each other, and the duplicate key settles it.
 */
export function appendToLog(model: SlotModel, key: string, entries: readonly object[], filled?: number): Promise<number[]> {
  if (entries.length === 0) return Promise.resolve([]);
  let waiting = waitingByModel.get(model);
  if (!waiting) waitingByModel.set(model, (waiting = new Map()));
  const open = waiting.get(key);
  if (open) {
    const from = open.entries.length;
    open.entries.push(...entries);
    return open.taken.then((taken) => taken.slice(from, from + entries.length));
  }
  const batch = { entries: [...entries], taken: Promise.resolve([] as number[]) };
  waiting.set(key, batch);
  batch.taken = oneAtATime(model, key, async (first) => {
    // From here on, what arrives waits for the next write.
    if (waiting.get(key) === batch) waiting.delete(key);
    return appendInOrder(model, key, batch.entries, first && filled !== undefined ? { n: filled, trusted: false } : await nextSlot(model, key, !first));
  });
  return batch.taken.then((taken) => taken.slice(0, entries.length));
}

/**
 * Where an append starts. `chained`: an append of this process to the log went just
 * before (appends of one process to one log go one after another), so the end it left is
 * taken as it is, unread (`trusted`: a slot found taken means another process appended,
 * and the end is then searched). A log this process appended to earlier: where it left
 * the end, its last slot read (`likelyEnd`), trusted alike. Otherwise the end is searched.
 */
export async function nextSlot(model: SlotModel, key: string, chained: boolean): Promise<{ n: number; trusted: boolean }> {
  const known = knownEnds(model).get(key);
  if (known !== undefined && chained) return { n: known, trusted: true };
  // Appended to before by this process: tried where it was left (its last slot read), a slot found taken searched for.
  if (known) return { n: await likelyEnd(model, key), trusted: true };
  return searched(model, key);
}

/** The end as searched: a slot found taken there was taken a moment ago, and the next is tried. */
export const searched = async (model: SlotModel, key: string) => ({ n: await searchEnd(model, key), trusted: false });

/**
 * Runs `append` once the appends to this log this process started before it are done. `first`: none was
 * waiting, so what the caller read of the log still holds (stale once another append of this process went first).
 */
export function oneAtATime<R>(model: SlotModel, key: string, append: (first: boolean) => Promise<R>): Promise<R> {
  const before = appendsInFlight.get(model)?.get(key);
  // Not held for ever by an append stuck on a lost connection: it then races as another process would.
  const mine = before ? Promise.race([before, new Promise((ok) => setTimeout(ok, QUEUE_WAIT_MS).unref())]).then(() => append(false)) : append(true);
  return appendingTo(model, [key], mine);
}

/**
 * Marks the logs as appended to by this process until `work` settles (a write to many logs
 * at once, log-appends.ts): appends to them meanwhile wait for it (`oneAtATime`) and go on
 * from where it left their ends.
 */
export function appendingTo<R>(model: SlotModel, keys: readonly string[], work: Promise<R>): Promise<R> {
  let inFlight = appendsInFlight.get(model);
  if (!inFlight) appendsInFlight.set(model, (inFlight = new Map()));
  const settled = work.catch(() => undefined);
  for (const key of keys) inFlight.set(key, settled);
  void settled.then(() => {
    for (const key of keys) if (inFlight!.get(key) === settled) inFlight!.delete(key);
  });
  return work;
}

/** The log's end, searched from where this process last saw it. */
export const searchEnd = (model: SlotModel, key: string) => logLength(model, key, knownEnds(model).get(key) ?? 0);

/**
 * Where to try the next slot of a log this process appended to before: where it left the
 * end, if its last slot is still there (a log dropped and made again starts afresh, and is
 * searched). Whether another writer appended since is left to the insert (a slot found
 * taken is searched for then): one `_id` read where `searchEnd` makes two.
 */
export async function likelyEnd(model: SlotModel, key: string): Promise<number> {
  const known = knownEnds(model).get(key);
  if (!known) return searchEnd(model, key);
  return (await readById(model, slotId(key, known - 1), { _id: 1 })) !== null ? known : logLength(model, key);
}

/** The slot each log's last append in this process wrote, when it kept it: where its next append starts. */
export const lastWrittenByModel = new WeakMap<SlotModel, Map<string, { n: number; slot: unknown }>>();

export function rememberEnd(model: SlotModel, key: string, end: number, slot?: object): void {
  const ends = knownEnds(model);
  let written = lastWrittenByModel.get(model);
  if (!written) lastWrittenByModel.set(model, (written = new Map()));
  if (ends.size >= KNOWN_ENDS_KEPT) [ends, written].forEach((m) => m.clear());
  ends.set(key, end);
  if (slot) written.set(key, { n: end - 1, slot });
  else written.delete(key);
}

/**
 * The entries in the slots from the end on, in one write while no other writer takes a
 * slot first: a batch stops at a slot taken (inserted in order, nothing after it is
 * written), and what is left goes on from the slot after it.
 */
async function appendInOrder(model: SlotModel, key: string, entries: readonly object[], start: { n: number; trusted: boolean }): Promise<number[]> {
  let { n, trusted } = start;
  const taken: number[] = [];
  let rest = entries;
  while (rest.length > 0) {
    const stored = await insertInOrder(model, rest.map((entry, i) => ({ _id: slotId(key, n + i), key, n: n + i, ...entry })));
    for (let i = 0; i < stored; i++) taken.push(n + i);
    rest = rest.slice(stored);
    n += stored;
    if (rest.length === 0) break;
    // Another writer took a slot first: theirs stays, ours goes in the next one (searched
    // for when the start was taken unread: the other writer may have appended more).
    if (trusted) ({ n, trusted } = await searched(model, key));
    else n += 1;
  }
  rememberEnd(model, key, n);
  return taken;
}

/**
 * A page of the log, newest first: `pageSize` entries after skipping the newest
 * `(page - 1) · pageSize`, read by `_id`.
 */
export async function readLogPage<T>(model: SlotModel, key: string, page: number, pageSize: number): Promise<T[]> {
  const end = await searchEnd(model, key);
  const newest = end - 1 - (page - 1) * pageSize;
  const count = Math.max(0, Math.min(pageSize, newest + 1));
  const docs = await readSlots<T>(model, (n) => slotId(key, n), newest - count + 1, count);
  return docs.filter((d): d is T => d !== null).reverse();
}
