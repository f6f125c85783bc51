// What a case page shows, read through the API: the case (its read is audited as a
// consultation), what partners shared, and the earlier contacts about the same children.
import type { ApiClient } from './api-client.js';
import type { CaseDetail, PartnerContributions } from '../api/schemas/cases.js';
import type { ChildContacts } from '../api/schemas/people.js';

type SharedInformation = PartnerContributions['items'][number];
/** One line of a child's chronology (GET /people/{personId}/contacts). */
type ChronologyEntry = ChildContacts['items'][number];

export interface CaseView {
  c: CaseDetail;
  shared: SharedInformation[];
  /** The contacts the engine links as earlier (same children, previous 12 months), newest first. */
  earlier: ChronologyEntry[];
}

export async function loadCaseView(api: ApiClient, caseId: string, opts: { sharedInformation: boolean; earlierContacts: boolean; takenWith?: boolean }): Promise<CaseView> {
  const id = encodeURIComponent(caseId);
  // The linked contacts it may be decided with, where the page offers them (the PIT Stop's decision).
  const c = await api.get<CaseDetail>(`/cases/${id}${opts.takenWith ? '?with=takenWith' : ''}`);
  const [shared, earlier] = await Promise.all([
    opts.sharedInformation
      ? api.get<PartnerContributions>(`/cases/${id}/partner-information`).then((r) => r.items)
      : Promise.resolve([] as SharedInformation[]),
    opts.earlierContacts ? earlierContacts(api, c) : Promise.resolve([] as ChronologyEntry[]),
  ]);
  return { c, shared, earlier };
}

/**
 * The engine names the earlier contacts; the children's chronologies describe them (one
 * call per child rather than one per contact), asked for those contacts alone: the API
 * records a consultation of each contact it gives, and the page shows these.
 */
async function earlierContacts(api: ApiClient, c: CaseDetail): Promise<ChronologyEntry[]> {
  const wanted = new Set((c.earlierContacts ?? []).map((e) => e.caseId));
  if (wanted.size === 0) return [];
  const only = encodeURIComponent([...wanted].slice(0, 100).join(','));
  const chronologies = await Promise.all(
    (c.children ?? []).map((ch) => api.find<ChildContacts>(`/people/${encodeURIComponent(ch.personId)}/contacts?caseIds=${only}`)),
  );
  const byCase = new Map<string, ChronologyEntry>();
  for (const chronology of chronologies) for (const e of chronology?.items ?? []) if (wanted.has(e.caseId)) byCase.set(e.caseId, e);
  return [...byCase.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}

/** The decision in force or waiting: the latest version. */
export const currentDecision = (c: CaseDetail) => c.decisions.at(-1);
