// A contact that becomes a request for services from children's social care is a
// referral: a distinct record, as published procedures require.
import type { CaseActivities } from '../shared/case/activities.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import type { Models } from '../shared/db/models.js';

export function referralActivities(models: Models): Pick<CaseActivities, 'recordReferral' | 'withdrawReferral'> {
  const { Contact, Referral } = models;
  return {
    /** A contact whose outcome is an assessment or strategy discussion becomes a referral. */
    async recordReferral(input) {
      const contact = await Contact.findById(input.caseId, { childPersonIds: 1 }).lean();
      await Referral.updateOne(
        { _id: input.caseId },
        {
          $setOnInsert: { caseId: input.caseId, source: POLICE_SOURCE, referredAt: new Date(input.referredAt) },
          // A decision made the contact a referral (again): it stands, whatever came before.
          $unset: { withdrawnAt: 1, withdrawalReason: 1 },
          $set: {
            status: 'active',
            outcome: input.outcome,
            decisionVersion: input.decisionVersion,
            childPersonIds: contact?.childPersonIds ?? [],
            strategyDiscussionDueAt: input.strategyDiscussionDueAt ? new Date(input.strategyDiscussionDueAt) : undefined,
          },
        },
        { upsert: true },
      );
    },

    /**
     * A later decision (an amendment, or a declined allocation sent back to the panel)
     * superseded the one that made the contact a referral: the referral is withdrawn, kept
     * for the record, and no longer makes a later contact a repeat referral. Only the
     * version that made it is withdrawn, so a retry after a newer referral changes nothing.
     */
    async withdrawReferral(input) {
      await Referral.updateOne(
        { _id: input.caseId, decisionVersion: input.decisionVersion },
        { $set: { status: 'withdrawn', withdrawnAt: new Date(input.withdrawnAt), withdrawalReason: input.reason } },
      );
    },
  };
}
