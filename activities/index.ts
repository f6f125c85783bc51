// Activities: every piece of I/O the contact workflow does, composed from one module per
// concern. Built by a factory that receives its dependencies, so tests give them a real
// database and a chosen policy. Every activity may run more than once (Temporal
// retries): each write is keyed by a business id and is an upsert or an insert that
// tolerates its own earlier success.
import type { CaseActivities } from '../shared/case/activities.js';
import type { RetentionActivities } from '../shared/retention.js';
import type { ActivityDeps } from './deps.js';
import { intakeActivities } from './intake.js';
import { notificationUpdateActivities } from './notification-update.js';
import { outcomeActivities } from './outcome.js';
import { partnerIntakeActivities } from './partner-intake.js';
import { planningActivities } from './planning.js';
import { projectionActivities } from './projection.js';
import { referralActivities } from './referral.js';
import { retentionActivities } from './retention.js';

export type { ActivityDeps } from './deps.js';

export function createActivities(deps: ActivityDeps): CaseActivities & RetentionActivities {
  return {
    ...intakeActivities(deps),
    // Contacts from anyone but the police (workflows/partner-contact.ts).
    ...partnerIntakeActivities(deps),
    ...planningActivities(deps.policy),
    ...projectionActivities(deps.store),
    ...referralActivities(deps.store),
    // The outcome, to the force or the referrer's agency.
    ...outcomeActivities(deps),
    ...notificationUpdateActivities(deps),
    // The audit trail's hash chain, sealed by one run at a time (workflows/audit-seal.ts).
    sealAuditTrail: () => deps.store.sealAuditTrail(),
    // Erasing what has expired (workflows/retention.ts).
    ...retentionActivities(deps),
  };
}

export type Activities = CaseActivities;
