// The store's outbox: where a partner agency finds its referrals' outcomes
// (referral-form-models.ts), one insert-only entry per authorised decision version, read
// through the agency's keyed log by `_id`: a filter on the agency (and a sort by when
// posted) would have FerretDB scan and sort every entry kept for every agency.
import { logLength, slotId } from './keyed-log.js';
import { appendToLogOnce } from './log-appends.js';
import { insertOnce, readById, type Models } from './models.js';
import { outboxKey, outboxLogOf } from './projector.js';

/** An outbox entry as the activity posts it. */
export type OutboxEntryInput = { _id: string; agency: string; postedAt: Date } & Record<string, unknown>;

/** At most this many entries a read. */
const PAGE = 500;
/**
 * How far the log's order may stray from the order of `postedAt`: two outcomes posted for
 * one agency at the same moment are logged in either order. Reads look this many slots
 * either side of where the times say.
 */
const STRAY = 16;

type Slot = OutboxEntryInput & { entryId: string; key: string; n: number };

export function outboxStore(models: Pick<Models, 'OutboxEntry' | 'OutboxLogEntry'>) {
  const { OutboxEntry, OutboxLogEntry } = models;
  const slotAt = (agency: string, n: number) => readById<Slot>(OutboxLogEntry, slotId(agency, n));

  /** The first slot posted at or after `since` (a binary search over `_id` reads). */
  async function firstSince(agency: string, since: Date, end: number): Promise<number> {
    let [lo, hi] = [0, end];
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const slot = await slotAt(agency, mid);
      if (slot && slot.postedAt < since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    /**
     * Insert-only, `_id` `${caseId}:v${decisionVersion}`, then logged in its agency's outbox
     * log once: a retry writes nothing new.
     */
    async postToOutbox(entry: OutboxEntryInput): Promise<void> {
      // A retry logs what the first run recorded, not its own time.
      const posted = (await insertOnce(OutboxEntry, entry)) ? entry : ((await readById<OutboxEntryInput>(OutboxEntry, entry._id)) ?? entry);
      const { key, entryId, fields } = outboxLogOf(posted);
      await appendToLogOnce(OutboxLogEntry, key, entryId, fields);
    },

    /**
     * The outcomes of the referrals of an organisation within an agency (of the agency's
     * referrers with no organisation, when none is given), oldest first, at most 500 from `since`.
     */
    async readOutbox<T>(agencyName: string, since?: string, organisation?: string): Promise<T[]> {
      const agency = outboxKey(agencyName, organisation);
      const end = await logLength(OutboxLogEntry, agency);
      const from = since ? Math.max(0, (await firstSince(agency, new Date(since), end)) - STRAY) : 0;
      const upto = Math.min(end, from + PAGE + 2 * STRAY);
      const slots = await Promise.all(Array.from({ length: upto - from }, (_, i) => slotAt(agency, from + i)));
      const after = since ? new Date(since) : undefined;
      const entries = new Map<string, OutboxEntryInput>();
      for (const s of slots) {
        if (!s || (after && s.postedAt < after)) continue;
        const { entryId, key: _, n: __, ...fields } = s;
        entries.set(entryId, { ...fields, _id: entryId });
      }
      return [...entries.values()]
        .sort((a, b) => +a.postedAt - +b.postedAt || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
        .slice(0, PAGE) as unknown as T[];
    },
  };
}
