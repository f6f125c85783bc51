// Police updates through the API on the real stack: an identical resend stays a
// duplicate; changed content is the case's next version (two at once both kept), visible
// on the case and its timeline, re-rating a raised risk, audited; the force's own view
// shows no more than before; and an update to a closed case opens a new contact that
// follows it instead of being dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationAccepted, NotificationResent, NotificationUpdated } from '../../api/schemas/notifications.js';
import { caseIdFor } from '../../shared/ids.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const health = tokenFor('partner_practitioner', 'health');
const auditor = tokenFor('auditor', 'front_door');

beforeAll(async () => {
  stack = await startStack('updates');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

const submit = (body: unknown) => call('POST', '/api/v1/notifications', { apiKey: police, body });
/** The case's trail holds each `action:outcome` given (some are written by the case's workflow, a moment after it answers). */
const auditedAs = (caseId: string, expected: string[]) =>
  eventually(async () => {
    const log = (await call('GET', `/api/v1/audit?caseId=${caseId}`, { token: auditor })).body.items;
    const seen = log.map((e: { action: string; outcome: number }) => `${e.action}:${e.outcome}`);
    return expected.every((x) => seen.includes(x));
  }, 20_000, `${expected.join(', ')} in the trail`);
const caseOf = async (caseId: string) => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;
const stageIs = (caseId: string, stage: string) =>
  eventually(async () => (await stack.models.Contact.findById(caseId).lean())?.stage === stage, 30_000, `${caseId} ${stage}`);
const withChild = (n: any, givenName: string, sentAt: string) => {
  const u = structuredClone(n);
  u.sentAt = sentAt;
  u.children.push({ givenName, familyName: 'Testcase', dateOfBirth: '2025-02-01', presentAtIncident: false, residentAtAddress: true });
  return u;
};

async function decideAndClose(caseId: string) {
  const d = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...jointly, levelOfNeed: 1, outcome: 'no_further_action' } });
  expect(d.status).toBe(200);
  const a = await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } });
  expect(a.status).toBe(200);
  await stageIs(caseId, 'closed');
}

describe('police updates through the API', () => {
  it('answers an identical resend as a duplicate and changed content as version 2, shown on the case, audited', async () => {
    const n = freshNotification();
    const caseId = caseIdFor(n.force.code, n.policeReference);
    const first = await submit(n);
    expect(first.status).toBe(202);
    expect(NotificationAccepted.parse(first.body)).toEqual({ caseId, url: `/api/v1/cases/${caseId}`, duplicate: false, updated: false, version: 1 });
    await stageIs(caseId, 'awaiting_decision');
    const policeViewBefore = (await call('GET', `/api/v1/cases/${caseId}`, { apiKey: police })).body;

    // Sent again later, the force's name spelt out and the children in another order: the same content.
    const again = structuredClone(n);
    again.sentAt = '2026-11-20T09:30:00Z';
    again.force.name = 'Humberside Police Service';
    again.children.reverse();
    const resent = await submit(again);
    expect(resent.status).toBe(200);
    expect(NotificationResent.parse(resent.body)).toEqual({ caseId, url: `/api/v1/cases/${caseId}`, duplicate: true, updated: false, version: 1 });

    const update = withChild(n, 'Mia', '2026-11-20T11:00:00Z');
    update.dash = { riskLevel: 'high', score: 18 };
    const updated = await submit(update);
    expect(updated.status).toBe(200);
    expect(NotificationUpdated.parse(updated.body)).toEqual({ caseId, url: `/api/v1/cases/${caseId}`, duplicate: false, updated: true, version: 2 });

    const c = await eventually(async () => {
      const body = await caseOf(caseId);
      return body.history.some((e: { type: string }) => e.type === 'notification_updated') && body;
    }, 20_000, 'the update on the case');
    expect(c.notificationVersion).toBe(2);
    expect(c.notification.children.map((x: { givenName: string }) => x.givenName)).toContain('Mia');
    expect(c.notification.dash).toEqual({ riskLevel: 'high', score: 18 });
    expect(c.notificationUpdates).toEqual([expect.objectContaining({ version: 2, summary: expect.arrayContaining(['child added: Mia Testcase (born 2025-02-01)', 'DASH risk level raised: medium → high']) })]);
    expect(c.rating).toBe('red');
    expect(c.maracReferralRequired).toBe(true);
    // The children as the version shown lists them, each linked to their own chronology.
    expect(c.children).toHaveLength(3);
    const mia = await call('GET', c.children[2].contactsUrl, { token: manager });
    expect(mia.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
    const event = c.history.find((e: { type: string }) => e.type === 'notification_updated');
    expect(event.actor).toMatchObject({ role: 'police_system' });
    expect(event.details.differences.children.added).toEqual([{ givenName: 'Mia', familyName: 'Testcase', dateOfBirth: '2025-02-01' }]);
    expect(c.history.find((e: { type: string }) => e.type === 'rating_changed').reason).toBe('police update, version 2: DASH risk level raised: medium → high');

    // A partner asked about the case sees the child the update added, as the people they search for.
    const partner = (await call('GET', `/api/v1/cases/${caseId}`, { token: health })).body;
    expect(partner.children.map((x: { givenName: string }) => x.givenName)).toContain('Mia');
    // The force's view carries exactly the fields it did before: nothing of the update leaks.
    const policeView = (await call('GET', `/api/v1/cases/${caseId}`, { apiKey: police })).body;
    expect(Object.keys(policeView).sort()).toEqual(Object.keys(policeViewBefore).sort());

    // The resend's and the update's entries are written by the case's workflow with what it records of them.
    await auditedAs(caseId, ['notification.submit:202', 'notification.resend:200', 'notification.update:200']);
  });

  it('keeps two different updates sent at the same moment, as versions 2 and 3', async () => {
    const n = freshNotification();
    const caseId = caseIdFor(n.force.code, n.policeReference);
    expect((await submit(n)).status).toBe(202);
    const answers = await Promise.all([submit(withChild(n, 'Mia', '2026-11-20T11:00:00Z')), submit(withChild(n, 'Noah', '2026-11-20T11:00:01Z'))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.version).sort()).toEqual([2, 3]);
    const c = await eventually(async () => {
      const body = await caseOf(caseId);
      return body.notificationUpdates.length === 2 && body;
    }, 20_000, 'both updates recorded');
    expect(c.notificationUpdates.map((u: { version: number }) => u.version)).toEqual([2, 3]);
    expect(await stack.models.NotificationVersion.countDocuments({ caseId })).toBe(2);
    // Version 3 is what the force sent last; each was compared with the version before it.
    const last = answers.find((a) => a.body.version === 3)!;
    const lastChild = last === answers[0] ? 'Mia' : 'Noah';
    expect(c.notification.children.map((x: { givenName: string }) => x.givenName)).toEqual(['Ava', 'Leo', lastChild]);
  });

  it('opens a new contact that follows a closed case when its update arrives, and keeps two such updates at once', async () => {
    const n = freshNotification();
    const closed = caseIdFor(n.force.code, n.policeReference);
    expect((await submit(n)).status).toBe(202);
    await stageIs(closed, 'awaiting_decision');
    await decideAndClose(closed);

    // The same content again: still a resend of the closed case.
    const resent = await submit({ ...n, sentAt: '2026-11-21T08:00:00Z' });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ caseId: closed, duplicate: true, version: 1 });

    const a = withChild(n, 'Mia', '2026-11-21T09:00:00Z');
    const b = withChild(n, 'Noah', '2026-11-21T09:00:05Z');
    const [ra, rb] = await Promise.all([submit(a), submit(b)]);
    const opened = [ra, rb].find((r) => r.status === 202)!;
    const other = [ra, rb].find((r) => r !== opened)!;
    expect(NotificationAccepted.parse(opened.body)).toMatchObject({ duplicate: false, updated: true, version: 1, recontactOf: closed });
    const followUp = opened.body.caseId;
    expect(followUp).not.toBe(closed);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ caseId: followUp, duplicate: false, updated: true, version: 2 });

    await stageIs(followUp, 'awaiting_decision');
    const c = await eventually(async () => {
      const body = await caseOf(followUp);
      return body.notificationVersion === 2 && body;
    }, 20_000, 'the follow-up contact with both updates');
    expect(c.recontactOf).toEqual({ caseId: closed, url: `/api/v1/cases/${closed}` });
    expect(c.recontact).toBe(true);
    expect(c.earlierContacts.map((e: { caseId: string }) => e.caseId)).toContain(closed);
    expect(c.policeReference).toBe(n.policeReference);
    // The notification is still one record; the follow-up's versions are kept with the versions.
    expect(await stack.models.Notification.countDocuments({ forceCode: 'HUM', policeReference: n.policeReference })).toBe(1);
    expect(await stack.models.NotificationVersion.countDocuments({ caseId: followUp })).toBe(2);
    // The closed case is as it was, and says which contact followed it.
    const earlier = await caseOf(closed);
    expect(earlier.stage).toBe('closed');
    expect(earlier.followedBy).toEqual([{ caseId: followUp, url: `/api/v1/cases/${followUp}` }]);
    expect(c.followedBy).toEqual([]);

    // A resend of the first of the two now goes to the follow-up and is recognised there.
    const first = ra === opened ? a : b;
    const again = await submit(first);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ caseId: followUp, duplicate: true, version: 1 });
    await auditedAs(followUp, ['notification.update:202', 'notification.update:200', 'notification.resend:200']);
  });

  it('answers 503 to an update no worker confirms; sent again once the worker is back, it is one version 2', async () => {
    const down = await startStack('updates-worker-down', {}, { stepTimeoutMs: 3000 });
    try {
      const send = (body: unknown) => http(down.baseUrl)('POST', '/api/v1/notifications', { apiKey: police, body });
      const n = freshNotification();
      const caseId = caseIdFor(n.force.code, n.policeReference);
      expect((await send(n)).status).toBe(202);
      await eventually(async () => (await down.models.Contact.findById(caseId).lean())?.stage === 'awaiting_decision', 30_000, 'intake');
      await down.stopWorker();
      const update = withChild(n, 'Mia', '2026-11-20T11:00:00Z');
      const refused = await send(update);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');

      await down.startWorker();
      // The force sends again as told; whether or not the first attempt reached the case
      // meanwhile, the content is version 2 exactly once.
      const again = await eventually(async () => {
        const r = await send(update);
        return r.status !== 503 && r;
      }, 30_000, 'an answer once the worker is back');
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ caseId, version: 2 });
      await eventually(async () => (await down.models.Timeline.countDocuments({ caseId, type: 'notification_updated' })) === 1, 20_000, 'the update written');
      expect(await down.models.NotificationVersion.countDocuments({ caseId })).toBe(1);
    } finally {
      await down.stop();
    }
  });
});
