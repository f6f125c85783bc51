// A person as the front door has corrected who is who (shared/db/store-person-links.ts): the
// person records merged with them (followed link by link, each log read by `_id`; a merge
// undone by a later `unmerged` link no longer followed), the contacts split away from each,
// and the contacts moved to them by a split. The chronology, the household and the intake's
// look-back (a re-contact) all read a person through this, so a correction is followed
// everywhere at once.
import type { Store } from './db/store.js';

/** At most this many person records are read as one (merges followed). */
const MOST_MERGED = 20;

export interface LinkedPerson {
  /** The person and every record merged with them, the person first. */
  ids: string[];
  /** Per record: the records it stands merged with now (merges less those undone). */
  mergedWith: Map<string, Set<string>>;
  /** Per record: the contacts split away from it (another person's now). */
  away: Map<string, Set<string>>;
  /** Per record: the contacts moved to it by a split, with who they were moved from. */
  movedIn: Map<string, { caseId: string; at: Date; from: string }[]>;
}

export async function linkedPerson(store: Pick<Store, 'readPersonLinks'>, personId: string): Promise<LinkedPerson> {
  const ids = [personId];
  const mergedWith = new Map<string, Set<string>>();
  const away = new Map<string, Set<string>>();
  const movedIn = new Map<string, { caseId: string; at: Date; from: string }[]>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // Oldest first: a merge stands until a later link in the same log undoes it.
    const merged = new Set<string>();
    for (const link of await store.readPersonLinks(id)) {
      if (link.kind === 'merged') merged.add(link.other);
      if (link.kind === 'unmerged') merged.delete(link.other);
      if (link.kind === 'split_away') for (const c of link.cases ?? []) away.set(id, (away.get(id) ?? new Set()).add(c.caseId));
      if (link.kind === 'split_from') movedIn.set(id, [...(movedIn.get(id) ?? []), ...(link.cases ?? []).map((c) => ({ ...c, from: link.other }))]);
    }
    mergedWith.set(id, merged);
    for (const other of merged) if (!ids.includes(other) && ids.length < MOST_MERGED) ids.push(other);
  }
  return { ids, mergedWith, away, movedIn };
}
