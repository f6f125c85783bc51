// Appends to keyed-log.ts's logs beyond one writer's one log: many logs at once (a list's
// cases' audit, an intake's new logs started unread) and an entry a retried writer may
// append again, kept once by its marker. Shares keyed-log.ts's knowledge of where each
// log ended in this process and its one-append-at-a-time queue.
import {
  appendingTo, appendsInFlight, appendToLog, knownEnds, logLengths, nextSlot, oneAtATime, rememberEnd, searched, slotId, type SlotModel,
} from './keyed-log.js';
import { LIST_ENDS_FROM, keepListEnds, listOrder, readListEnds } from './log-ends.js';
import { insertEach, insertInOrder, readById } from './models.js';
import { Together } from './together.js';

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
  // While this write is under way, this process's other appends to the same logs wait for it
  // and go after it, together (`appendToLog`): a user's and the whole trail's logs, which
  // twenty intakes at once append to, take one write for the first and one for the other
  // nineteen. Raced for, nineteen would find their slots taken and search the ends again.
  const taken = await appendingTo(model, single.map(([key]) => key), (async () => {
    const kept = list.length >= LIST_ENDS_FROM ? await readListEnds(model, list) : new Map<string, number>();
    const ends = await startsOf(model, single.map(([key]) => key), (key) => (empty(key) ? 0 : kept.get(key)));
    let trying = single.map((_, i) => i);
    for (let round = 1; ; round++) {
      const lost = await insertEach(model, trying.map((i) => ({ _id: slotId(single[i][0], ends[i]), key: single[i][0], n: ends[i], ...single[i][1][0] })));
      // A slot found taken: the log ends after it, where its append goes on.
      trying.forEach((i) => rememberEnd(model, single[i][0], ends[i] + 1));
      trying = trying.filter((_, j) => lost.has(j));
      if (trying.length === 0 || round === LIST_ROUNDS) return new Set(trying);
      // Taken by another writer, or the list's kept ends behind its logs (another list
      // appended to them since): their ends searched together from there, and written again.
      const found = await logLengths(model, trying.map((i) => ({ key: single[i][0], atLeast: ends[i] + 1 })));
      trying.forEach((i, j) => (ends[i] = found[j]));
    }
  })());
  await Promise.all(logs.filter((log) => !single.includes(log) || taken.has(single.indexOf(log))).map(([key, entries]) => appendToLog(model, key, entries)));
  const now = list.map((key) => knownEnds(model).get(key));
  if (list.length >= LIST_ENDS_FROM && now.every((end) => end !== undefined)) await keepListEnds(model, list, now as number[]);
}

/** Writes of a list's slots before those still taken go the way of one log's append. */
const LIST_ROUNDS = 3;

/**
 * Where a list's appends to its logs start: where the list's ends kept each (`kept`: never
 * past the end, so no read; 0 for a log known to be new) unless this process has appended
 * to it since; the others' ends searched for together, each from where this process left
 * it (`logLengths`: a hundred cases' logs in a read or two, not one search after another).
 */
async function startsOf(model: SlotModel, keys: readonly string[], kept: (key: string) => number | undefined): Promise<number[]> {
  const known = keys.map((key) => knownEnds(model).get(key));
  const ends = keys.map((key, i) => {
    const at = kept(key);
    return at !== undefined && (known[i] === undefined || known[i]! <= at) ? at : undefined;
  });
  const unknown = keys.flatMap((key, i) => (ends[i] === undefined ? [{ key, atLeast: known[i] ?? 0 }] : []));
  const searched = unknown.length > 0 ? await logLengths(model, unknown) : [];
  let j = 0;
  return ends.map((end) => end ?? searched[j++]);
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
