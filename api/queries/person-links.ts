// A person as the front door has corrected who is who (shared/db/store-person-links.ts):
// the person records merged with them (followed link by link, each log read by `_id`), the
// contacts split away from each, and the contacts moved to them by a split. The chronology
// and the household read a person through this, so a merge shows both histories together
// and a split shows a moved contact on the new person's only.
import type { Store } from '../../shared/db/store.js';

import { linkedPerson, type LinkedPerson } from '../../shared/person-links.js';

export { linkedPerson, type LinkedPerson };

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
