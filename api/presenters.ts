// What each role sees of a case. Database documents never go out as they are.
import type { Principal } from './auth/roles.js';
import type { CaseStatus, Stage } from '../shared/case/state.js';

interface ContactDoc {
  _id: string;
  stage: Stage;
  receivedAt: Date;
  forceCode?: string;
  policeReference?: string;
  incidentType?: string;
  postcodeDistrict?: string;
  rating?: string;
  breached?: boolean;
  decisionDueAt?: Date;
  leadAgency?: string;
  outcome?: string;
  closedAt?: Date;
  recontact?: boolean;
  repeatReferral?: boolean;
  status?: CaseStatus;
}

interface TimelineDoc {
  seq: number;
  type: string;
  at: Date;
  actor?: { id: string; name: string; role: string; agency: string };
  reason?: string;
  details?: Record<string, unknown>;
}

export const caseUrl = (caseId: string) => `/api/v1/cases/${caseId}`;

/** A row in lists, queues and the agenda. */
export function presentCaseSummary(c: ContactDoc) {
  const s = c.status;
  return {
    caseId: c._id,
    url: caseUrl(c._id),
    stage: c.stage,
    incidentType: c.incidentType,
    postcodeDistrict: c.postcodeDistrict,
    rating: c.rating,
    receivedAt: c.receivedAt?.toISOString(),
    decisionDueAt: c.decisionDueAt?.toISOString(),
    breached: c.breached ?? false,
    leadAgency: c.leadAgency,
    outcome: c.outcome,
    recontact: c.recontact,
    repeatReferral: c.repeatReferral,
    meeting: s?.meeting,
    partnerInformation: s?.partnerInformation.map((r) => ({ agency: r.agency, status: r.status, dueAt: r.dueAt, late: r.late ?? false })) ?? [],
  };
}

/** The police see their own notification's progress and outcome, never partners' contributions. */
export function presentCaseForPolice(c: ContactDoc) {
  return {
    caseId: c._id,
    url: caseUrl(c._id),
    forceCode: c.forceCode,
    policeReference: c.policeReference,
    stage: c.stage,
    receivedAt: c.receivedAt?.toISOString(),
    outcome: c.outcome,
    decidedAt: c.status?.decidedAt,
    leadAgency: c.leadAgency,
    closedAt: c.closedAt?.toISOString(),
  };
}

export function presentTimeline(events: TimelineDoc[]) {
  return events.map((e) => ({
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    ...(e.actor ? { actor: { id: e.actor.id, name: e.actor.name, role: e.actor.role, agency: e.actor.agency } } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.details ? { details: e.details } : {}),
  }));
}

export function presentCase(c: ContactDoc, timeline: TimelineDoc[], notification: unknown, viewer: Principal) {
  if (viewer.role === 'police_system') return presentCaseForPolice(c);
  const s = c.status;
  return {
    ...presentCaseSummary(c),
    source: '6',
    forceCode: c.forceCode,
    policeReference: c.policeReference,
    statutoryDueAt: s?.statutoryDueAt,
    ratingHistory: s?.ratingHistory ?? [],
    escalations: s?.escalations ?? [],
    decisions: s?.decisions ?? [],
    allocations: s?.allocations ?? [],
    maracReferralRequired: s?.maracReferralRequired ?? false,
    earlierContacts: (s?.earlierContactIds ?? []).map((id) => ({ caseId: id, url: caseUrl(id) })),
    policeFeedback: s?.policeFeedback,
    decidedAt: s?.decidedAt,
    closedAt: c.closedAt?.toISOString(),
    notification,
    history: presentTimeline(timeline),
  };
}
