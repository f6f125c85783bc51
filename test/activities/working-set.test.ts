// The working set and the agendas, written by the case's projection (recordCaseEvent)
// against the suite's FerretDB: the agenda, the queues and the information requests read
// through them give the cases the contacts say, however a case moves, closes or is
// projected late; and a database without them gets them back by the rebuild.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { meetingAgenda, openInformationRequests, workQueue } from '../../api/queries/work.js';
import type { CaseStatus } from '../../shared/case/state.js';
import { loadPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import { parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';
import { receive } from './receive.js';

let models: Models;
let store: Store;
let acts: Activities;
let close: () => Promise<void>;
const policy = loadPolicy();
beforeAll(async () => {
  const db = await testDatabase('workingset');
  models = db.models;
  store = createStore(models);
  close = () => db.conn.close();
  acts = createActivities({ store, policy });
});
afterAll(async () => close?.());

async function intake(a: Activities = acts) {
  const { n, caseId } = parsedNotification();
  await receive(a, caseId, '2027-03-01T09:30:00.000Z', n);
  return caseId;
}

const status = (caseId: string, stage: CaseStatus['stage'], more: Partial<CaseStatus> = {}): CaseStatus => ({
  caseId, stage, forceCode: 'HUM', policeReference: 'X', incidentType: 'domestic_abuse', receivedAt: '2027-03-01T09:30:00.000Z',
  ratingHistory: [], breached: false, escalations: [], partnerInformation: [], decisions: [], allocations: [], policeFeedback: { status: 'not_due' },
  ...more,
});
const meeting = (date: string) => ({ date, startsAt: `${date}T10:00:00.000Z`, immediate: false });
const project = (a: Activities, caseId: string, seq: number, s: CaseStatus) =>
  a.recordCaseEvent({ caseId, seq, event: { type: `step_${seq}`, at: '2027-03-01T10:00:00.000Z' }, status: s });
const ids = (xs: { _id: string }[]) => xs.map((x) => x._id).sort();

describe('the working set', () => {
  it("follows each case's projection: agenda, queues and information requests as the contacts say", async () => {
    const date = '2027-03-02';
    const [a, b, c] = [await intake(), await intake(), await intake()];
    const asked = { agency: 'health' as const, requestedAt: '2027-03-01T09:30:00.000Z', dueAt: '2027-03-02T10:00:00.000Z', status: 'requested' as const };
    await project(acts, a, 2, status(a, 'awaiting_decision', { meeting: meeting(date), rating: 'amber', partnerInformation: [asked] }));
    await project(acts, b, 2, status(b, 'awaiting_authorisation', { meeting: meeting(date), rating: 'red', breached: true }));
    await project(acts, c, 2, status(c, 'awaiting_decision', { meeting: meeting(date) }));
    // c moves to the next day's meeting; b is decided, authorised and closes.
    await project(acts, c, 3, status(c, 'awaiting_decision', { meeting: meeting('2027-03-03') }));
    expect(ids((await meetingAgenda({ store, policy }, date)).cases)).toEqual([a, b].sort());
    expect(ids(await workQueue(store, 'awaiting_authorisation', {}))).toContain(b);
    expect(ids(await workQueue(store, 'breached', {}))).toContain(b);
    expect((await openInformationRequests(store, { agency: 'health' })).map((r) => r.contact._id)).toContain(a);

    await project(acts, b, 3, status(b, 'closed', { meeting: meeting(date), rating: 'red', breached: true, closedAt: '2027-03-02T12:00:00.000Z' }));
    expect(await models.OpenCase.exists({ _id: b })).toBeNull();
    // A late retry of an older projection: the contact stays closed, and no queue shows it.
    await project(acts, b, 2, status(b, 'awaiting_authorisation', { meeting: meeting(date), rating: 'red', breached: true }));
    expect((await models.Contact.findById(b).lean())?.stage).toBe('closed');
    expect(ids(await workQueue(store, 'awaiting_authorisation', {}))).not.toContain(b);
    expect(ids(await workQueue(store, 'breached', {}))).not.toContain(b);
    // A past agenda still lists the case it decided, red first.
    expect((await meetingAgenda({ store, policy }, date)).cases.map((x) => x._id)).toEqual([b, a]);

    // Partner information received: off the agency's requests.
    await project(acts, a, 3, status(a, 'awaiting_decision', { meeting: meeting(date), partnerInformation: [{ ...asked, status: 'received' }] }));
    expect((await openInformationRequests(store, { agency: 'health' })).map((r) => r.contact._id)).not.toContain(a);
  });

  it('keeps a closed case whose outcome never reached the force on its queue', async () => {
    const d = await intake();
    await project(acts, d, 2, status(d, 'closed', { policeFeedback: { status: 'failed', decisionVersion: 1, attempts: 5 } as CaseStatus['policeFeedback'] }));
    expect(ids(await workQueue(store, 'police_feedback_failed', {}))).toContain(d);
  });
});

describe('the minutes of a meeting', () => {
  it('hold a case the panel took before its own meeting, and each meeting it was carried over from, live and after a rebuild', async () => {
    const uri = `${inject('mongoBaseUri')}t_wsminutes_${Date.now()}`;
    const db = await connectDatabase(uri);
    const live = createActivities({ store: createStore(db.models), policy });
    const [early, carried] = [await intake(live), await intake(live)];
    // Set for Thursday's meeting, decided at Wednesday's (its register) a day early.
    const decision = {
      version: 1, status: 'proposed', levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', rationale: 'Taken early.', factors: ['3B'],
      attendees: [{ name: 'Test Chair', agency: 'childrens_social_care' }], proposedBy: 'education', partnerActions: [], meetingDate: '2027-03-10',
      recordedBy: { id: 'p', name: 'Test Chair', role: 'panel_member', agency: 'childrens_social_care' }, recordedAt: '2027-03-10T10:30:00.000Z',
    } as unknown as CaseStatus['decisions'][number];
    await project(live, early, 2, status(early, 'awaiting_authorisation', { meeting: meeting('2027-03-11'), decisions: [decision] }));
    // Not reached on the 9th, carried over to the 10th.
    await project(live, carried, 2, status(carried, 'awaiting_decision', { meeting: meeting('2027-03-10'), carriedOverFrom: ['2027-03-09'] }));
    const onAgendaOf = async (m: Models, date: string) => (await createStore(m).readAgendaCaseIds(date)).filter((id) => [early, carried].includes(id)).sort();
    const expected = async (m: Models) => {
      expect(await onAgendaOf(m, '2027-03-10')).toEqual([early, carried].sort());
      expect(await onAgendaOf(m, '2027-03-11')).toEqual([early]);
      expect(await onAgendaOf(m, '2027-03-09')).toEqual([carried]);
    };
    await expected(db.models);
    // Gone and rebuilt from the contacts: the same agendas.
    await db.models.AgendaEntry.deleteMany({});
    await db.conn.close();
    await rebuildDatabase(uri);
    const again = await connectDatabase(uri);
    try {
      await expected(again.models);
    } finally {
      await again.conn.close();
    }
  });
});

describe('the working set rebuilt from the contacts', () => {
  it('a database whose working set and agendas are gone gets them back by the rebuild', async () => {
    const uri = `${inject('mongoBaseUri')}t_wsbackfill_${Date.now()}`;
    const first = await connectDatabase(uri);
    const older = createActivities({ store: createStore(first.models), policy });
    const [open, closed] = [await intake(older), await intake(older)];
    await project(older, open, 2, status(open, 'awaiting_authorisation', { meeting: meeting('2027-03-04') }));
    await project(older, closed, 2, status(closed, 'closed', { meeting: meeting('2027-03-04') }));
    await Promise.all([first.models.OpenCase.deleteMany({}), first.models.AgendaEntry.deleteMany({})]);
    await first.conn.close();

    expect(await rebuildDatabase(uri)).toMatchObject({ open_cases: 1, agenda_entries: 4 });
    const [x, y] = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
    try {
      expect(ids(await workQueue(createStore(x.models), 'awaiting_authorisation', {}))).toEqual([open]);
      expect(ids((await meetingAgenda({ store: createStore(y.models), policy }, '2027-03-04')).cases)).toEqual([open, closed].sort());
      expect(await x.models.AgendaEntry.countDocuments({ n: { $exists: true } })).toBe(2);
    } finally {
      await Promise.all([x.conn.close(), y.conn.close()]);
    }
  });
});
