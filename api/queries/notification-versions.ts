// The notification a case stands on, and the versions it has had (police updates):
// `_id` reads only. Version 1 is the notification as first received (or, for a contact
// opened by an update to a closed case, that contact's own first version, kept with the
// versions); later versions are `${caseId}:v${n}`, n from the case's projected state.
import type { Store } from '../../shared/db/store.js';
import { caseIdFor, recontactCaseIdFor } from '../../shared/ids.js';
import { canonicalContent, type KnownVersion } from '../../shared/notification-versions.js';
import { policeNotificationSchema, type PoliceNotification } from '../../shared/schemas/notification.js';
import type { ContactRecord, NotificationRecord } from './records.js';

const versionId = (caseId: string, version: number) => `${caseId}:v${version}`;

/** Version 1 of a case's notification lives with the versions when the case was opened by an update. */
const firstIsVersionDoc = (c: Pick<ContactRecord, 'status'> | null) => Boolean(c?.status?.recontactOf);

async function versionOf(store: Store, caseId: string, version: number, c: Pick<ContactRecord, 'status'> | null) {
  if (version === 1 && !firstIsVersionDoc(c)) {
    const n = await store.readNotification<{ payload: unknown }>(caseId, { payload: 1, sentAt: 1 });
    return n && { payload: n.payload as PoliceNotification };
  }
  const v = await store.readNotificationVersion<{ payload: unknown }>(versionId(caseId, version), { payload: 1 });
  return v && { payload: v.payload as PoliceNotification };
}

/** The notification as the case now stands on it: the newest version recorded. */
export async function currentNotification(store: Store, c: Pick<ContactRecord, '_id' | 'status'>): Promise<NotificationRecord | null> {
  return versionOf(store, c._id, c.status?.notificationVersion ?? 1, c);
}

/** Every version of a case's notification, for telling a resend from an update once its workflow has closed. */
export async function knownVersions(store: Store, caseId: string, c: Pick<ContactRecord, 'status'> | null): Promise<KnownVersion[]> {
  const newest = c?.status?.notificationVersion ?? 1;
  const versions = await Promise.all(Array.from({ length: newest }, (_, i) => versionOf(store, caseId, i + 1, c)));
  return versions.flatMap((v, i) => {
    if (!v) return [];
    // Parsed again, so a record kept before a field had its default compares as it would arrive today.
    const parsed = policeNotificationSchema.safeParse(v.payload);
    const n = parsed.success ? parsed.data : v.payload;
    return [{ version: i + 1, content: canonicalContent(n), sentAt: n.sentAt }];
  });
}

/**
 * The contacts police updates opened after this case closed, in order: the chain from the
 * notification's first case, read by `_id` until the first that is not there.
 */
export async function contactsFollowing(store: Store, c: Pick<ContactRecord, '_id' | 'forceCode' | 'policeReference'>): Promise<string[]> {
  if (!c.forceCode || !c.policeReference) return [];
  const first = caseIdFor(c.forceCode, c.policeReference);
  const chain = [first];
  for (let k = 1; ; k++) {
    const next = recontactCaseIdFor(first, k);
    if (!(await store.contactExists(next))) break;
    chain.push(next);
  }
  const at = chain.indexOf(c._id);
  return at === -1 ? [] : chain.slice(at + 1);
}
