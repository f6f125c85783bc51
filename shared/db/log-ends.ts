// Where a list's logs end, kept together: a page of many cases (an agenda, the minutes, a
// queue) appends an audit entry to each case's log, and each append needs its log's end.
// A process that has not appended to a log yet searches for it (keyed-log.ts `logLengths`:
// all the list's logs together, four reads of their slots in turn for logs of a few thousand
// entries, where one search a log made 1,400 reads for an agenda of a hundred cases). So
// after appending to a list's logs the writer keeps where each now ends in one document,
// named by the list's logs (`ends:` and a hash of their keys, in the log model's
// collection), and the next writer appending to the same logs, in any process, reads it
// once and starts there.
//
// The document is replaced by whoever appended to the list last: several writers at once
// may lose each other's writes (FerretDB's updates are not atomic), which leaves it
// behind the ends, never past them: every end in it was a log's end when written, and a
// log's slots are never removed (a log dropped goes with its document, in the same
// collection). Starts found taken are searched on from there, all together (log-appends.ts).
import type { Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { isDuplicateKey, readById } from './models.js';

/** A keyed log's model (keyed-log.ts `SlotModel`). */
type SlotModel = Model<any>;

/** Lists of fewer logs search their ends as any append does (a case's page: one case's log). */
export const LIST_ENDS_FROM = 8;

const listEndsId = (keys: readonly string[]) => `ends:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`;

/** The logs' keys in the order their ends are kept (the document's id is made from them). */
export const listOrder = (keys: readonly string[]): string[] => [...new Set(keys)].sort();

/** Where each of the list's logs ended when last kept (by key), or none kept. `keys` in `listOrder`. */
export async function readListEnds(model: SlotModel, keys: readonly string[]): Promise<Map<string, number>> {
  const kept = await readById<{ ends?: unknown }>(model, listEndsId(keys), { ends: 1 });
  const ends = kept?.ends;
  // Made for these keys (a hash shared by another list would hold another count).
  if (!Array.isArray(ends) || ends.length !== keys.length) return new Map();
  return new Map(keys.flatMap((key, i) => (typeof ends[i] === 'number' && ends[i] > 0 ? [[key, ends[i] as number] as const] : [])));
}

/** Keeps where each of the list's logs ends now (`ends` aligned with `keys`, in `listOrder`). */
export async function keepListEnds(model: SlotModel, keys: readonly string[], ends: readonly number[]): Promise<void> {
  // Two first upserts at once: one inserts, the other is refused, and the first stands.
  await model.collection.replaceOne({ _id: listEndsId(keys) as never }, { ends }, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
}
