// Intake: the notification and the contact are recorded, the people matched to those
// already known, re-contacts and repeat referrals flagged, and the rating, deadlines,
// meeting and partner requests planned. A resend is recorded against the same case.
import type { CaseActivities } from '../shared/case/activities.js';
import { initialRating } from '../shared/case/rules.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import { caseIdFor, postcodeDistrict } from '../shared/ids.js';
import { addWorkingMinutes } from '../shared/working-time.js';
import type { ActivityDeps } from './deps.js';
import { lookBack, recordContact } from './history.js';
import { insertNotificationVersion } from './notification-update.js';
import { matchPeople } from './people.js';
import { meetingAfter, partnerInformationDue } from './planning.js';

export function intakeActivities({ models, policy }: ActivityDeps): Pick<CaseActivities, 'intakeContact' | 'recordResend'> {
  const { Notification } = models;
  return {
    /**
     * Records the notification and the contact, matches the children and adults to
     * people already known, flags re-contacts and repeat referrals, and plans the
     * rating, deadlines, meeting and partner requests.
     */
    async intakeContact(input) {
      const { caseId, notification: n } = input;
      const receivedAt = new Date(input.receivedAt);
      // A contact opened by a police update to a closed case is about a notification already
      // on record: its content is kept as that contact's version 1, not as a second notification.
      if (caseId !== caseIdFor(n.force.code, n.policeReference)) {
        await insertNotificationVersion(models, { caseId, version: 1, receivedAt, notification: n });
      } else await Notification.updateOne(
        { _id: caseId },
        {
          $setOnInsert: {
            forceCode: n.force.code,
            policeReference: n.policeReference,
            sentAt: new Date(n.sentAt),
            receivedAt,
            payload: n,
            resends: [],
          },
        },
        { upsert: true },
      );

      const [childPersonIds, adultPersonIds] = await Promise.all([matchPeople(models, 'child', n.children), matchPeople(models, 'adult', n.adults)]);

      // Re-contact and repeat referral: the child's history over the previous 12 calendar months.
      const { earlierContactIds, recontact, repeatReferral } = await lookBack(models, policy, caseId, childPersonIds, receivedAt);

      const { rating, reason } = initialRating(n, policy.ratingForGrading);
      const decisionDueAt = addWorkingMinutes(receivedAt, policy.decisionWorkingMinutes[rating], policy.calendar).toISOString();
      const statutoryDueAt = addWorkingMinutes(receivedAt, policy.statutoryWorkingMinutes, policy.calendar).toISOString();
      const meeting = meetingAfter(policy, +receivedAt, rating);
      const partnerDueAt = partnerInformationDue(policy, +receivedAt, rating, meeting, decisionDueAt);
      const partners = policy.partnersByIncidentType[n.incident.type] ?? policy.partnersByIncidentType.default;

      await recordContact(models, caseId, {
        source: POLICE_SOURCE,
        kind: 'notification',
        forceCode: n.force.code,
        policeReference: n.policeReference,
        incidentType: n.incident.type,
        postcodeDistrict: postcodeDistrict(n.incident.location.postcode),
        receivedAt,
        childPersonIds,
        adultPersonIds,
      });

      return {
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
        caseRules: {
          jointDecision: policy.jointDecision,
          threshold: policy.threshold,
          amendmentByAnotherManager: policy.amendmentByAnotherManager,
          policeFeedbackRejectedRetryHours: policy.policeFeedbackRejectedRetryHours,
          policeFeedbackGiveUpHours: policy.policeFeedbackGiveUpHours,
        },
      };
    },


    async recordResend(input) {
      await Notification.updateOne(
        { _id: input.caseId, 'resends.receivedAt': { $ne: new Date(input.receivedAt) } },
        { $push: { resends: { receivedAt: new Date(input.receivedAt) } } },
      );
    }
  };
}
