// Records imported in bulk: the generator's synthetic history (shared/generator), as the
// scale bench seeds its own. Insert-only with the records' own deterministic ids (a batch
// imported again keeps what is there), then the read models derived from them by the
// rebuild, as for records kept before their read models existed. Into a database the engine
// is not running on (the rebuild drops each read model before deriving it).
import type { Models } from './models.js';
import { insertAll } from './models.js';

type Doc = { _id: string } & Record<string, unknown>;

/** Records as the engine keeps them, by collection. */
export interface ImportBatch {
  notifications: Doc[];
  referralForms: Doc[];
  contacts: Doc[];
  people: Doc[];
  timeline: Doc[];
  audit: Doc[];
  referrals: Doc[];
}

/** Concatenates batches (a person named by two contacts once). */
export function mergeBatches(batches: readonly ImportBatch[]): ImportBatch {
  const all = (k: keyof ImportBatch) => [...new Map(batches.flatMap((b) => b[k]).map((d) => [d._id, d])).values()];
  return { notifications: all('notifications'), referralForms: all('referralForms'), contacts: all('contacts'), people: all('people'), timeline: all('timeline'), audit: all('audit'), referrals: all('referrals') };
}

/** Inserts a batch's records; a record already there stays as it is. */
export async function importRecords(models: Models, b: ImportBatch): Promise<void> {
  await Promise.all([
    insertAll(models.Notification, b.notifications),
    insertAll(models.ReferralForm, b.referralForms),
    insertAll(models.Contact, b.contacts),
    insertAll(models.Person, b.people),
    insertAll(models.Timeline, b.timeline),
    insertAll(models.Audit, b.audit),
    insertAll(models.Referral, b.referrals),
  ]);
}
