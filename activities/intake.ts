// Intake: the notification and the contact are recorded, the people matched to those
// already known, re-contacts and repeat referrals flagged, and the rating, deadlines,
// meeting and partner requests planned. A resend is recorded against the same case.
import { ageBandsOf } from '../shared/age-bands.js';
import { annexChildrenOf } from '../shared/annex-a.js';
import type { CaseActivities, IntakeResult } from '../shared/case/activities.js';
import { applyIntake, contactReceivedEvent } from '../shared/case/received.js';
import { initialRating, maracEscalation } from '../shared/case/rules.js';
import type { NotificationReceipt } from '../shared/case/state.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { PersonLogTail, Store } from '../shared/db/store.js';
import { caseIdFor, postcodeDistrict } from '../shared/ids.js';
import { addressedOrganisations } from '../shared/organisations.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import type { ActivityDeps } from './deps.js';
import { adultLogs, childNamesOf, lookBack, recordInChildHistories, type ContactRecordInput } from './history.js';
import { insertNotificationVersion } from './notification-update.js';
import { caseRulesOf, planContact } from './planning.js';
import { projectCase } from './projection.js';

interface TakenIn {
  result: IntakeResult;
  /** The contact as first recorded. */
  contact: ContactRecordInput;
  /** The end of each child's history log as read for the look-back, then each adult's where known without a read. */
  logs: (PersonLogTail | undefined)[];
  /** The people new to the front door, being recorded beside the contact. */
  peopleRecorded: Promise<void>;
}

/**
 * Records the notification, matches the children and adults to people already known,
 * flags re-contacts and repeat referrals, and plans the rating, deadlines, meeting and
 * partner requests. The contact itself is recorded by the caller.
 */
async function takeIn(store: Store, policy: FrontDoorPolicy, input: { caseId: string; receivedAt: string; notification: PoliceNotification }): Promise<TakenIn> {
  const { caseId, notification: n } = input;
  const receivedAt = new Date(input.receivedAt);
  // A contact opened by a police update to a closed case is about a notification already
  // on record: its content is kept as that contact's version 1, not as a second notification.
  // The notification kept while its people are matched (neither needs the other).
  const keepNotification = async () => {
    if (caseId !== caseIdFor(n.force.code, n.policeReference)) {
      // A contact opened by a police update to a closed case is about a notification already
      // on record: its content is kept as that contact's version 1, not as a second notification.
      await insertNotificationVersion(store, { caseId, version: 1, receivedAt, notification: n });
    } else {
      // An insert (an upsert is a read and a write on FerretDB); a retry's is a duplicate.
      await store.insertNotification({
        _id: caseId,
        forceCode: n.force.code,
        policeReference: n.policeReference,
        sentAt: new Date(n.sentAt),
        receivedAt,
        payload: n,
        resends: [],
      });
    }
  };
  // The people matched by their keys; those new to the front door recorded while the
  // look-back reads and the contact is written (the caller awaits them before it is done).
  const [, [children, adults, peopleRecorded]] = await Promise.all([keepNotification(), store.matchFamily(n.children, n.adults, caseId, true)]);
  const [childPersonIds, adultPersonIds] = [children.ids, adults.ids];

  // Re-contact and repeat referral: the child's history over the previous 12 calendar months.
  const { earlierContactIds, recontact, repeatReferral, earlierDomesticAbuse, logs } = await lookBack(store, policy, caseId, children, receivedAt);
  const escalation = maracEscalation(n.incident.type, earlierDomesticAbuse, policy.maracEscalationIncidents);

  const { rating, reason } = initialRating(n, policy.ratingForGrading);
  const { decisionDueAt, statutoryDueAt, meeting, partnerInformationDueAt: partnerDueAt } = planContact(policy, { receivedAt: +receivedAt, from: +receivedAt, rating });
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
    ageBands: ageBandsOf(n.children, receivedAt),
    annexChildren: annexChildrenOf(childPersonIds, n.children),
    childNames: childNamesOf(children),
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
    ...(escalation ? { maracEscalation: escalation } : {}),
    strategyDiscussionHours: policy.strategyDiscussionHours,
    caseRules: caseRulesOf(policy),
    organisations: addressedOrganisations(n.children, policy.designatedTeams),
  };
  // The children's logs as the look-back read them, then the adults' as known without a read.
  return { result, contact, logs: [...logs, ...adultLogs(adults)], peopleRecorded };
}

/**
 * The notification's collection in the audit trail (`audit`, and the case's and the
 * submitter's logs), once however often intake runs (keyed by the case). `first`: this
 * run inserted the contact, so no earlier run got as far as the receipt: nothing is read first.
 */
async function recordReceipt(store: Store, caseId: string, at: Date, receipt: NotificationReceipt, first: boolean): Promise<void> {
  // A new case's own log is most likely empty yet: its first slot tried unread.
  await store.appendAuditOnce(`notification:${caseId}`, { ...receipt, at, caseId }, first, first);
}

export function intakeActivities({ store, policy }: ActivityDeps): Pick<CaseActivities, 'receiveContact' | 'recordResend'> {
  return {
    /**
     * Intake and the case's first step in one activity: the contact is recorded with its
     * first projection (awaiting the decision) in one write, its first timeline event,
     * its place in each child's history, and the notification's collection audited.
     * Each write is keyed, so a retry writes nothing twice.
     */
    async receiveContact(input) {
      const { caseId, seq, at, received, workflowRunId, receipt } = input;
      const { result, contact, logs, peopleRecorded } = await takeIn(store, policy, input);
      const status = applyIntake(structuredClone(received), result);
      // Once the contact is in, beside its projection (the working set, the agenda): the
      // children's histories and the receipt, unread first when this run inserted the contact
      // (no earlier run got as far as the receipt, which comes after it).
      const afterTheContact = (_eventInserted: boolean, inserted: boolean) =>
        Promise.all([
          recordInChildHistories(store, caseId, contact, logs),
          receipt ? recordReceipt(store, caseId, new Date(input.receivedAt), receipt, inserted) : undefined,
        ]);
      await Promise.all([projectCase(store, { caseId, seq, event: { at, ...contactReceivedEvent(result, workflowRunId) }, status }, contact, afterTheContact), peopleRecorded]);
      return result;
    },

    /** Once per resend, however often it runs (shared/db/store-cases.ts). */
    async recordResend(input) {
      await store.recordResend(input.caseId, new Date(input.receivedAt));
    }
  };
}
