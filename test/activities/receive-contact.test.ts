// Intake in one activity (receiveContact, a local activity of the contact workflow): it
// may run more than once (a retry, a worker that died mid-intake), so each of its writes
// is checked for landing exactly once; and person matching writes only what is new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { childrenNamed } from '../../api/queries/family.js';
import type { ContactRecord } from '../../api/queries/records.js';
import { applyIntake } from '../../shared/case/received.js';
import type { CaseStatus, NotificationReceipt } from '../../shared/case/state.js';
import { loadPolicy } from '../../shared/config.js';
import { caseLogKey, userLogKey, wholeAuditLog } from '../../shared/db/audit-log.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, type Store } from '../../shared/db/store.js';
import { readPersonHistory } from '../../shared/db/person-history.js';
import { receivedCase } from '../../workflows/case-record.js';
import { parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';

let models: Models;
let store: Store;
let acts: Activities;
let close: () => Promise<void>;

beforeAll(async () => {
  const db = await testDatabase('receive-contact');
  models = db.models;
  store = createStore(models);
  close = () => db.conn.close();
  acts = createActivities({ store, policy: loadPolicy() });
});
afterAll(async () => close?.());

const notification = parsedNotification;

const receipt: NotificationReceipt = {
  action: 'notification.submit',
  actor: { id: 'police-system:HUM', name: 'Humberside police system', role: 'police_system', agency: 'police', force: 'HUM' },
  resource: 'POST /api/v1/notifications',
  requestId: 'req-receive-contact',
  outcome: 202,
};

function receive(caseId: string, n: ReturnType<typeof notification>['n'], receivedAt: string) {
  const received: CaseStatus = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
  return acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: 'run-1', receipt });
}

describe('receiveContact', () => {
  it('run twice writes everything once: the contact as intake leaves it, its first event, each child history entry, the audit entry', async () => {
    const { n, caseId } = notification((x) => (x.children[0].givenName = `Once${Date.now()}`));
    const receivedAt = '2026-11-23T09:30:00.000Z';
    const first = await receive(caseId, n, receivedAt);
    const again = await receive(caseId, n, receivedAt);
    expect(again).toEqual(first);

    expect(await models.Notification.countDocuments({ _id: caseId })).toBe(1);
    const contact = await models.Contact.findById(caseId).lean();
    // The projection the workflow's own state would give (the same function applies the plan).
    const expected = applyIntake(receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false }), first);
    expect(contact).toMatchObject({ stage: 'awaiting_decision', projectionSeq: 1, rating: first.rating, meetingDate: first.meeting.date, source: '6', kind: 'notification', postcodeDistrict: 'DN15' });
    expect(contact?.status).toEqual(expected);
    expect(await models.Timeline.find({ caseId }).lean()).toEqual([expect.objectContaining({ seq: 1, type: 'contact_received' })]);
    for (const id of first.childPersonIds) expect([...(await readPersonHistory(models, id)).contacts.keys()]).toEqual([caseId]);

    const audited = await models.Audit.find({ caseId, action: 'notification.submit' }).lean();
    expect(audited).toEqual([expect.objectContaining({ _id: `notification:${caseId}`, actor: receipt.actor, outcome: 202, requestId: receipt.requestId, at: new Date(receivedAt) })]);
    // The case's and the police system's audit logs list it once.
    expect((await wholeAuditLog(models, caseLogKey(caseId))).map((e) => e.entryId)).toEqual([`notification:${caseId}`]);
    expect((await wholeAuditLog(models, userLogKey(receipt.actor.id))).filter((e) => e.caseId === caseId)).toHaveLength(1);
  });

  it('a later projection is not overwritten by intake run again', async () => {
    const { n, caseId } = notification();
    const receivedAt = '2026-11-23T09:30:00.000Z';
    const intake = await receive(caseId, n, receivedAt);
    const decided = applyIntake(receivedCase({ caseId, forceCode: 'HUM', policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false }), intake);
    decided.stage = 'awaiting_authorisation';
    await acts.recordCaseEvent({ caseId, seq: 2, event: { type: 'decision_recorded', at: '2026-11-24T10:30:00.000Z' }, status: decided });
    await receive(caseId, n, receivedAt);
    expect(await models.Contact.findById(caseId).lean()).toMatchObject({ stage: 'awaiting_authorisation', projectionSeq: 2 });
    expect(await models.Timeline.countDocuments({ caseId })).toBe(2);
  });
});

describe('person matching writes only what is new', () => {
  it('a first key needs no key document; a known person named with a new NHS number gets it, and is then found by it alone', async () => {
    const family = `Keys${Date.now()}`;
    const nhs = String(Date.now()).slice(-10);
    const child = { givenName: 'Ava', familyName: family, dateOfBirth: '2017-03-14' };
    const a = notification((x) => (x.children = [{ ...x.children[0], ...child, nhsNumber: undefined }]));
    const first = await receive(a.caseId, a.n, '2026-11-23T09:30:00.000Z');
    const [ava] = first.childPersonIds;
    // Her name and date of birth are her first key: her id comes from it, no key document.
    expect(await models.PersonKey.countDocuments({ personId: ava })).toBe(0);

    const b = notification((x) => (x.children = [{ ...x.children[0], ...child, nhsNumber: nhs }]));
    const second = await receive(b.caseId, b.n, '2026-11-23T10:30:00.000Z');
    expect(second.childPersonIds).toEqual([ava]);
    expect(second.recontact).toBe(true);
    expect((await models.Person.findById(ava).lean())?.matchKeys).toEqual(expect.arrayContaining([`nhs:${nhs}`]));
    expect(await models.PersonKey.find({ personId: ava }).lean()).toEqual([expect.objectContaining({ _id: `child|nhs:${nhs}` })]);

    // Renamed, found by the NHS number alone.
    const c = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Renamed', familyName: `Other${family}`, dateOfBirth: '2017-03-14', nhsNumber: nhs }]));
    const third = await receive(c.caseId, c.n, '2026-11-23T11:30:00.000Z');
    expect(third.childPersonIds).toEqual([ava]);
    expect(third.earlierContactIds).toEqual([b.caseId, a.caseId]);
  });

  it("keeps on the contact each child's name as their record holds it, where matching knew it: a list then reads no person for them", async () => {
    const family = `Named${Date.now()}`;
    const nhs = String(Date.now() + 7).slice(-10);
    const born = { dateOfBirth: '2018-06-01', nhsNumber: undefined };
    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Ava', familyName: family, ...born }]));
    const [ava] = (await receive(a.caseId, a.n, '2026-11-23T09:30:00.000Z')).childPersonIds;
    // Found by her first key though written otherwise, with an NHS number now: named as her record has her.
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: 'AVA', familyName: family.toUpperCase(), ...born, nhsNumber: nhs }]));
    expect((await receive(b.caseId, b.n, '2026-11-23T10:30:00.000Z')).childPersonIds).toEqual([ava]);
    // Found through a later key (her NHS number alone): not named on the contact.
    const c = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Renamed', familyName: `Other${family}`, ...born, nhsNumber: nhs }]));
    expect((await receive(c.caseId, c.n, '2026-11-23T11:30:00.000Z')).childPersonIds).toEqual([ava]);

    const record = { personId: ava, givenName: 'Ava', familyName: family, dateOfBirth: '2018-06-01' };
    const contacts = await store.readContacts<ContactRecord>([a.caseId, b.caseId, c.caseId]);
    expect(contacts.map((x) => x.childNames)).toEqual([[record], [record], []]);

    // A list's children: from the contacts, no person read; the contact that does not name her reads her record.
    const asked: string[][] = [];
    const watched = { ...store, readPersonNames: (ids: readonly string[]) => (asked.push([...ids]), store.readPersonNames(ids)) } as Store;
    expect((await childrenNamed(watched, contacts))(contacts[2])).toEqual([record]);
    expect(asked).toEqual([[]]);
    expect((await childrenNamed(watched, [contacts[2]]))(contacts[2])).toEqual([record]);
    expect(asked[1]).toEqual([ava]);
  });

  it('knows who it recorded first: their history is not read, and the next contact about them is a re-contact', async () => {
    const family = `First${Date.now()}`;
    const people = [{ givenName: 'Ava', familyName: family, dateOfBirth: '2017-03-14' }];
    const first = await store.matchPeople('child', people);
    expect([...first.firstSeen]).toEqual(first.ids);
    // Matched again (a retry, or a later contact): known, so their history is read.
    const again = await store.matchPeople('child', people);
    expect(again.ids).toEqual(first.ids);
    expect(again.firstSeen.size).toBe(0);

    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Leo', familyName: family, dateOfBirth: '2020-01-02', nhsNumber: undefined }]));
    expect((await receive(a.caseId, a.n, '2026-11-23T09:30:00.000Z')).recontact).toBe(false);
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Leo', familyName: family, dateOfBirth: '2020-01-02', nhsNumber: undefined }]));
    expect(await receive(b.caseId, b.n, '2026-11-23T10:30:00.000Z')).toMatchObject({ recontact: true, earlierContactIds: [a.caseId] });
  });

  it('records a resend once, however often its activity runs', async () => {
    const { n, caseId } = notification();
    await receive(caseId, n, '2026-11-23T09:30:00.000Z');
    const resend = { caseId, receivedAt: '2026-11-23T09:45:00.000Z' };
    await acts.recordResend(resend);
    await acts.recordResend(resend);
    await acts.recordResend({ caseId, receivedAt: '2026-11-23T10:00:00.000Z' });
    const stored = await models.Notification.findById(caseId).lean();
    expect(stored!.resends.map((r) => r.receivedAt?.toISOString())).toEqual(['2026-11-23T09:45:00.000Z', '2026-11-23T10:00:00.000Z']);
  });
});
