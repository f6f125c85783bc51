// What a case page shows, read through the API: the case (its read is audited as a
// consultation), what partners shared, and the earlier contacts about the same children.
import type { ApiClient } from './api-client.js';
import type { CaseDetail, CaseSummary, SharedInformation } from './api-types.js';

export interface CaseView {
  c: CaseDetail;
  shared: SharedInformation[];
  earlier: CaseSummary[];
}

/** Enough earlier contacts for the panel to see the pattern; the chronology has them all. */
const EARLIER_SHOWN = 10;

export async function loadCaseView(api: ApiClient, caseId: string, opts: { sharedInformation: boolean; earlierContacts: boolean }): Promise<CaseView> {
  const id = encodeURIComponent(caseId);
  const c = await api.get<CaseDetail>(`/cases/${id}`);
  const [shared, earlier] = await Promise.all([
    opts.sharedInformation
      ? api.get<{ items: SharedInformation[] }>(`/cases/${id}/partner-information`).then((r) => r.items)
      : Promise.resolve([] as SharedInformation[]),
    opts.earlierContacts
      ? Promise.all(
          (c.earlierContacts ?? []).slice(0, EARLIER_SHOWN).map((e) => api.find<CaseDetail>(`/cases/${encodeURIComponent(e.caseId)}`)),
        ).then((list) => list.filter((x): x is CaseDetail => !!x).map(summaryOf))
      : Promise.resolve([] as CaseSummary[]),
  ]);
  return { c, shared, earlier };
}

const summaryOf = (c: CaseDetail): CaseSummary => ({
  caseId: c.caseId,
  stage: c.stage,
  incidentType: c.incidentType,
  postcodeDistrict: c.postcodeDistrict,
  rating: c.rating,
  receivedAt: c.receivedAt,
  decisionDueAt: c.decisionDueAt,
  breached: c.breached,
  leadAgency: c.leadAgency,
  outcome: c.outcome,
  recontact: c.recontact,
  partnerInformation: c.partnerInformation,
  policeReference: c.policeReference,
});

/** The decision in force or waiting: the latest version. */
export const currentDecision = (c: CaseDetail) => c.decisions.at(-1);
