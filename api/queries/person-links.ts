// A person as the front door has corrected who is who (shared/db/store-person-links.ts):
// the person records merged with them (followed link by link, each log read by `_id`), the
// contacts split away from each, and the contacts moved to them by a split. The chronology
// and the household read a person through this, so a merge shows both histories together
// and a split shows a moved contact on the new person's only.
import type { Store } from '../../shared/db/store.js';

/** At most this many person records are read as one (merges followed). */
const MOST_MERGED = 20;

export interface LinkedPerson {
  /** The person and every record merged with them, the person first. */
  ids: string[];
  /** Per record: the contacts split away from it (another person's now). */
  away: Map<string, Set<string>>;
  /** Per record: the contacts moved to it by a split, with who they were moved from. */
  movedIn: Map<string, { caseId: string; at: Date; from: string }[]>;
}

export async function linkedPerson(store: Store, personId: string): Promise<LinkedPerson> {
  const ids = [personId];
  const away = new Map<string, Set<string>>();
  const movedIn = new Map<string, { caseId: string; at: Date; from: string }[]>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    for (const link of await store.readPersonLinks(id)) {
      if (link.kind === 'merged' && !ids.includes(link.other) && ids.length < MOST_MERGED) ids.push(link.other);
      if (link.kind === 'split_away') for (const c of link.cases ?? []) away.set(id, (away.get(id) ?? new Set()).add(c.caseId));
      if (link.kind === 'split_from') movedIn.set(id, [...(movedIn.get(id) ?? []), ...(link.cases ?? []).map((c) => ({ ...c, from: link.other }))]);
    }
  }
  return { ids, away, movedIn };
}

/**
 * The newest `limit` contacts of a person as linked (case id, received), newest first: each
 * record's own log and the contacts moved to it, less those split away from it.
 */
export async function linkedNewestContacts(store: Store, linked: LinkedPerson, limit: number): Promise<[string, Date][]> {
  const perRecord = await Promise.all(
    linked.ids.map(async (id) => {
      const away = linked.away.get(id) ?? new Set<string>();
      const own = [...(await store.readNewestChildContacts(id, limit + away.size))];
      const moved = (linked.movedIn.get(id) ?? []).map((m) => [m.caseId, new Date(m.at)] as [string, Date]);
      return [...own, ...moved].filter(([caseId]) => !away.has(caseId));
    }),
  );
  const byCase = new Map(perRecord.flat());
  return [...byCase].sort(([a, at], [b, bt]) => +bt - +at || a.localeCompare(b)).slice(0, limit);
}

/**
 * Every case naming the person as linked (their whole logs, not only the newest): what a
 * subject access export, the disclosures about them and their corrections' audit go by, so
 * a contact split away is no longer theirs and a merged record's are.
 */
export async function linkedCaseIds(store: Store, personId: string): Promise<string[]> {
  const linked = await linkedPerson(store, personId);
  const perRecord = await Promise.all(
    linked.ids.map(async (id) => {
      const away = linked.away.get(id) ?? new Set<string>();
      const own = (await store.readChildHistoryEntries(id)).map((e) => e.caseId);
      return [...own, ...(linked.movedIn.get(id) ?? []).map((m) => m.caseId)].filter((caseId) => !away.has(caseId));
    }),
  );
  return [...new Set(perRecord.flat())].sort();
}
