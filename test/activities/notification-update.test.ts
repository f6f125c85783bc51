// The police-update activity against FerretDB: run twice (a Temporal retry), it keeps one
// version, adds the case once to the history of a child named for the first time, and
// answers the same; the rating it reports follows the version's grading or DASH level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { loadPolicy } from '../../shared/config.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, type Store } from '../../shared/db/store.js';
import { readPersonHistory } from '../../shared/db/person-history.js';
import { notificationDifferences } from '../../shared/notification-versions.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { freshNotification, parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';
import { receive } from './receive.js';

let models: Models;
let store: Store;
let acts: Activities;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('notification_update');
  models = db.models;
  store = createStore(models);
  close = () => db.conn.close();
  acts = createActivities({ store, policy: loadPolicy() });
});
afterAll(async () => close?.());

describe('recordNotificationVersion', () => {
  it('is idempotent, matches the new child once, and reports the rating the version calls for', async () => {
    const { n, caseId } = parsedNotification((x) => (x.children[0].givenName = `Ava${Date.now()}`));
    const receivedAt = '2026-11-23T09:30:00.000Z';
    const intake = await receive(acts, caseId, receivedAt, n);

    const raw = freshNotification();
    const v2 = policeNotificationSchema.parse({
      ...n,
      sentAt: '2026-11-23T10:00:00Z',
      dash: { riskLevel: 'high' },
      children: [...n.children, { ...raw.children[1], givenName: `Mia${Date.now()}` }],
    });
    const input = {
      caseId, version: 2, receivedAt: '2026-11-23T10:05:00.000Z', caseReceivedAt: receivedAt, notification: v2,
      differences: notificationDifferences(n, v2),
    };
    const first = await acts.recordNotificationVersion(input);
    const again = await acts.recordNotificationVersion(input);
    expect(again).toEqual(first);
    expect(first.rating).toBe('red');
    expect(first.childPersonIds.slice(0, 2)).toEqual(intake.childPersonIds);
    expect(first.newChildPersonIds).toHaveLength(1);
    expect(first.versionChildPersonIds).toEqual([...intake.childPersonIds, first.newChildPersonIds[0]]);
    expect(await models.NotificationVersion.countDocuments({ caseId })).toBe(1);
    const [mia] = first.newChildPersonIds;
    expect(await models.PersonHistoryEntry.countDocuments({ personId: mia })).toBe(1);
    expect((await readPersonHistory(models, mia)).contacts.get(caseId)?.toISOString()).toBe(receivedAt);
  });
});
