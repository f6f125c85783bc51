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
// missing, and finds the end without reading it all by an exponential then binary search.
// FerretDB answers only an `_id` equality from its index (any other filter scans the whole
// collection in Go), so these reads stay as fast at a million records as at a thousand.
import type { Model } from 'mongoose';
import { LIST_ENDS_FROM, keepListEnds, listOrder, readListEnds } from './log-ends.js';
import { insertEach, insertInOrder, insertOnce, isDuplicateKey, readById } from './models.js';
import { Together } from './together.js';

/** A log's model (typed loosely: each log has its own schema). */
export type SlotModel = Model<any>;

export const slotId = (key: string, n: number): string => `${key}#${n}`;

/** Slots read at once: most logs have a handful of entries, so one round trip. */
const BATCH = 16;

const readSlots = <T>(model: SlotModel, idAt: (n: number) => string, from: number, count: number): Promise<(T | null)[]> =>
  Promise.all(Array.from({ length: count }, (_, i) => readById<T>(model, idAt(from + i))));

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

const present = async (model: SlotModel, key: string, n: number) => (await readById(model, slotId(key, n), { _id: 1 })) !== null;

/**
 * The number of entries (the first free slot), starting from `atLeast` slots known to be
 * filled: an exponential search for a missing slot, then a binary search between the last
 * filled and the first missing one. About 2·log2(entries) `_id` reads; one round trip
 * (the hint's last slot and the next, read at once) when the hint is the end.
 */
export async function logLength(model: SlotModel, key: string, atLeast = 0): Promise<number> {
  // A hint from an earlier append holds only if its last slot is still there (a database
  // dropped and made again, as tests do, starts its logs afresh).
  if (atLeast > 0) {
    const [hintHolds, past] = await Promise.all([present(model, key, atLeast - 1), present(model, key, atLeast)]);
    if (hintHolds && !past) return atLeast;
    if (!hintHolds) atLeast = 0;
  }
  let filled = atLeast - 1; // the highest slot known to be filled (-1: none)
  let step = 1;
  let missing = atLeast;
  while (await present(model, key, missing)) {
    filled = missing;
    missing = filled + step;
    step *= 2;
  }
  // Slots up to `filled` are filled and `missing` is not: the end lies between.
  while (missing - filled > 1) {
    const mid = Math.floor((filled + missing) / 2);
    if (await present(model, key, mid)) filled = mid;
    else missing = mid;
  }
  return missing;
}

/** Where each log ended when this process last appended to it: where the next search starts. */
const knownEndsByModel = new WeakMap<SlotModel, Map<string, number>>();
const KNOWN_ENDS_KEPT = 10_000;
function knownEnds(model: SlotModel): Map<string, number> {
  if (!knownEndsByModel.has(model)) knownEndsByModel.set(model, new Map());
  return knownEndsByModel.get(model)!;
}
/** Forgets what this process knew of the model's logs (rebuilt: their slots may now be others). */
export const forgetLogs = (model: SlotModel): void => void [knownEndsByModel, lastWrittenByModel, keptPrefixesByModel].forEach((m) => m.delete(model));

const QUEUE_WAIT_MS = 5_000;
/** Each log's append in flight in this process: the next one waits for it, at most QUEUE_WAIT_MS. */
const appendsInFlight = new WeakMap<SlotModel, Map<string, Promise<unknown>>>();

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
async function nextSlot(model: SlotModel, key: string, chained: boolean): Promise<{ n: number; trusted: boolean }> {
  const known = knownEnds(model).get(key);
  if (known !== undefined && chained) return { n: known, trusted: true };
  // Appended to before by this process: tried where it was left (its last slot read), a slot found taken searched for.
  if (known) return { n: await likelyEnd(model, key), trusted: true };
  return searched(model, key);
}

/** The end as searched: a slot found taken there was taken a moment ago, and the next is tried. */
const searched = async (model: SlotModel, key: string) => ({ n: await searchEnd(model, key), trusted: false });

/**
 * Appends to many logs at once (each `[key, entries]`). Logs given one entry each (a list's
 * cases, each in its own case's log) have their ends found at once and their slots written
 * in one unordered write; a slot another writer took first, a log this process is
 * appending to already and a log given more entries go the way `appendToLog` goes.
 * `newLogs`: logs most likely empty yet (a new case's own log at its intake), whose first
 * slot is tried unread: in that one write, or, written alone, with other intakes' first
 * slots at the same moment (`startLogs`). Slot 0 never leaves a gap; found taken, the log
 * is appended to the usual way.
 */
export async function appendToLogs(
  model: SlotModel,
  logs: readonly (readonly [string, readonly object[]])[],
  /** A list's logs (its cases'), whose ends are kept together where the next append to them finds them in one read (log-ends.ts). */
  listed: (key: string) => boolean = () => false,
  newLogs?: ReadonlySet<string>,
): Promise<void> {
  const inFlight = appendsInFlight.get(model);
  const empty = (key: string) => newLogs?.has(key) === true && !knownEnds(model).has(key);
  const single = logs.filter(([key, entries]) => entries.length === 1 && !inFlight?.has(key));
  if (single.length < 2) {
    const fresh = single.filter(([key]) => empty(key));
    const [started] = await Promise.all([
      startLogs(model, fresh.map(([key, [entry]]) => ({ key, slot: entry }))),
      Promise.all(logs.filter((log) => !fresh.includes(log)).map(([key, entries]) => appendToLog(model, key, entries))),
    ]);
    await Promise.all(fresh.filter((_, i) => !started[i]).map(([key, entries]) => appendToLog(model, key, entries)));
    return;
  }
  const list = listOrder(single.map(([key]) => key).filter(listed));
  const kept = list.length >= LIST_ENDS_FROM ? await readListEnds(model, list) : new Map<string, number>();
  const ends = await Promise.all(single.map(([key]) => (empty(key) ? 0 : startOf(model, key, kept.get(key)))));
  const taken = await insertEach(model, single.map(([key, [entry]], i) => ({ _id: slotId(key, ends[i]), key, n: ends[i], ...entry })));
  // A slot found taken: the log ends after it, where its append goes on.
  single.forEach(([key], i) => rememberEnd(model, key, ends[i] + 1));
  await Promise.all(logs.filter((log) => !single.includes(log) || taken.has(single.indexOf(log))).map(([key, entries]) => appendToLog(model, key, entries)));
  const now = list.map((key) => knownEnds(model).get(key));
  if (list.length >= LIST_ENDS_FROM && now.every((end) => end !== undefined)) await keepListEnds(model, list, now as number[]);
}

/**
 * Where a list's append to a log starts: where the list's ends kept it (`kept`: never past
 * the end, so no read) unless this process has appended to it since; otherwise as any
 * append of this process to a log it appended to before (`likelyEnd`).
 */
async function startOf(model: SlotModel, key: string, kept: number | undefined): Promise<number> {
  const known = knownEnds(model).get(key);
  if (kept !== undefined && (known === undefined || known <= kept)) return kept;
  return likelyEnd(model, key);
}

/**
 * Runs `append` once the appends to this log this process started before it are done. `first`: none was
 * waiting, so what the caller read of the log still holds (stale once another append of this process went first).
 */
function oneAtATime<R>(model: SlotModel, key: string, append: (first: boolean) => Promise<R>): Promise<R> {
  let inFlight = appendsInFlight.get(model);
  if (!inFlight) appendsInFlight.set(model, (inFlight = new Map()));
  const before = inFlight.get(key);
  // Not held for ever by an append stuck on a lost connection: it then races as another process would.
  const mine = before ? Promise.race([before, new Promise((ok) => setTimeout(ok, QUEUE_WAIT_MS).unref())]).then(() => append(false)) : append(true);
  const settled = mine.catch(() => undefined);
  inFlight.set(key, settled);
  void settled.then(() => {
    if (inFlight!.get(key) === settled) inFlight!.delete(key);
  });
  return mine;
}

/** The log's end, searched from where this process last saw it. */
const searchEnd = (model: SlotModel, key: string) => logLength(model, key, knownEnds(model).get(key) ?? 0);

/**
 * Where to try the next slot of a log this process appended to before: where it left the
 * end, if its last slot is still there (a log dropped and made again starts afresh, and is
 * searched). Whether another writer appended since is left to the insert (a slot found
 * taken is searched for then): one `_id` read where `searchEnd` makes two.
 */
async function likelyEnd(model: SlotModel, key: string): Promise<number> {
  const known = knownEnds(model).get(key);
  if (!known) return searchEnd(model, key);
  return (await present(model, key, known - 1)) ? known : logLength(model, key);
}

/** The slot each log's last append in this process wrote, when it kept it: where its next append starts. */
const lastWrittenByModel = new WeakMap<SlotModel, Map<string, { n: number; slot: unknown }>>();

function rememberEnd(model: SlotModel, key: string, end: number, slot?: object): void {
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

/** Each log's entries waiting for the `appendToLogOnce` in flight in this process: written together next. */
const waitingOnce = new WeakMap<SlotModel, Map<string, { items: { entry: object; marker: string }[]; written: Promise<void> }>>();

/**
 * Appends the entry unless the marker `${key}@${entryId}` says it is in the log already:
 * for an entry a retried writer may append again. (A retry after the append but before
 * the marker appends it twice; readers keep it once.) `firstWrite`: the caller knows
 * nothing of this entry can be written yet, so the marker is not read.
 *
 * Entries for one log that arrive while an append to it is under way in this process are
 * written together next, each slot with its marker after it, in one ordered write: a hot
 * log (the whole trail's, the police system's, a meeting's agenda) takes one write for
 * twenty intakes at once, not twenty one after another. Each caller waits for its own.
 */
export async function appendToLogOnce(model: SlotModel, key: string, entryId: string, entry: object, firstWrite = false): Promise<void> {
  const marker = `${key}@${entryId}`;
  if (!firstWrite && (await readById(model, marker, { _id: 1 }))) return;
  let waiting = waitingOnce.get(model);
  if (!waiting) waitingOnce.set(model, (waiting = new Map()));
  const open = waiting.get(key);
  if (open) {
    open.items.push({ entry, marker });
    return open.written;
  }
  const batch = { items: [{ entry, marker }], written: Promise.resolve() };
  waiting.set(key, batch);
  batch.written = oneAtATime(model, key, async (first) => {
    // From here on, what arrives waits for the next write.
    if (waiting.get(key) === batch) waiting.delete(key);
    await appendOnceInOrder(model, key, batch.items, await nextSlot(model, key, !first));
  });
  return batch.written;
}

/**
 * Each entry in the next free slot with its marker just after it, in one ordered write
 * while no other writer takes a slot first. A slot found taken: that entry and those after
 * it go on from the next slot (searched for when the start was taken unread). A marker
 * found there already: its entry was logged by a run at the same moment (now twice; readers
 * keep it once), and the rest go on.
 */
async function appendOnceInOrder(model: SlotModel, key: string, items: readonly { entry: object; marker: string }[], start: { n: number; trusted: boolean }): Promise<void> {
  let { n, trusted } = start;
  let rest = items;
  while (rest.length > 0) {
    const docs = rest.flatMap(({ entry, marker }, i) => [{ _id: slotId(key, n + i), key, n: n + i, ...entry }, { _id: marker, key }]);
    const stored = await insertInOrder(model, docs);
    // An entry is in once its slot is (its marker written, or found there already).
    const done = Math.ceil(stored / 2);
    n += done;
    rest = rest.slice(done);
    if (rest.length === 0 || stored % 2 === 1) continue;
    if (trusted) ({ n, trusted } = await searched(model, key));
    else n += 1;
  }
  rememberEnd(model, key, n);
}

/** Each model's first slots by `startLogs`, written together (together.ts): whether each was written. */
const startsTogether = new WeakMap<SlotModel, Together<{ _id: string; key: string }, boolean>>();

/**
 * Starts logs known to be empty (people an intake has just recorded) with their first
 * slots in one unordered write, with those of other intakes arriving meanwhile (together.ts):
 * whether each was started by it. Not started: another writer took its first slot, or this
 * process has appended to it (or is appending); the caller appends those the usual way.
 * Slot 0 never leaves a gap.
 */
export async function startLogs(model: SlotModel, logs: readonly { key: string; slot: object }[]): Promise<boolean[]> {
  const inFlight = appendsInFlight.get(model);
  const free = logs.map(({ key }) => !inFlight?.has(key) && !knownEnds(model).has(key));
  const docs = logs.flatMap(({ key, slot }, i) => (free[i] ? [{ _id: slotId(key, 0), key, n: 0, ...slot }] : []));
  if (docs.length === 0) return logs.map(() => false);
  let together = startsTogether.get(model);
  if (!together) startsTogether.set(model, (together = new Together(async (_, slots) => {
    const taken = await insertEach(model, slots);
    return slots.map((slot, i) => !taken.has(i) && (rememberEnd(model, slot.key, 1, slot), true));
  })));
  const started = await together.addAll('', docs);
  let j = 0;
  return free.map((isFree) => isFree && started[j++]);
}

// Reading back from a log's end, and appending slots that sum up the log before them: for
// a reader that needs only a log's newest part (a child's last twelve months).

/** A log's end as a reader found it, and the slots it read on the way (by number): the last among them. */
export interface LogEnd<T> {
  end: number;
  read: Map<number, T>;
}

/**
 * Where the log ends: from where this process last saw its end when it has, otherwise by
 * reading the first `firstRead` slots (most logs end within them, and are then read
 * whole) and the log's end hint at once, and going on from the hint. One or two round
 * trips when the hint holds; a search from it (about 2·log2 of what it lags by) when not.
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
      const docs = await Promise.all(ns.map((n) => readById<T>(model, slotId(key, n))));
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
