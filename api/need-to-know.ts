// Need to know: what a case asks of an organisation within an agency (a school, a GP
// practice, a team), and until when that gives its people the case without a reason.
// api/policies.ts decides with these, and re-exports them.
import type { AllocationRecord, CaseStatus, DecisionRecord, PartnerInformationRequest, Stage } from '../shared/case/state.js';
import { addressedTo } from '../shared/organisations.js';
import type { DecisionInput } from '../shared/schemas/steps.js';
import type { Principal } from './auth/roles.js';

/** What the per-case rules need to know of a case. */
export interface CaseFacts {
  stage: Stage;
  forceCode?: string | null;
  /** CIN census contact source; a force reads only police notifications' cases (6). */
  source?: string | null;
  /** When the case closed: need to know lasts NEED_TO_KNOW_DAYS_AFTER beyond it. */
  closedAt?: Date | string | null;
  /** Absent while the case is still being received. */
  status?: Pick<CaseStatus, 'partnerInformation' | 'decisions' | 'allocations' | 'organisations'> | null;
}

/**
 * The decision in force: the newest version, unless a manager returned it or it was
 * superseded (amended, or its allocation declined). A proposed decision counts: the
 * agencies it asks to act learn of it while the manager considers it.
 */
export function currentDecision(c: CaseFacts): DecisionRecord | undefined {
  const newest = c.status?.decisions.at(-1);
  return newest && (newest.status === 'proposed' || newest.status === 'authorised') ? newest : undefined;
}

/** An allocation the agency still holds: asked of it, or accepted (not declined, not withdrawn). */
const live = (a: AllocationRecord) => a.status === 'requested' || a.status === 'accepted';

/** What a case asks of one organisation within an agency: the grounds of its people's need to know. */
export interface AgencyPart {
  /** The request for what the agency knows, whatever its status. */
  request?: PartnerInformationRequest;
  /** What the decision in force asks the agency to do. */
  partnerActions: DecisionInput['partnerActions'];
  /** The agency's allocation while it holds it (requested or accepted). */
  allocation?: AllocationRecord;
}

/** Whom a case's part is for: an agency, and the person's organisation within it (school, practice, team). */
export type Member = Pick<Principal, 'agency' | 'organisation'>;

/**
 * What the case asks of the member's organisation. An agency's part goes to the
 * organisations the case names for it (the children's schools, their GP practices, or the
 * agency's designated team: shared/organisations.ts); another organisation of the same
 * agency has no part in it.
 */
export function agencyPart(c: CaseFacts, who: Member): AgencyPart {
  const s = c.status;
  if (!addressedTo(s?.organisations, who.agency, who.organisation)) return { partnerActions: [] };
  const agency = who.agency;
  return {
    request: s?.partnerInformation.find((r) => r.agency === agency),
    partnerActions: (currentDecision(c)?.partnerActions ?? []).filter((a) => a.agency === agency),
    allocation: [...(s?.allocations ?? [])].reverse().find((a) => a.leadAgency === agency && live(a)),
  };
}

const DAY_MS = 86_400_000;

/**
 * Until when a part gives need to know (ms since the epoch; Infinity while it lasts;
 * undefined: it gives none). An open request (asked, or marked missing and still
 * answerable), a partner action of the decision in force and an allocation held last until
 * the case closes; an answered request until the answer. Each lasts the policy's days
 * beyond (NEED_TO_KNOW_DAYS_AFTER), then ends.
 */
export function needToKnowUntil(c: CaseFacts, part: AgencyPart, daysAfter: number): number | undefined {
  const beyond = (at: Date | string | null | undefined) => (at == null ? Infinity : Date.parse(String(at instanceof Date ? at.toISOString() : at)) + daysAfter * DAY_MS);
  const untilClosed = beyond(c.closedAt);
  const ends: number[] = [];
  const r = part.request;
  if (r) ends.push(r.status === 'received' ? Math.min(beyond(r.receivedAt), untilClosed) : untilClosed);
  if (part.partnerActions.length > 0 || part.allocation) ends.push(untilClosed);
  return ends.length > 0 ? Math.max(...ends) : undefined;
}
