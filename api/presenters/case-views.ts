// The views of a case for the roles outside the front door (api/schemas/case-views.ts).
// Fields are picked one by one from the records, never spread: what is not named here
// does not reach a partner, a lead agency or a force.
import type { PoliceViewField } from '../../shared/config.js';
import type { AllocationRecord, DecisionRecord } from '../../shared/case/state.js';
import type { PoliceNotification } from '../../shared/schemas/notification.js';
import { agencyPart, type CaseAccess, type Member } from '../policies.js';
import type { ContactRecord, NotificationRecord, PartnerInformationRecord, ReferralFormRecord } from '../queries/records.js';
import type { ReferralForm } from '../../shared/schemas/referral.js';
import type { AgencyCaseSummary, LeadAgencyCaseView, PartnerCaseView, PoliceCaseView } from '../schemas/case-views.js';
import type { Agency } from '../../shared/codes.js';
import { caseLink, contributed } from './cases.js';
import { childrenUnnamed, type ChildrenOf } from '../queries/family.js';

type Location = PoliceNotification['incident']['location'];
const address = (l: Location | undefined) => l && { addressLine: l.addressLine, town: l.town, postcode: l.postcode };

/** A child as a partner sees them, from a notification or a referral form alike. */
type ChildRecord = Pick<PoliceNotification['children'][number], 'givenName' | 'familyName' | 'dateOfBirth' | 'unborn' | 'expectedDateOfDelivery' | 'gender' | 'address' | 'school' | 'gp'>;
/**
 * A child's address, unless it or the household's is confidential (a refuge), or the front
 * door has since marked the case's address confidential (`marked`): then it is withheld,
 * and the reader is told so.
 */
const childSeen = (household: Location | undefined, marked: boolean) => (c: ChildRecord) => ({
  givenName: c.givenName,
  familyName: c.familyName,
  dateOfBirth: c.dateOfBirth,
  unborn: c.unborn ?? false,
  expectedDateOfDelivery: c.expectedDateOfDelivery,
  gender: c.gender ?? 'unknown',
  ...(marked || c.address?.confidential || household?.confidential ? { addressWithheld: true as const } : { address: address(c.address) }),
  school: c.school,
  gp: c.gp,
});
const adultSeen = (a: Pick<PoliceNotification['adults'][number], 'givenName' | 'familyName' | 'dateOfBirth' | 'role'>) => ({ givenName: a.givenName, familyName: a.familyName, dateOfBirth: a.dateOfBirth, role: a.role });

/** The people and the concerns of a referral form or call (no incident): what lets an agency search its records. */
function aboutTheReferral(f: ReferralForm, marked: boolean) {
  return {
    concerns: { circumstances: f.concerns.summary },
    children: f.children.map(childSeen(f.address, marked)),
    adults: f.adults.map(adultSeen),
  };
}

/** The people, the incident and the concerns: what lets an agency search its own records. */
function aboutTheCase(n: PoliceNotification | undefined, form: ReferralFormRecord | null | undefined, marked: boolean) {
  if (form) return aboutTheReferral(form.payload, marked);
  return {
    incident: n && { type: n.incident.type, occurredAt: n.incident.occurredAt },
    concerns: n && { circumstances: n.incident.circumstances, officerConcerns: n.incident.officerConcerns },
    children: (n?.children ?? []).map(childSeen(n?.incident.location, marked)),
    adults: (n?.adults ?? []).map(adultSeen),
  };
}

type Access = Pick<CaseAccess, 'beyondNeedToKnow'>;

/**
 * What a partner's and a lead agency's views begin with (AgencyViewHead): the case, its
 * stage, whether the read was within need to know, the caller's agency, and the people,
 * incident and concerns from the notification or the form.
 */
function agencyViewHead(c: ContactRecord, agency: Agency, access: Access, notification: NotificationRecord | null, form: ReferralFormRecord | null) {
  return {
    ...caseLink(c._id),
    stage: c.stage,
    access: access.beyondNeedToKnow ? ('beyond_need_to_know' as const) : ('need_to_know' as const),
    agency,
    ...aboutTheCase(notification?.payload, form, Boolean(c.status?.addressConfidential)),
  };
}

/** What the case asks of the reader's organisation: one presenter for the case page and every list. */
export function presentOwnPart(c: ContactRecord, who: Member) {
  const part = agencyPart(c, who);
  const r = part.request;
  const a = part.allocation;
  return {
    informationRequest: r && { status: r.status, requestedAt: r.requestedAt, dueAt: r.dueAt, receivedAt: r.receivedAt, late: r.late ?? false },
    partnerActions: part.partnerActions.map((p) => ({ kind: p.kind, detail: p.detail })),
    allocation: a && { status: a.status as 'requested' | 'accepted', requestedAt: a.requestedAt, dueAt: a.dueAt },
  };
}

/** A case in a partner's or lead agency's list: where it is, and what it asks of their own organisation. */
export function presentAgencySummary(c: ContactRecord, who: Member & { agency: Agency }, childrenOf: ChildrenOf = childrenUnnamed): AgencyCaseSummary {
  return {
    ...caseLink(c._id),
    stage: c.stage,
    agency: who.agency,
    incidentType: c.incidentType,
    receivedAt: c.receivedAt?.toISOString(),
    meeting: c.status?.meeting,
    aboutChildren: childrenOf(c),
    ...presentOwnPart(c, who),
  };
}

export function presentPartnerView(
  c: ContactRecord,
  who: Member & { agency: Agency },
  access: Access,
  notification: NotificationRecord | null,
  own: PartnerInformationRecord[],
  form: ReferralFormRecord | null = null,
): PartnerCaseView {
  const agency = who.agency;
  return {
    ...agencyViewHead(c, agency, access, notification, form),
    ...presentOwnPart(c, who),
    contributions: own
      .filter((i) => i.agency === agency)
      .map((i) => ({
        ...contributed(i),
        information: {
          currentInvolvement: i.information.currentInvolvement,
          involvementSummary: i.information.involvementSummary,
          history: i.information.history,
          concerns: i.information.concerns,
          noInformationHeld: i.information.noInformationHeld ?? false,
        },
      })),
  };
}

function allocatingDecision(d: DecisionRecord) {
  return {
    version: d.version,
    status: d.status,
    outcome: d.outcome,
    levelOfNeed: d.levelOfNeed,
    leadAgency: d.leadAgency,
    rationale: d.rationale,
    factors: d.factors,
    partnerActions: d.partnerActions.map((p) => ({ kind: p.kind, agency: p.agency, detail: p.detail })),
    authorisedAt: d.authorisedAt,
    strategyDiscussionDueAt: d.strategyDiscussionDueAt,
  };
}

/**
 * The allocation a lead agency holds and the decision that made it. Read beyond need to
 * know (after declining, say), the agency's latest allocation on the case, if any.
 */
export function presentLeadAgencyView(
  c: ContactRecord,
  who: Member & { agency: Agency },
  access: Access,
  notification: NotificationRecord | null,
  form: ReferralFormRecord | null = null,
): LeadAgencyCaseView {
  const s = c.status;
  const agency = who.agency;
  const allocation: AllocationRecord | undefined =
    agencyPart(c, who).allocation ?? [...(s?.allocations ?? [])].reverse().find((a) => a.leadAgency === agency);
  const decision = allocation && s?.decisions.find((d) => d.version === allocation.decisionVersion);
  return {
    ...agencyViewHead(c, agency, access, notification, form),
    decision: decision && allocatingDecision(decision),
    allocation,
    strategyDiscussion: allocation?.status === 'accepted' ? s?.strategyDiscussion : undefined,
    conference: allocation?.status === 'accepted' ? s?.conference : undefined,
  };
}

/** The force's view: its own reference, and only the fields the council configures. */
export function presentPoliceView(c: ContactRecord, fields: readonly PoliceViewField[]): PoliceCaseView {
  const s = c.status;
  const decided = [...(s?.decisions ?? [])].reverse().find((d) => d.status === 'authorised');
  const all: Required<{ [F in PoliceViewField]: PoliceCaseView[F] }> = {
    stage: c.stage,
    receivedAt: c.receivedAt?.toISOString(),
    rating: c.rating,
    outcome: c.outcome,
    // The level of need of the decision behind the outcome, only once one is authorised.
    levelOfNeed: c.outcome ? decided?.levelOfNeed : undefined,
    decidedAt: s?.decidedAt,
    leadAgency: c.leadAgency,
    closedAt: c.closedAt?.toISOString(),
  };
  return {
    ...caseLink(c._id),
    forceCode: c.forceCode,
    policeReference: c.policeReference,
    ...Object.fromEntries(fields.map((f) => [f, all[f]])),
  };
}
