// A contact that becomes a request for services from children's social care is a
// referral: a distinct record, as published procedures require.
import type { CaseActivities } from '../shared/case/activities.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import type { Models } from '../shared/db/models.js';

export function referralActivities(models: Models): Pick<CaseActivities, 'recordReferral'> {
  const { Contact, Referral } = models;
  return {
    /** A contact whose outcome is an assessment or strategy discussion becomes a referral. */
    async recordReferral(input) {
      const contact = await Contact.findById(input.caseId, { childPersonIds: 1 }).lean();
      await Referral.updateOne(
        { _id: input.caseId },
        {
          $setOnInsert: { caseId: input.caseId, source: POLICE_SOURCE, referredAt: new Date(input.referredAt) },
          $set: {
            outcome: input.outcome,
            decisionVersion: input.decisionVersion,
            childPersonIds: contact?.childPersonIds ?? [],
            strategyDiscussionDueAt: input.strategyDiscussionDueAt ? new Date(input.strategyDiscussionDueAt) : undefined,
          },
        },
        { upsert: true },
      );
    }
  };
}
