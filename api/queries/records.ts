// The records the API reads, as typed lean shapes of the MongoDB documents the
// activities write (shared/db/models.ts). The models keep the workflow's state and
// actors as Mixed; these shapes give them back their domain types for the presenters.
import type { Agency, ContactSource, IncidentType, RagRating, TriageOutcome } from '../../shared/codes.js';
import type { ContactKind, ReferralForm } from '../../shared/schemas/referral.js';
import type { Actor, CaseStatus, Stage } from '../../shared/case/state.js';
import type { AuditLogEntry } from '../../shared/db/store.js';
import type { PoliceNotification } from '../../shared/schemas/notification.js';
import type { PartnerInformationInput } from '../../shared/schemas/steps.js';

/** A contact: the front door's case, with the workflow's state projected into `status`. */
export interface ContactRecord {
  _id: string;
  stage: Stage;
  receivedAt: Date;
  /** CIN census contact source (6 for police). */
  source?: ContactSource;
  forceCode?: string;
  policeReference?: string;
  incidentType?: IncidentType;
  postcodeDistrict?: string;
  rating?: RagRating;
  breached?: boolean;
  decisionDueAt?: Date;
  leadAgency?: Agency;
  outcome?: TriageOutcome;
  closedAt?: Date;
  recontact?: boolean;
  repeatReferral?: boolean;
  childPersonIds?: string[];
  /** Each child's name as their person record holds it, where intake knew it without a read (shared/db/models.ts). */
  childNames?: { personId: string; givenName?: string; familyName?: string; dateOfBirth?: string }[];
  /** Absent while the case is still being received. */
  status?: CaseStatus;
}

export interface TimelineRecord {
  seq: number;
  type: string;
  at: Date;
  actor?: Actor;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface PartnerInformationRecord {
  agency: Agency;
  submittedAt: Date;
  submittedBy: Actor;
  late?: boolean;
  information: PartnerInformationInput;
}

export interface NotificationRecord {
  payload: PoliceNotification;
}

/** A contact from anyone but the police: the form as received. */
export interface ReferralFormRecord {
  payload: ReferralForm;
}

/** An outcome in a referrer's agency's outbox. */
export interface OutboxRecord {
  _id: string;
  agency: Agency;
  caseId: string;
  decisionVersion: number;
  source: ContactSource;
  kind: ContactKind;
  referrerReference?: string;
  /** None for a duplicate (`duplicateOf`). */
  outcome?: TriageOutcome;
  levelOfNeed?: number;
  leadAgency?: Agency;
  duplicateOf?: string;
  decidedAt: Date;
  postedAt: Date;
}

/** An audit entry as the API presents it: the logs' entry (shared/db) without its log id. */
export type AuditRecord = Omit<AuditLogEntry, 'entryId' | 'actor'> & { actor: Actor & { force?: string } };
