// The parts of the JSON API's answers the pages read (the contract in /openapi.json).
// Declared here rather than imported from the API's presenters: the pages depend on the
// API's contract, not on its code. The case's own records (decisions, allocations, the
// actors in them) are the shared domain types the API returns as they are.

import type { Actor, AllocationRecord, DecisionRecord } from '../shared/case/state.js';

/** The API's problem+json (RFC 9457), with a path per refused field (`body.rationale`). */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export interface PartnerInformationRequest {
  agency: string;
  status: 'requested' | 'received' | 'missing';
  dueAt?: string;
  late?: boolean;
}

export interface CaseSummary {
  caseId: string;
  stage: string;
  incidentType?: string;
  postcodeDistrict?: string;
  rating?: string;
  receivedAt?: string;
  decisionDueAt?: string;
  breached: boolean;
  leadAgency?: string;
  outcome?: string;
  recontact?: boolean;
  repeatReferral?: boolean;
  meeting?: { date: string; startsAt: string; immediate: boolean };
  partnerInformation: PartnerInformationRequest[];
  /** Present once the chronology work lands: the people a contact is about. */
  policeReference?: string;
}

// The case's own records, as the API returns them: one definition, the workflow's.
export type { Actor, AllocationRecord, DecisionRecord } from '../shared/case/state.js';

export interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  actor?: Actor;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface NotificationPerson {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  unborn?: boolean;
  expectedDateOfDelivery?: string;
  gender?: string;
  presentAtIncident?: boolean;
  residentAtAddress?: boolean;
  school?: string;
  gp?: string;
  role?: string;
  relationshipToChildren?: string;
}

export interface Notification {
  force: { code: string; name: string };
  policeReference: string;
  sentAt: string;
  incident: {
    type: string;
    occurredAt: string;
    location: { addressLine?: string; town?: string; postcode?: string };
    circumstances: string;
    officerConcerns?: string;
    childVoice?: string;
    actionsTaken: string[];
  };
  riskGrading: string;
  dash?: { riskLevel: string; score?: number };
  children: NotificationPerson[];
  adults: NotificationPerson[];
  officer: { name: string; email?: string; phone?: string };
}

export type { ReferralForm } from '../shared/schemas/referral.js';
import type { ReferralForm } from '../shared/schemas/referral.js';

export interface CaseDetail extends CaseSummary {
  forceCode?: string;
  policeReference?: string;
  statutoryDueAt?: string;
  ratingHistory: { rating: string; reason: string; by?: Actor; at: string }[];
  escalations: { kind: string; at: string; dueAt: string }[];
  decisions: DecisionRecord[];
  allocations: AllocationRecord[];
  maracReferralRequired: boolean;
  earlierContacts: { caseId: string; url: string }[];
  policeFeedback?: { status: string; deliveredAt?: string; attempts?: number };
  decidedAt?: string;
  closedAt?: string;
  /** s47 only: when the strategy discussion is due, and the record of it once held. */
  strategyDiscussionDueAt?: string;
  strategyDiscussion?: { heldAt: string; agencies: string[]; recordedBy: Actor; recordedAt: string };
  notification?: Notification;
  /** CIN census source: 6 police; a referral form's or a call's own. */
  source?: string;
  /** A contact from anyone but the police: the form as received (shared/schemas/referral.ts). */
  referralForm?: ReferralForm;
  ratingDueAt?: string;
  referrerFeedback?: { status: string; decisionVersion?: number; webhook?: string };
  /** Police updates: the version shown, each update's changes, the closed case a re-contact follows, the contacts after it. */
  notificationVersion?: number;
  notificationUpdates?: { version: number; receivedAt: string; sentAt: string; summary: string[] }[];
  recontactOf?: { caseId: string; url: string };
  followedBy?: { caseId: string; url: string }[];
  history: TimelineEvent[];
  /** The notification's children as people the engine knows, in the same order: their chronologies. */
  children?: { personId: string; contactsUrl: string }[];
}

export interface SharedInformation {
  agency: string;
  submittedAt: string;
  submittedBy: { id: string; name: string; agency: string };
  late: boolean;
  information: {
    currentInvolvement: boolean;
    involvementSummary?: string;
    history?: string;
    concerns?: string;
    noInformationHeld?: boolean;
  };
}

/** One line of a child's chronology (GET /people/{personId}/contacts). */
export interface ChronologyEntry {
  caseId: string;
  receivedAt: string;
  incidentType?: string;
  rating?: string;
  stage: string;
  outcome?: string;
  levelOfNeed?: number;
  decisionStatus?: string;
  leadAgency?: string;
}

/** The people, incident and concerns: what a partner or lead agency searches its records by. */
interface AboutTheCase {
  incident?: { type: string; occurredAt: string };
  concerns?: { circumstances: string; officerConcerns?: string };
  children: {
    givenName: string;
    familyName: string;
    dateOfBirth?: string;
    unborn: boolean;
    expectedDateOfDelivery?: string;
    gender: string;
    address?: { addressLine?: string; town?: string; postcode?: string };
    school?: string;
    gp?: string;
  }[];
  adults: { givenName: string; familyName: string; dateOfBirth?: string; role: string }[];
}

/** A partner practitioner's view of a case: about it, what is asked of their agency, what it shared. */
export interface PartnerCaseView extends AboutTheCase {
  caseId: string;
  stage: string;
  access: 'need_to_know' | 'beyond_need_to_know';
  agency: string;
  informationRequest?: { status: 'requested' | 'received' | 'missing'; requestedAt: string; dueAt: string; receivedAt?: string; late: boolean };
  partnerActions: { kind: string; detail?: string }[];
  allocation?: { status: 'requested' | 'accepted'; requestedAt: string; dueAt?: string };
  contributions: Omit<SharedInformation, 'agency'>[];
}

/** A lead agency worker's view: the allocating decision, about the case, their allocation. */
export interface LeadAgencyCaseView extends AboutTheCase {
  caseId: string;
  stage: string;
  access: 'need_to_know' | 'beyond_need_to_know';
  agency: string;
  decision?: Pick<DecisionRecord, 'version' | 'status' | 'outcome' | 'levelOfNeed' | 'leadAgency' | 'rationale' | 'factors' | 'partnerActions' | 'authorisedAt' | 'strategyDiscussionDueAt'>;
  allocation?: AllocationRecord;
  strategyDiscussion?: { heldAt: string; agencies: string[]; recordedBy: Actor; recordedAt: string };
}

/** GET /api/v1/meetings/{date}: a PIT Stop meeting's minutes. */
export interface Minutes {
  date: string;
  status: 'not_opened' | 'open' | 'closed';
  meetingTime: string;
  chair?: { name: string; agency: string };
  startedAt?: string;
  endedAt?: string;
  register: { name: string; agency: string; chair: boolean; addedAt: string }[];
  agencies: string[];
  items: {
    caseId: string;
    policeReference?: string;
    incidentType?: string;
    rating?: string;
    stage: string;
    children: { givenName: string; familyName: string; dateOfBirth?: string; unborn: boolean }[];
    consideration: 'decided' | 'decided_before_meeting' | 'not_reached';
    decisions: { version: number; status: string; outcome: string; levelOfNeed: number; leadAgency?: string; proposedBy: string; rationale: string; recordedAt: string; recordedBy: { name: string } }[];
  }[];
  summary: { cases: number; decided: number; decidedBeforeMeeting: number; notReached: number };
}
