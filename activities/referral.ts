// A contact that becomes a request for services from children's social care is a
// referral: a distinct record, as published procedures require. Each child's history
// keeps it too, so a later contact finds it by an `_id` read (a repeat referral).
import type { CaseActivities } from '../shared/case/activities.js';
import { POLICE_SOURCE } from '../shared/codes.js';
import type { Store } from '../shared/db/store.js';

/** The referral as written, from which the projector derives its entry in each child's history (withdrawn or not by its status). */
type ReferralDoc = { caseId: string; childPersonIds?: string[]; referredAt: Date; status?: string };

export function referralActivities(store: Store): Pick<CaseActivities, 'recordReferral' | 'withdrawReferral'> {
  return {
    /** A contact whose outcome is an assessment or strategy discussion becomes a referral. */
    async recordReferral(input) {
      const contact = await store.readContact<{ childPersonIds?: string[]; source?: string }>(input.caseId, { childPersonIds: 1, source: 1 });
      const referral = await store.recordReferral<ReferralDoc>(
        input.caseId,
        {
          // Where its contact came from (6 police, 2A a school, ...): the census counts
          // referrals by source.
          $setOnInsert: { caseId: input.caseId, source: contact?.source ?? POLICE_SOURCE, referredAt: new Date(input.referredAt) },
          // A decision made the contact a referral (again): it stands, whatever came before.
          $unset: { withdrawnAt: 1, withdrawalReason: 1 },
          $set: {
            status: 'active',
            outcome: input.outcome,
            decisionVersion: input.decisionVersion,
            childPersonIds: input.childPersonIds ?? contact?.childPersonIds ?? [],
            strategyDiscussionDueAt: input.strategyDiscussionDueAt ? new Date(input.strategyDiscussionDueAt) : undefined,
          },
        },
      );
      await store.recordReferralInChildHistories(referral!);
    },

    /**
     * A later decision (an amendment, or a declined allocation sent back to the panel)
     * superseded the one that made the contact a referral: the referral is withdrawn, kept
     * for the record, and no longer makes a later contact a repeat referral. Only the
     * version that made it is withdrawn, so a retry after a newer referral changes nothing.
     * Read, then written by `_id` alone: a filter of `_id` and the version that matched
     * nothing had FerretDB scan every referral kept. The case's workflow is the one writer
     * of its referral, one step at a time.
     */
    async withdrawReferral(input) {
      const made = await store.readReferral<{ decisionVersion?: number }>(input.caseId, { decisionVersion: 1 });
      if (made?.decisionVersion !== input.decisionVersion) return;
      const referral = await store.withdrawReferral<ReferralDoc>(input.caseId, {
        status: 'withdrawn',
        withdrawnAt: new Date(input.withdrawnAt),
        withdrawalReason: input.reason,
      });
      if (referral) await store.recordReferralInChildHistories(referral);
    },
  };
}
