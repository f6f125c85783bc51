// The store's outbox: where a partner agency finds its referrals' outcomes
// (referral-form-models.ts), one insert-only entry per authorised decision version.
import { insertOnce, type Models } from './models.js';

export function outboxStore({ OutboxEntry }: Pick<Models, 'OutboxEntry'>) {
  return {
    /** Insert-only, `_id` `${caseId}:v${decisionVersion}`: a retry writes nothing new. */
    postToOutbox: (entry: { _id: string; agency: string; postedAt: Date } & Record<string, unknown>) => insertOnce(OutboxEntry, entry),
    /** The outcomes of the agency's referrals, oldest first, at most 500 from `since`. */
    readOutbox: <T>(agency: string, since?: string) =>
      OutboxEntry.find({ agency, ...(since ? { postedAt: { $gte: new Date(since) } } : {}) })
        .sort({ postedAt: 1, _id: 1 })
        .limit(500)
        .lean<T[]>()
        .exec(),
  };
}
