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
import { insertEach, insertOnce, isDuplicateKey, readById, type Models } from './models.js';
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

/** Entries sealed per round: their markers and records read at once, their links in one write, their markers in another. */
const SEAL_BATCH = 64;

/**
 * Seals the entries logged since the last run, in the order logged, at most `max` of
 * them. Answers how many it sealed and how long the chain is.
 */
export async function sealAuditTrail({ AuditChain: chain, AuditLogEntry: logs, Audit }: ChainModels, max = 5_000): Promise<{ sealed: number; links: number }> {
  let n = await logLength(chain as SlotModel, LINK);
  const last = n > 0 ? await readById<Link>(chain, slotId(LINK, n - 1)) : null;
  // A run stopped after its links but before their markers: the markers first.
  if (last) await markSealed(chain, last);
  // On from the last link's slot, unless a rebuild has renumbered the log since: then from
  // its start, every entry already sealed skipped by its marker.
  const lastSlot = last ? await readById<{ entryId: string }>(logs, slotId(wholeLogKey, last.slot), { entryId: 1 }) : null;
  const from = last && lastSlot?.entryId === last.entryId ? last.slot + 1 : 0;
  const slots = await readRun<{ n: number; entryId: string; at: Date }>(logs, (i) => slotId(wholeLogKey, i), from);
  let prev = last?.hash ?? GENESIS;
  let sealed = 0;
  /** Entries linked by this run (the log may name one twice within a round, before its marker is written). */
  const linked = new Set<string>();
  for (let i = 0; i < slots.length && sealed < max; i += SEAL_BATCH) {
    const round = slots.slice(i, i + SEAL_BATCH);
    const [markers, entries] = await Promise.all([
      Promise.all(round.map((s) => readById(chain, sealedId(s.entryId), { _id: 1 }))),
      Promise.all(round.map((s) => readById<object>(Audit, s.entryId))),
    ]);
    const links: (Link & { _id: string; sealedAt: Date })[] = [];
    let waiting = false;
    for (const [k, s] of round.entries()) {
      if (sealed + links.length >= max) break;
      if (markers[k] || linked.has(s.entryId)) continue;
      const entry = entries[k];
      if (!entry) {
        // Logged, and recorded a moment later by its writer: sealed next run, in this order.
        if (Date.now() - +new Date(s.at) < RECORD_WAIT_MS) {
          waiting = true;
          break;
        }
        continue;
      }
      const hash = linkHash(prev, entry);
      links.push({ _id: slotId(LINK, n + links.length), n: n + links.length, entryId: s.entryId, slot: s.n, prev, hash, sealedAt: new Date() });
      linked.add(s.entryId);
      prev = hash;
    }
    // In order, in one write: another sealer that took a link first stops the write there, and this one stops.
    const stored = await insertLinks(chain, links);
    await insertEach(chain, links.slice(0, stored).map((l) => ({ _id: sealedId(l.entryId), link: l.n })));
    n += stored;
    sealed += stored;
    if (stored < links.length || waiting) break;
  }
  return { sealed, links: n };
}

/** The links, in order, in one write: how many were written before one another sealer had taken. */
async function insertLinks(chain: ChainModels['AuditChain'], links: readonly object[]): Promise<number> {
  if (links.length === 0) return 0;
  try {
    await chain.collection.insertMany(links as never[], { ordered: true });
    return links.length;
  } catch (err) {
    const first = ([] as { index?: number }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? [])[0];
    if (!isDuplicateKey(err) || first?.index === undefined) throw err;
    return first.index;
  }
}

/**
 * The markers of the last link and of any link before it a run stopped short of marking
 * (its links are written in one write, their markers in the next): back from the last
 * link until one is marked, one read each (one in all when the last run finished).
 */
async function markSealed(chain: ChainModels['AuditChain'], last: Link): Promise<void> {
  for (let link: Link | null = last; link; link = link.n > 0 ? await readById<Link>(chain, slotId(LINK, link.n - 1)) : null) {
    if (await readById(chain, sealedId(link.entryId), { _id: 1 })) return;
    await insertOnce(chain, { _id: sealedId(link.entryId), link: link.n });
  }
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
