// Police updates: a later version of a notification is kept (insert-only, keyed by case
// and version), the people it names are matched (a child named for the first time has the
// case added to their history, so later contacts see it), and the rating its grading or
// DASH level calls for is worked out for the workflow to compare with the case's own.
import type { CaseActivities } from '../shared/case/activities.js';
import type { CaseStatus } from '../shared/case/state.js';
import { initialRating } from '../shared/case/rules.js';
import type { Store } from '../shared/db/store.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import type { ActivityDeps } from './deps.js';

export const notificationVersionId = (caseId: string, version: number) => `${caseId}:v${version}`;

/** Keeps one version of a notification; a retry (or a second writer of the same version) writes nothing new. */
export async function insertNotificationVersion(
  store: Pick<Store, 'insertNotificationVersion'>,
  v: { caseId: string; version: number; receivedAt: Date; notification: PoliceNotification; differences?: unknown },
): Promise<void> {
  await store.insertNotificationVersion({
    _id: notificationVersionId(v.caseId, v.version),
    caseId: v.caseId,
    version: v.version,
    forceCode: v.notification.force.code,
    policeReference: v.notification.policeReference,
    sentAt: new Date(v.notification.sentAt),
    receivedAt: v.receivedAt,
    payload: v.notification,
    differences: v.differences,
  });
}

const union = (first: readonly string[], then: readonly string[]) => [...new Set([...first, ...then])];

export function notificationUpdateActivities({ store, policy }: ActivityDeps): Pick<CaseActivities, 'recordNotificationVersion'> {
  return {
    async recordNotificationVersion(input) {
      const { caseId, notification: n } = input;
      await insertNotificationVersion(store, {
        caseId,
        version: input.version,
        receivedAt: new Date(input.receivedAt),
        notification: n,
        differences: input.differences,
      });
      const contact = input.childPersonIds && input.adultPersonIds
        ? undefined
        : await store.readContact<{ childPersonIds?: string[]; adultPersonIds?: string[] }>(caseId, { childPersonIds: 1, adultPersonIds: 1 });
      const knownChildren = input.childPersonIds ?? contact?.childPersonIds ?? [];
      const knownAdults = input.adultPersonIds ?? contact?.adultPersonIds ?? [];
      const [children, adults] = await Promise.all([store.matchPeople('child', n.children, caseId), store.matchPeople('adult', n.adults, caseId)].map((p) => p.then((m) => m.ids)));
      const newChildPersonIds = children.filter((id) => !knownChildren.includes(id));
      // The contact joins the history of each child it names for the first time, at the
      // contact's own receipt (as intake does), so a later contact about them is a re-contact.
      // The same for each adult it names for the first time (an adult's history, a household's shared adults).
      const newAdultPersonIds = adults.filter((id) => !knownAdults.includes(id));
      await store.recordContactInChildHistories(caseId, { receivedAt: new Date(input.caseReceivedAt), incidentType: n.incident.type, childPersonIds: newChildPersonIds, adultPersonIds: newAdultPersonIds });
      return {
        childPersonIds: union(knownChildren, children),
        adultPersonIds: union(knownAdults, adults),
        versionChildPersonIds: children,
        newChildPersonIds,
        rating: initialRating(n, policy.ratingForGrading).rating,
      };
    },
  };
}

/**
 * The contact's own fields a police update changes, for the projection of every event
 * (activities/projection.ts): the people it names (what a referral and a child's
 * chronology read) and the incident type (what lists and figures filter on). Nothing for
 * a case no update has touched, so its fields stay as intake wrote them.
 */
export function projectedByUpdates(status: CaseStatus): Record<string, unknown> {
  if (!status.notificationVersion || status.notificationVersion < 2) return {};
  return {
    incidentType: status.incidentType,
    ...(status.childPersonIds ? { childPersonIds: status.childPersonIds } : {}),
    ...(status.adultPersonIds ? { adultPersonIds: status.adultPersonIds } : {}),
  };
}
