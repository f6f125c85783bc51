// Reading what contacts from anyone but the police left on record: the form as received,
// and an agency's outbox of outcomes.
import type { Agency } from '../../shared/codes.js';
import type { Models } from '../../shared/db/models.js';
import type { OutboxRecord, ReferralFormRecord } from './records.js';

/** The referral form as received (personal data: the full view and the agencies' views read it). */
export function referralFormOf(models: Models, caseId: string): Promise<ReferralFormRecord | null> {
  return models.ReferralForm.findById(caseId, { payload: 1 }).lean<ReferralFormRecord>().exec();
}

/** The outcomes of the agency's referrals, oldest first, at most 500 from `since`. */
export function outboxOf(models: Models, agency: Agency, since?: string): Promise<OutboxRecord[]> {
  return models.OutboxEntry.find({ agency, ...(since ? { postedAt: { $gte: new Date(since) } } : {}) })
    .sort({ postedAt: 1, _id: 1 })
    .limit(500)
    .lean<OutboxRecord[]>()
    .exec();
}
