// Intake: the notification and the contact are recorded, the people matched to those
// already known, re-contacts and repeat referrals flagged, and the rating, deadlines,
// meeting and partner requests planned. A resend is recorded against the same case.
import type { CaseActivities, IntakeResult } from '../shared/case/activities.js';
import { applyIntake, contactReceivedEvent } from '../shared/case/received.js';
import { initialRating } from '../shared/case/rules.js';
import type { NotificationReceipt } from '../shared/case/state.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import { appendToAuditLogs } from '../shared/db/audit-log.js';
import { insertOnce, readById, type Models } from '../shared/db/models.js';
import type { PersonLogTail } from '../shared/db/person-history.js';
import { caseIdFor, postcodeDistrict } from '../shared/ids.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import { addWorkingMinutes } from '../shared/working-time.js';
import type { ActivityDeps } from './deps.js';
import { lookBack, recordContact, recordInChildHistories, type ContactRecordInput } from './history.js';
import { insertNotificationVersion } from './notification-update.js';
import { matchPeople } from './people.js';
import { caseRulesOf, meetingAfter, partnerInformationDue } from './planning.js';
import { projectCase } from './projection.js';

interface TakenIn {
  result: IntakeResult;
  /** The contact as first recorded. */
  contact: ContactRecordInput;
  /** The end of each child's history log as read for the look-back. */
  logs: PersonLogTail[];
}

/**
 * Records the notification, matches the children and adults to people already known,
 * flags re-contacts and repeat referrals, and plans the rating, deadlines, meeting and
 * partner requests. The contact itself is recorded by the caller.
 */
async function takeIn(models: Models, policy: FrontDoorPolicy, input: { caseId: string; receivedAt: string; notification: PoliceNotification }): Promise<TakenIn> {
  const { caseId, notification: n } = input;
  const receivedAt = new Date(input.receivedAt);
  // A contact opened by a police update to a closed case is about a notification already
  // on record: its content is kept as that contact's version 1, not as a second notification.
  if (caseId !== caseIdFor(n.force.code, n.policeReference)) {
    await insertNotificationVersion(models, { caseId, version: 1, receivedAt, notification: n });
  } else {
    // An insert (an upsert is a read and a write on FerretDB); a retry's is a duplicate.
    await insertOnce(models.Notification, {
      _id: caseId,
      forceCode: n.force.code,
      policeReference: n.policeReference,
      sentAt: new Date(n.sentAt),
      receivedAt,
      payload: n,
      resends: [],
    });
  }

  const [children, adults] = await Promise.all([matchPeople(models, 'child', n.children), matchPeople(models, 'adult', n.adults)]);
  const [childPersonIds, adultPersonIds] = [children.ids, adults.ids];

  // Re-contact and repeat referral: the child's history over the previous 12 calendar months.
  const { earlierContactIds, recontact, repeatReferral, logs } = await lookBack(models, policy, caseId, children, receivedAt);

  const { rating, reason } = initialRating(n, policy.ratingForGrading);
  const decisionDueAt = addWorkingMinutes(receivedAt, policy.decisionWorkingMinutes[rating], policy.calendar).toISOString();
  const statutoryDueAt = addWorkingMinutes(receivedAt, policy.statutoryWorkingMinutes, policy.calendar).toISOString();
  const meeting = meetingAfter(policy, +receivedAt, rating);
  const partnerDueAt = partnerInformationDue(policy, +receivedAt, rating, meeting, decisionDueAt);
  const partners = policy.partnersByIncidentType[n.incident.type] ?? policy.partnersByIncidentType.default;

  const contact = {
    source: POLICE_SOURCE,
    kind: 'notification',
    forceCode: n.force.code,
    policeReference: n.policeReference,
    incidentType: n.incident.type,
    postcodeDistrict: postcodeDistrict(n.incident.location.postcode),
    receivedAt,
    childPersonIds,
    adultPersonIds,
  };
  const result: IntakeResult = {
    rating,
    ratingReason: reason,
    decisionDueAt,
    statutoryDueAt,
    meeting,
    partnerInformation: partners.map((agency) => ({
      agency,
      requestedAt: receivedAt.toISOString(),
      dueAt: partnerDueAt,
      status: 'requested' as const,
    })),
    childPersonIds,
    earlierContactIds,
    recontact,
    repeatReferral,
    strategyDiscussionHours: policy.strategyDiscussionHours,
    caseRules: caseRulesOf(policy),
  };
  return { result, contact, logs };
}

/**
 * The notification's collection in the audit trail (`audit`, and the case's and the
 * submitter's logs), once however often intake runs: the `audit` entry, keyed by the
 * case, is written last and says it is done. A retry after the logs but before it logs
 * the entry twice; readers show it once.
 */
async function recordReceipt(models: Models, caseId: string, at: Date, receipt: NotificationReceipt): Promise<void> {
  const entryId = `notification:${caseId}`;
  if (await readById(models.Audit, entryId, { _id: 1 })) return;
  const entry = { ...receipt, at, caseId };
  await appendToAuditLogs(models, [{ entryId, ...entry }]);
  await insertOnce(models.Audit, { _id: entryId, ...entry });
}

export function intakeActivities({ models, policy }: ActivityDeps): Pick<CaseActivities, 'intakeContact' | 'receiveContact' | 'recordResend'> {
  const { Notification } = models;
  return {
    /**
     * Records the notification and the contact, matches the children and adults to
     * people already known, flags re-contacts and repeat referrals, and plans the
     * rating, deadlines, meeting and partner requests. (Cases started before
     * `receiveContact` replay through this.)
     */
    async intakeContact(input) {
      const { result, contact, logs } = await takeIn(models, policy, input);
      await recordContact(models, input.caseId, contact, logs);
      return result;
    },

    /**
     * Intake and the case's first step in one activity: the contact is recorded with its
     * first projection (awaiting the decision) in one write, its first timeline event,
     * its place in each child's history, and the notification's collection audited.
     * Each write is keyed, so a retry writes nothing twice.
     */
    async receiveContact(input) {
      const { caseId, seq, at, received, workflowRunId, receipt } = input;
      const { result, contact, logs } = await takeIn(models, policy, input);
      const status = applyIntake(structuredClone(received), result);
      await projectCase(models, { caseId, seq, event: { at, ...contactReceivedEvent(result, workflowRunId) }, status }, contact);
      await recordInChildHistories(models, caseId, contact, logs);
      if (receipt) await recordReceipt(models, caseId, new Date(input.receivedAt), receipt);
      return result;
    },

    /**
     * Once per resend, however often it runs. Read, then written by `_id` alone: a filter of
     * `_id` and the resends matched nothing on a retry, and FerretDB then scanned every
     * notification kept. A case's resends reach its workflow as police updates, taken in
     * order, so one is recorded at a time.
     */
    async recordResend(input) {
      const receivedAt = new Date(input.receivedAt);
      const n = await readById<{ resends?: { receivedAt: Date }[] }>(Notification, input.caseId, { resends: 1 });
      if (n?.resends?.some((r) => +r.receivedAt === +receivedAt)) return;
      await Notification.updateOne({ _id: input.caseId }, { $push: { resends: { receivedAt } } });
    }
  };
}
