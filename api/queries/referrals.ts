// Reading what contacts from anyone but the police left on record: the form as received,
// and an agency's outbox of outcomes.
import type { Agency } from '../../shared/codes.js';
import type { Store } from '../../shared/db/store.js';
import type { OutboxRecord, ReferralFormRecord } from './records.js';

/** The referral form as received (personal data: the full view and the agencies' views read it). */
export function referralFormOf(store: Store, caseId: string): Promise<ReferralFormRecord | null> {
  return store.readReferralForm<ReferralFormRecord>(caseId);
}

/** The outcomes of the referring organisation's referrals (within its agency), oldest first, at most 500 from `since`. */
export function outboxOf(store: Store, agency: Agency, since?: string, organisation?: string): Promise<OutboxRecord[]> {
  return store.readOutbox<OutboxRecord>(agency, since, organisation);
}
