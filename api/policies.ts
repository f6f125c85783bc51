// Who may do what at the front door: one table of roles × actions, and the rules that
// depend on the notification, case or queue in hand. The API's routes and commands and
// the web pages ask here and nowhere else; a refusal is the same 403 problem everywhere.
// Each user sees only what their role and agency need (domain.md, information governance).
import type { AllocationRecord, Stage } from '../shared/case/state.js';
import type { CaseStep } from '../shared/case/steps.js';
import type { Principal, Role } from './auth/roles.js';
import { problems } from './errors.js';
import type { QueueName } from './schemas/requests.js';

/** Reading and submitting: the consultations and the collection the audit trail records. */
const readAndSubmit = {
  'notification.submit': ['police_system'],
  'case.list': ['front_door_manager'],
  // Police systems and lead agencies only within the rules below (own force, own allocation).
  'case.read': ['police_system', 'partner_practitioner', 'panel_member', 'front_door_manager', 'lead_agency_worker'],
  'case.timeline.read': ['panel_member', 'front_door_manager'],
  'case.partner_information.read': ['partner_practitioner', 'panel_member', 'front_door_manager'],
  'agenda.read': ['partner_practitioner', 'panel_member', 'front_door_manager'],
  'queue.read': ['front_door_manager', 'lead_agency_worker'],
  'figures.read': ['front_door_manager'],
  'audit.read': ['auditor'],
  // What a practitioner's agency is still asked to bring to the PIT Stop.
  'queue.information_requests.read': ['partner_practitioner'],
  // A child's chronology: every contact about them, for the panel weighing a new one.
  'person.contacts.read': ['panel_member', 'front_door_manager'],
} as const satisfies Record<string, readonly Role[]>;

/** The human steps of the process. The workflow still decides whether the case is at that step. */
const steps: Record<CaseStep, readonly Role[]> = {
  changeRating: ['front_door_manager', 'panel_member'],
  submitPartnerInformation: ['partner_practitioner'],
  recordDecision: ['panel_member'],
  authoriseDecision: ['front_door_manager'],
  amendDecision: ['front_door_manager'],
  respondToAllocation: ['lead_agency_worker'],
  // The lead agency (children's social care) holds the s47 strategy discussion.
  recordStrategyDiscussion: ['lead_agency_worker'],
};

export const permissions: Record<Action, readonly Role[]> = { ...readAndSubmit, ...steps };
export type Action = keyof typeof readAndSubmit | CaseStep;

/** The roles that may take an action at all, before any rule about the thing in hand. */
export const rolesFor = (action: Action): readonly Role[] => permissions[action];

export function permits(role: Role, action: Action): boolean {
  return permissions[action].includes(role);
}

/** What the per-case rules need to know of a case. */
export interface CaseFacts {
  stage: Stage;
  forceCode?: string | null;
  status?: { allocations: readonly Pick<AllocationRecord, 'leadAgency'>[] } | null;
}

/** The queue names a lead agency may open: only the allocations awaiting its acceptance. */
const leadAgencyQueues: readonly QueueName[] = ['awaiting_acceptance'];

/** The actions whose answer depends on the thing in hand, and what that thing is. */
interface Resources {
  'notification.submit': { forceCode: string };
  'case.read': CaseFacts;
  'case.partner_information.read': CaseFacts;
  'queue.read': { queue: QueueName };
}
type AuthorizeArgs = {
  [A in Action]: A extends keyof Resources ? [action: A, resource: Resources[A]] : [action: A];
}[Action];

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
    case 'case.read':
    case 'case.partner_information.read':
      return mayReadCase(p, resource);
    case 'queue.read':
      if (p.role === 'lead_agency_worker' && !leadAgencyQueues.includes(resource.queue)) {
        throw problems.forbidden('lead agencies see only the awaiting_acceptance queue');
      }
      return;
  }
}

/** Role- and agency-based read access to one case. */
function mayReadCase(p: Principal, c: CaseFacts): void {
  switch (p.role) {
    case 'front_door_manager':
    case 'panel_member':
      return;
    case 'police_system':
      // A case still being received exists only in Temporal, its force not yet on record:
      // any force may see that it is being received (nothing else is shown then).
      if (c.forceCode !== undefined && c.forceCode !== p.force) throw problems.forbidden("another force's notification");
      return;
    case 'partner_practitioner':
      // The cases on the agenda: open contacts the panel is still considering.
      if (c.stage === 'closed') throw problems.forbidden('closed cases are not on the agenda');
      return;
    case 'lead_agency_worker':
      if (!c.status?.allocations.some((a) => a.leadAgency === p.agency)) throw problems.forbidden('not allocated to your agency');
      return;
    default:
      throw problems.forbidden(`${p.role} may not read cases`);
  }
}

/** The police see their own notification's progress and outcome, never partners' contributions. */
export const caseViewFor = (p: Principal): 'police' | 'full' => (p.role === 'police_system' ? 'police' : 'full');

/** A practitioner sees what their own agency shared; the panel and managers see all of it. */
export const partnerInformationScope = (p: Principal): { agency?: string } =>
  p.role === 'partner_practitioner' ? { agency: p.agency } : {};

/** A practitioner sees the requests to their own agency. */
export const informationRequestScope = (p: Principal): { agency: string } => ({ agency: p.agency });

/** A lead agency sees the allocations waiting for its own acceptance, nothing else. */
export const queueScope = (p: Principal): { leadAgency?: string } =>
  p.role === 'lead_agency_worker' ? { leadAgency: p.agency } : {};
