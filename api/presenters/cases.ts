// What managers and the panel see of cases, and the lists. Database documents never go out
// as they are: each presenter returns exactly its response schema's type (api/schemas).
// The views for partners, lead agencies and forces are in case-views.ts.
import { ETHNICITY_NOT_OBTAINED, POLICE_SOURCE, type EthnicityCode } from '../../shared/codes.js';
import type { StepResult as WorkflowStepResult } from '../../shared/case/state.js';
import type {
  CaseDetail,
  CasePage,
  CaseSummary,
  CaseTimeline,
  PartnerContributions,
  StepResult,
  TimelineEvent,
} from '../schemas/cases.js';
import type { NotificationReceived } from '../commands/submit-notification.js';
import type { NotificationReceipt } from '../schemas/notifications.js';
import type { NearestDeadline } from '../schemas/case-records.js';
import { childrenUnnamed, type ChildrenOf } from '../queries/family.js';
import type { ContactRecord, NotificationRecord, PartnerInformationRecord, ReferralFormRecord, TimelineRecord } from '../queries/records.js';

export const caseUrl = (caseId: string) => `/api/v1/cases/${caseId}`;
/** A case named and linked: the head of every answer about one case, and a link to another. */
export const caseLink = (caseId: string) => ({ caseId, url: caseUrl(caseId) });
export const childContactsUrl = (personId: string) => `/api/v1/people/${personId}/contacts`;

/** Who shared a contribution, when, and whether late: the same in every view that shows one. */
export const contributed = (i: PartnerInformationRecord) => ({
  submittedAt: i.submittedAt.toISOString(),
  submittedBy: { id: i.submittedBy.id, name: i.submittedBy.name, agency: i.submittedBy.agency },
  late: i.late ?? false,
});

/**
 * The case's nearest deadline still running. Before authorisation the decision deadline and
 * the statutory backstop (an authorised decision within one working day of receipt) both
 * run, so a green case's three working days never hide a backstop due tomorrow; an
 * allocation's accept-by time; an s47's strategy discussion until it is recorded, then the
 * initial child protection conference its enquiry leads to.
 */
export function nearestDeadline(c: ContactRecord): NearestDeadline | undefined {
  const s = c.status;
  const running: [NearestDeadline['kind'], string | undefined][] = [];
  if (c.stage === 'awaiting_rating') running.push(['rating', s?.ratingDueAt]);
  if (['received', 'awaiting_decision', 'awaiting_authorisation'].includes(c.stage)) running.push(['decision', c.decisionDueAt?.toISOString()], ['statutory', s?.statutoryDueAt]);
  if (c.stage === 'awaiting_allocation') running.push(['acceptance', [...(s?.allocations ?? [])].reverse().find((a) => a.status === 'requested')?.dueAt]);
  if (['awaiting_allocation', 'awaiting_strategy_discussion'].includes(c.stage) && !s?.strategyDiscussion) running.push(['strategy_discussion', s?.strategyDiscussionDueAt]);
  if (c.stage === 'awaiting_conference' && !s?.conference) running.push(['conference', s?.strategyDiscussion?.conferenceDueAt]);
  const due = running.filter((r): r is [NearestDeadline['kind'], string] => r[1] !== undefined).sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]))[0];
  return due && { kind: due[0], dueAt: new Date(due[1]).toISOString() };
}

export function presentCaseSummary(c: ContactRecord, childrenOf: ChildrenOf = childrenUnnamed, linked?: ReadonlyMap<string, string[]>): CaseSummary {
  const s = c.status;
  return {
    ...caseLink(c._id),
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
    carriedOverFrom: s?.carriedOverFrom ?? [],
    partnerInformation: s?.partnerInformation.map((r) => ({ agency: r.agency, status: r.status, dueAt: r.dueAt, late: r.late ?? false })) ?? [],
    aboutChildren: childrenOf(c),
    nearestDeadline: nearestDeadline(c),
    ...(linked ? { linkedContacts: linked.get(c._id) ?? [] } : {}),
    ...(s?.duplicateOf ? { duplicateOf: s.duplicateOf.caseId } : {}),
  };
}

export function presentTimeline(events: TimelineRecord[]): TimelineEvent[] {
  return events.map((e) => ({
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    ...(e.actor ? { actor: { id: e.actor.id, name: e.actor.name, role: e.actor.role, agency: e.actor.agency } } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.details ? { details: e.details } : {}),
  }));
}

/** The whole case, with its notification and history: for managers and panel members. */
export function presentCaseDetail(
  c: ContactRecord,
  timeline: TimelineRecord[],
  notification: NotificationRecord | null,
  followedBy: string[] = [],
  referralForm: ReferralFormRecord | null = null,
  ethnicity: Record<string, EthnicityCode> = {},
): CaseDetail {
  const s = c.status;
  return {
    ...presentCaseSummary(c),
    source: c.source ?? POLICE_SOURCE,
    ...(referralForm ? { referralForm: referralForm.payload, ratingDueAt: s?.ratingDueAt, referrerFeedback: s?.referrerFeedback } : {}),
    forceCode: c.forceCode,
    policeReference: c.policeReference,
    statutoryDueAt: s?.statutoryDueAt,
    ratingHistory: s?.ratingHistory ?? [],
    escalations: s?.escalations ?? [],
    decisions: s?.decisions ?? [],
    allocations: s?.allocations ?? [],
    // MARAC on either recognised criterion the case can show: the DASH, or escalation (the count).
    maracReferralRequired: (s?.maracReferralRequired ?? false) || s?.maracEscalation !== undefined,
    ...(s?.maracEscalation ? { maracEscalation: s.maracEscalation } : {}),
    earlierContacts: (s?.earlierContactIds ?? []).map(caseLink),
    policeFeedback: s?.policeFeedback,
    strategyDiscussionDueAt: s?.strategyDiscussionDueAt,
    strategyDiscussion: s?.strategyDiscussion,
    conference: s?.conference,
    decidedAt: s?.decidedAt,
    closedAt: c.closedAt?.toISOString(),
    notification: notification?.payload,
    // Police updates: the version shown above, what each update changed, the closed case a re-contact follows.
    notificationVersion: s?.notificationVersion ?? 1,
    notificationUpdates: s?.notificationUpdates ?? [],
    ...(s?.recontactOf ? { recontactOf: caseLink(s.recontactOf) } : {}),
    // After a police update: the children of the version shown, in its order (a child it
    // no longer names keeps the contact in their chronology, but is not listed here).
    children: (s?.versionChildPersonIds ?? c.childPersonIds ?? []).map((personId) => ({ personId, contactsUrl: childContactsUrl(personId), ethnicity: ethnicity[personId] ?? ETHNICITY_NOT_OBTAINED })),
    followedBy: followedBy.map(caseLink),
    history: presentTimeline(timeline),
  };
}

export function presentCasePage(
  items: ContactRecord[],
  page: { page: number; pageSize: number; total: number; receivedFrom: Date },
  childrenOf: ChildrenOf = childrenUnnamed,
): CasePage {
  return { items: items.map((c) => presentCaseSummary(c, childrenOf)), ...page, receivedFrom: page.receivedFrom.toISOString() };
}

export function presentCaseTimeline(caseId: string, events: TimelineRecord[]): CaseTimeline {
  return { caseId, events: presentTimeline(events) };
}

export function presentPartnerContributions(caseId: string, items: PartnerInformationRecord[]): PartnerContributions {
  return {
    caseId,
    items: items.map((i) => ({ agency: i.agency, ...contributed(i), information: i.information })),
  };
}

export function presentStepResult(r: WorkflowStepResult & { decidedTogether?: WorkflowStepResult[] }): StepResult {
  const together = r.decidedTogether?.map((t) => ({ ...caseLink(t.caseId), stage: t.stage }));
  return { ...caseLink(r.caseId), stage: r.stage, ...(together ? { decidedTogether: together } : {}) };
}

export function presentNotificationReceipt(r: NotificationReceived): NotificationReceipt {
  const url = caseUrl(r.caseId);
  if (r.duplicate) return { caseId: r.caseId, url, duplicate: true, updated: false, version: r.version };
  if (r.status === 200) return { caseId: r.caseId, url, duplicate: false, updated: true, version: r.version };
  return { caseId: r.caseId, url, duplicate: false, updated: r.updated, version: r.version, ...(r.recontactOf ? { recontactOf: r.recontactOf } : {}) };
}
