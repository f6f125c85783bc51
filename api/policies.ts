// Who may do what at the front door: one table of roles × actions, and the rules that
// depend on the notification, case or queue in hand. The API's routes and commands and
// the web pages ask here and nowhere else; a refusal is the same 403 problem everywhere.
// Each user sees only what their role and agency need (domain.md, information governance).
import type { AllocationRecord, CaseStatus, DecisionRecord, PartnerInformationRequest, Stage } from '../shared/case/state.js';
import type { CaseStep } from '../shared/case/steps.js';
import { agencies, type Agency } from '../shared/codes.js';
import type { FrontDoorPolicy, PoliceViewField } from '../shared/config.js';
import { addressedTo } from '../shared/organisations.js';
import type { DecisionInput } from '../shared/schemas/steps.js';
import type { AuditAction } from './audit.js';
import type { Principal, Role } from './auth/roles.js';
import { problems } from './errors.js';
import { agencyPart, needToKnowUntil, type CaseFacts } from './need-to-know.js';
import type { QueueName } from './schemas/requests.js';

/** Reading and submitting: the consultations and the collection the audit trail records. */
const readAndSubmit = {
  'notification.submit': ['police_system'],
  'case.list': ['front_door_manager'],
  // Within the rules below: police their own force's; partners and lead agencies their
  // agency's need to know, or beyond it with a reason.
  'case.read': ['police_system', 'partner_practitioner', 'panel_member', 'front_door_manager', 'lead_agency_worker'],
  'case.timeline.read': ['panel_member', 'front_door_manager'],
  'case.partner_information.read': ['partner_practitioner', 'panel_member', 'front_door_manager'],
  'agenda.read': ['partner_practitioner', 'panel_member', 'front_door_manager'],
  'queue.read': ['front_door_manager', 'lead_agency_worker'],
  'figures.read': ['front_door_manager'],
  // Counts by locality and incident type: no child is named.
  'themes.read': ['front_door_manager', 'panel_member'],
  'audit.read': ['auditor'],
  // Every read beyond need to know with its reason, counted per person: for review.
  'break_glass.read': ['front_door_manager', 'auditor'],
  // What a practitioner's agency is still asked to bring to the PIT Stop.
  'queue.information_requests.read': ['partner_practitioner'],
  // A child's chronology: every contact about them, for the panel weighing a new one.
  'person.contacts.read': ['panel_member', 'front_door_manager'],
  'person.household.read': ['panel_member', 'front_door_manager'],
  // A partner's referral form (MARF); the front door records calls (family, public, anonymous).
  'referral.submit': ['partner_practitioner', 'front_door_manager'],
  // The outcomes of the caller's agency's own referrals.
  'outbox.read': ['partner_practitioner'],
  // The rights of the people in the records: the front door corrects a person's details
  // (a child's ethnicity recorded is one); subject access exports and the report of the
  // disclosures about a person are for managers and information governance (auditor).
  'person.rectify': ['front_door_manager', 'panel_member'],
  // Who is who: two records merged as one person, or a wrongly matched person split.
  'person.merge': ['front_door_manager'],
  'person.split': ['front_door_manager'],
  'person.subject_access': ['front_door_manager', 'auditor'],
  'person.disclosures.read': ['front_door_manager', 'auditor'],
  // Legal holds on a case or a person: managers and information governance place and lift them.
  'legal_hold.manage': ['front_door_manager', 'auditor'],
  // Ofsted's Annex A lists, each audited as a disclosure of every case it names.
  'returns.annex_a': ['front_door_manager', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * The daily PIT Stop meeting as a record: its register, start and end, and its minutes.
 * The panel (and its chair) and front-door managers record the meeting. The minutes name
 * the children on the agenda and the decisions made about them: only the panel, managers
 * and auditors need them; partners and lead agencies read their cases one by one, within
 * their own need to know.
 */
const meetings = {
  'meeting.read': ['panel_member', 'front_door_manager', 'auditor'],
  // A decision outside the meeting (none opened that day, a red contact triaged at once):
  // the panel (its chair is a panel member) or a front-door manager, never anyone else.
  'decision.outside_meeting': ['panel_member', 'front_door_manager'],
  'meeting.open': ['panel_member', 'front_door_manager'],
  'meeting.register.add': ['panel_member', 'front_door_manager'],
  'meeting.close': ['panel_member', 'front_door_manager'],
} as const satisfies Record<string, readonly Role[]>;

/** The human steps of the process. The workflow still decides whether the case is at that step. */
const steps: Record<CaseStep, readonly Role[]> = {
  // A contact with no police grading (a referral form, a call) is rated by the front door.
  rateContact: ['front_door_manager', 'panel_member'],
  changeRating: ['front_door_manager', 'panel_member'],
  submitPartnerInformation: ['partner_practitioner'],
  recordDecision: ['panel_member'],
  authoriseDecision: ['front_door_manager'],
  amendDecision: ['front_door_manager'],
  respondToAllocation: ['lead_agency_worker'],
  // The lead agency (children's social care) holds the s47 strategy discussion.
  recordStrategyDiscussion: ['lead_agency_worker'],
  // s47 enquiry: children's social care records the initial child protection conference held;
  // a front-door manager may too (the managers watch the conferences due).
  recordConference: ['lead_agency_worker', 'front_door_manager'],
  // The front door, who keep the address, withhold it from everyone else (a refuge).
  markAddressConfidential: ['front_door_manager', 'panel_member'],
  // A manager finds a contact a duplicate of another: it is then not decided separately.
  markDuplicate: ['front_door_manager'],
};

export const permissions: Record<Action, readonly Role[]> = { ...readAndSubmit, ...meetings, ...steps };
export type Action = keyof typeof readAndSubmit | keyof typeof meetings | CaseStep;

/** The roles that may take an action at all, before any rule about the thing in hand. */
export const rolesFor = (action: Action): readonly Role[] => permissions[action];

export { agencyPart, currentDecision, needToKnowUntil, type AgencyPart, type CaseFacts, type Member } from './need-to-know.js';

export function permits(role: Role, action: Action): boolean {
  return permissions[action].includes(role);
}

/** The policy settings need to know reads: how long it lasts, and the shortest reason beyond it. */
export type NeedToKnowPolicy = Pick<FrontDoorPolicy, 'needToKnowDaysAfter' | 'breakGlassReasonMinLength'>;

/** The queue names a lead agency may open: only the allocations awaiting its acceptance. */
const leadAgencyQueues: readonly QueueName[] = ['awaiting_acceptance'];

/** The actions whose answer depends on the thing in hand, and what that thing is. */
interface Resources {
  'notification.submit': { forceCode: string };
  'queue.read': { queue: QueueName };
}
/** Case reads answer with a view: `authorizeCaseRead`. */
type CaseReadAction = 'case.read' | 'case.partner_information.read';
type AuthorizeArgs = {
  [A in Exclude<Action, CaseReadAction>]: A extends keyof Resources ? [action: A, resource: Resources[A]] : [action: A];
}[Exclude<Action, CaseReadAction>];

/** The role check alone: throws the 403 problem if the role may never take the action. */
export function requireRole(p: Principal, action: Action): void {
  if (!permits(p.role, action)) throw problems.forbidden(`${p.role} may not do this`);
}

/** Throws the 403 problem unless the principal may take the action on this resource. */
export function authorize(p: Principal, ...[action, resource]: AuthorizeArgs): void {
  requireRole(p, action);
  switch (action) {
    case 'notification.submit':
      if (p.force !== resource.forceCode) throw problems.forbidden(`credentials are for force ${p.force}, not ${resource.forceCode}`);
      return;
    case 'queue.read':
      if (p.role === 'lead_agency_worker' && !leadAgencyQueues.includes(resource.queue)) {
        throw problems.forbidden('lead agencies see only the awaiting_acceptance queue');
      }
      return;
  }
}

// ---- Need to know ----------------------------------------------------------------------

/**
 * Whether the case is within the principal's need to know without a reason: a partner
 * practitioner's organisation has an open request, a partner action or an allocation on
 * it; a lead agency worker's organisation holds its allocation; each for as long as the
 * policy says (`needToKnowUntil`). Sharing unasked gives none (workflows/case.ts).
 * Managers and the panel need every case.
 */
export function withinNeedToKnow(p: Principal, c: CaseFacts, policy: Pick<NeedToKnowPolicy, 'needToKnowDaysAfter'>, now = Date.now()): boolean {
  switch (p.role) {
    case 'front_door_manager':
    case 'panel_member':
      return true;
    case 'partner_practitioner': {
      const until = needToKnowUntil(c, agencyPart(c, p), policy.needToKnowDaysAfter);
      return until !== undefined && now < until;
    }
    case 'lead_agency_worker': {
      const { allocation } = agencyPart(c, p);
      const until = allocation && needToKnowUntil(c, { partnerActions: [], allocation }, policy.needToKnowDaysAfter);
      return until !== undefined && now < until;
    }
    default:
      return false;
  }
}

/** What each role is shown of a case (api/schemas/case-views.ts and cases.ts). */
export type CaseView = 'full' | 'lead_agency' | 'partner' | 'police';

/** A permitted case read: the view to present, and on what ground it was permitted. */
export interface CaseAccess {
  view: CaseView;
  /** Read outside the caller's need to know, for the reason given (X-Reason). */
  beyondNeedToKnow: boolean;
  /** The audit action that records this read. */
  auditAction: AuditAction;
}

/** Audit actions of reads made outside the reader's need to know, with their reason. */
const beyondNeedToKnow = {
  'case.read': 'case.read.beyond_need_to_know',
  'case.partner_information.read': 'case.partner_information.read.beyond_need_to_know',
} as const satisfies Record<CaseReadAction, AuditAction>;

const viewOfRole: Partial<Record<Role, CaseView>> = {
  front_door_manager: 'full',
  panel_member: 'full',
  partner_practitioner: 'partner',
  lead_agency_worker: 'lead_agency',
  police_system: 'police',
};

/**
 * Throws the 403 problem unless the principal may read this case, else answers with the
 * view they are shown. Outside their need to know a partner practitioner or lead agency
 * worker reads only by giving a reason (the X-Reason header), audited as its own action.
 * A force reads its own notifications' cases only; a case still being received has no
 * force on record yet and is refused to every force (403, as another force's case is).
 */
export function authorizeCaseRead(p: Principal, action: CaseReadAction, c: CaseFacts, reason: string | undefined, policy: NeedToKnowPolicy): CaseAccess {
  const reasonMinLength = policy.breakGlassReasonMinLength;
  requireRole(p, action);
  const view = viewOfRole[p.role];
  if (!view) throw problems.forbidden(`${p.role} may not read cases`);
  if (p.role === 'police_system') {
    if (c.source != null && c.source !== '6') throw problems.forbidden('not a police notification');
    if (c.forceCode == null) throw problems.forbidden('the case is still being received: no force is on record for it yet');
    if (c.forceCode !== p.force) throw problems.forbidden("another force's notification");
    return { view, beyondNeedToKnow: false, auditAction: action };
  }
  if (withinNeedToKnow(p, c, policy)) return { view, beyondNeedToKnow: false, auditAction: action };
  if (!reason?.trim()) {
    throw p.role === 'lead_agency_worker'
      ? problems.outsideNeedToKnow('not-allocated', 'the case is not allocated to your organisation, or no longer')
      : problems.outsideNeedToKnow('outside-need-to-know', 'your organisation has no open request, partner action or allocation on this case');
  }
  // A reason someone can review later, not a token gesture (BREAK_GLASS_REASON_MIN_LENGTH).
  if (reason.trim().length < reasonMinLength) {
    throw problems.badRequest(`give a reason of at least ${reasonMinLength} characters: it is audited and reviewed`, [
      { path: 'headers.x-reason', code: 'too-small', message: `at least ${reasonMinLength} characters` },
    ]);
  }
  return { view, beyondNeedToKnow: true, auditAction: beyondNeedToKnow[action] };
}

/** The partner agency a practitioner or lead agency worker acts for (their tokens never name the front door). */
export function agencyOf(p: Principal): Agency {
  const agency = agencies.find((a) => a === p.agency);
  if (!agency) throw problems.forbidden('this view is for a partner agency');
  return agency;
}

/** The agenda a partner practitioner sees: the meeting's cases within their organisation's need to know. */
export const agendaShows = (p: Principal, c: CaseFacts, policy: Pick<NeedToKnowPolicy, 'needToKnowDaysAfter'>): boolean =>
  p.role !== 'partner_practitioner' || withinNeedToKnow(p, c, policy);

/** The fields of its own notification's case a force is shown: the council's setting. */
export const policeViewFields = (policy: Pick<FrontDoorPolicy, 'policeViewFields'>): readonly PoliceViewField[] => policy.policeViewFields;

/** A practitioner sees what their own agency shared; the panel and managers see all of it. */
export const partnerInformationScope = (p: Principal): { agency?: string; organisation?: string | null } =>
  p.role === 'partner_practitioner' || p.role === 'lead_agency_worker' ? { agency: p.agency, organisation: p.organisation ?? null } : {};

/** A practitioner sees the requests to their own organisation within their agency. */
export const informationRequestScope = (p: Principal): { agency: string; shows: (c: CaseFacts) => boolean } => ({
  agency: p.agency,
  shows: (c) => addressedTo(c.status?.organisations, p.agency, p.organisation),
});

/** A lead agency sees the allocations waiting for its own organisation's acceptance, nothing else. */
export const queueScope = (p: Principal): { leadAgency?: string; shows?: (c: CaseFacts) => boolean } =>
  p.role === 'lead_agency_worker' ? { leadAgency: p.agency, shows: (c) => addressedTo(c.status?.organisations, p.agency, p.organisation) } : {};
