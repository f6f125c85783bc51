// The audit trail sealed into a hash chain, so that an entry edited or deleted in the
// database is seen. Entries stay insert-only and are written by many requests at once;
// FerretDB loses one of two concurrent updates, so nothing is chained at write time.
// One sealer at a time (the `auditSealWorkflow`, run by a Temporal schedule; or
// `sealAuditTrail` by hand) reads the whole trail's log (`all#n`, in insertion order)
// past what is sealed and appends, for each entry, a link `link#n` to the insert-only
// `audit_chain` collection: the entry's id and sha-256 of the link before and the entry.
// A second sealer racing it loses the link's `_id` (a duplicate key) and stops, so the
// chain never forks. The verifier recomputes every link and names the first broken one.
import { createHash } from 'node:crypto';
import { logLength, readRun, slotId, type SlotModel } from './keyed-log.js';
import { insertOnce, isDuplicateKey, readById, type Models } from './models.js';
import { wholeLogKey } from './projector.js';

const LINK = 'link';
/** The hash the first link follows. */
export const GENESIS = '0'.repeat(64);
/** An entry's marker: it has a link (the sealer skips it when the whole trail's log repeats it). */
const sealedId = (entryId: string) => `sealed:${entryId}`;
/** An entry logged but not yet recorded this recently is waited for (its writer records it last). */
const RECORD_WAIT_MS = 10 * 60_000;

interface Link {
  n: number;
  entryId: string;
  slot: number;
  prev: string;
  hash: string;
}

/** Every field of a record, keys sorted, times as ISO text: the same bytes however it is read. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null).sort().map((k) => [k, canonical(o[k])]));
  }
  return value;
}

/** A link's hash: the link before it and the whole entry as recorded. */
export const linkHash = (prev: string, entry: object): string => createHash('sha256').update(`${prev}\n${JSON.stringify(canonical(entry))}`).digest('hex');

type ChainModels = Pick<Models, 'AuditChain' | 'AuditLogEntry' | 'Audit'>;

/**
 * Seals the entries logged since the last run, in the order logged, at most `max` of
 * them. Answers how many it sealed and how long the chain is.
 */
export async function sealAuditTrail({ AuditChain: chain, AuditLogEntry: logs, Audit }: ChainModels, max = 5_000): Promise<{ sealed: number; links: number }> {
  let n = await logLength(chain as SlotModel, LINK);
  const last = n > 0 ? await readById<Link>(chain, slotId(LINK, n - 1)) : null;
  // A run stopped after a link but before its marker: the marker first.
  if (last) await insertOnce(chain, { _id: sealedId(last.entryId), link: last.n });
  // On from the last link's slot, unless a rebuild has renumbered the log since: then from
  // its start, every entry already sealed skipped by its marker.
  const lastSlot = last ? await readById<{ entryId: string }>(logs, slotId(wholeLogKey, last.slot), { entryId: 1 }) : null;
  const from = last && lastSlot?.entryId === last.entryId ? last.slot + 1 : 0;
  const slots = await readRun<{ n: number; entryId: string; at: Date }>(logs, (i) => slotId(wholeLogKey, i), from);
  let prev = last?.hash ?? GENESIS;
  let sealed = 0;
  for (const s of slots) {
    if (sealed >= max) break;
    if (await readById(chain, sealedId(s.entryId), { _id: 1 })) continue;
    const entry = await readById<object>(Audit, s.entryId);
    if (!entry) {
      // Logged, and recorded a moment later by its writer: sealed next run, in this order.
      if (Date.now() - +new Date(s.at) < RECORD_WAIT_MS) break;
      continue;
    }
    const hash = linkHash(prev, entry);
    try {
      await chain.collection.insertOne({ _id: slotId(LINK, n), n, entryId: s.entryId, slot: s.n, prev, hash, sealedAt: new Date() } as never);
    } catch (err) {
      // Another sealer took this link: it goes on from here, this one stops.
      if (isDuplicateKey(err)) break;
      throw err;
    }
    await insertOnce(chain, { _id: sealedId(s.entryId), link: n });
    prev = hash;
    n += 1;
    sealed += 1;
  }
  return { sealed, links: n };
}

export interface ChainVerdict {
  /** Links checked. */
  links: number;
  /** The last link's hash: kept outside the database, it shows the chain was not cut short since. */
  head: string;
  /** The first link that does not hold, and why. */
  broken?: { link: number; entryId?: string; problem: 'entry edited' | 'entry deleted' | 'link missing' | 'link does not follow the one before' };
}

/** Looks this far past a missing link for a later one (a link deleted from the middle). */
const GAP_PROBE = 64;

/** Recomputes the chain from its first link and names the first that does not hold. */
export async function verifyAuditChain({ AuditChain: chain, Audit }: Pick<Models, 'AuditChain' | 'Audit'>): Promise<ChainVerdict> {
  let prev = GENESIS;
  for (let n = 0; ; n++) {
    const link = await readById<Link>(chain, slotId(LINK, n));
    if (!link) {
      const later = await Promise.all(Array.from({ length: GAP_PROBE }, (_, i) => readById(chain, slotId(LINK, n + 1 + i), { _id: 1 })));
      return later.some(Boolean) ? { links: n, head: prev, broken: { link: n, problem: 'link missing' } } : { links: n, head: prev };
    }
    const verdict = (problem: NonNullable<ChainVerdict['broken']>['problem']): ChainVerdict => ({ links: n, head: prev, broken: { link: n, entryId: link.entryId, problem } });
    if (link.prev !== prev) return verdict('link does not follow the one before');
    const entry = await readById<object>(Audit, link.entryId);
    if (!entry) return verdict('entry deleted');
    if (linkHash(prev, entry) !== link.hash) return verdict('entry edited');
    prev = link.hash;
  }
}
