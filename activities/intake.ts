// Intake: the notification and the contact are recorded, the people matched to those
// already known, re-contacts and repeat referrals flagged, and the rating, deadlines,
// meeting and partner requests planned. A resend is recorded against the same case.
import type { CaseActivities } from '../shared/case/activities.js';
import { initialRating } from '../shared/case/rules.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import { postcodeDistrict } from '../shared/ids.js';
import { addWorkingMinutes, calendarMonthsBefore } from '../shared/working-time.js';
import type { ActivityDeps } from './deps.js';
import { matchPeople } from './people.js';
import { meetingAfter, partnerInformationDue } from './planning.js';

export function intakeActivities({ models, policy }: ActivityDeps): Pick<CaseActivities, 'intakeContact' | 'recordResend'> {
  const { Contact, Notification, Person, Referral } = models;
  return {
    /**
     * Records the notification and the contact, matches the children and adults to
     * people already known, flags re-contacts and repeat referrals, and plans the
     * rating, deadlines, meeting and partner requests.
     */
    async intakeContact(input) {
      const { caseId, notification: n } = input;
      const receivedAt = new Date(input.receivedAt);
      await Notification.updateOne(
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

      const [childPersonIds, adultPersonIds] = await Promise.all([matchPeople(Person, 'child', n.children), matchPeople(Person, 'adult', n.adults)]);

      // Re-contact and repeat referral look back 12 calendar months (not 365 days: a
      // year across 29 February has 366), in the office's local time.
      const twelveMonthsBefore = calendarMonthsBefore(receivedAt, 12, policy.calendar.timeZone);
      // Re-contact: the same child had a contact in the previous 12 months.
      const earlier = await Contact.find(
        {
          _id: { $ne: caseId },
          childPersonIds: { $in: childPersonIds },
          receivedAt: { $lt: receivedAt, $gte: twelveMonthsBefore },
        },
        { _id: 1 },
      )
        .sort({ receivedAt: -1 })
        .limit(50)
        .lean();
      // Repeat referral: an earlier contact about the same child became a referral in the
      // previous 12 months, and that referral still stands (not withdrawn by a later decision).
      const earlierReferral = await Referral.findOne(
        {
          caseId: { $ne: caseId },
          childPersonIds: { $in: childPersonIds },
          referredAt: { $lt: receivedAt, $gte: twelveMonthsBefore },
          status: { $ne: 'withdrawn' },
        },
        { _id: 1 },
      ).lean();

      const { rating, reason } = initialRating(n, policy.ratingForGrading);
      const decisionDueAt = addWorkingMinutes(receivedAt, policy.decisionWorkingMinutes[rating], policy.calendar).toISOString();
      const statutoryDueAt = addWorkingMinutes(receivedAt, policy.statutoryWorkingMinutes, policy.calendar).toISOString();
      const meeting = meetingAfter(policy, +receivedAt, rating);
      const partnerDueAt = partnerInformationDue(policy, +receivedAt, rating, meeting, decisionDueAt);
      const partners = policy.partnersByIncidentType[n.incident.type] ?? policy.partnersByIncidentType.default;

      await Contact.updateOne(
        { _id: caseId },
        {
          $setOnInsert: {
            source: POLICE_SOURCE,
            kind: 'notification',
            forceCode: n.force.code,
            policeReference: n.policeReference,
            incidentType: n.incident.type,
            postcodeDistrict: postcodeDistrict(n.incident.location.postcode),
            stage: 'received',
            receivedAt,
            childPersonIds,
            adultPersonIds,
            projectionSeq: 0,
          },
        },
        { upsert: true },
      );

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
        earlierContactIds: earlier.map((c) => String(c._id)),
        recontact: earlier.length > 0,
        repeatReferral: earlierReferral !== null,
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
