// The queues that keep a case in sight: no meeting ahead (its meeting passed undecided, or
// it has none), contacts still to be rated, and s47 enquiries whose initial child protection
// conference is still to be recorded (soonest due first), read through the working set as
// the API reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { workQueue } from '../../api/queries/work.js';
import type { CaseStatus } from '../../shared/case/state.js';
import { loadPolicy } from '../../shared/config.js';
import { createStore, type Store } from '../../shared/db/store.js';
import { receivedCase } from '../../workflows/case-record.js';
import { parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';

let store: Store;
let acts: Activities;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('queues');
  store = createStore(db.models);
  close = () => db.conn.close();
  acts = createActivities({ store, policy: loadPolicy() });
});
afterAll(async () => close?.());

const receivedAt = '2027-03-01T09:30:00.000Z';
const status = (caseId: string, stage: CaseStatus['stage'], more: Partial<CaseStatus> = {}): CaseStatus => ({
  caseId, stage, forceCode: 'HUM', policeReference: 'X', incidentType: 'domestic_abuse', receivedAt,
  ratingHistory: [], breached: false, escalations: [], partnerInformation: [], decisions: [], allocations: [], policeFeedback: { status: 'not_due' },
  ...more,
});
const meeting = (date: string) => ({ date, startsAt: `${date}T10:00:00.000Z`, immediate: false });

async function receive(): Promise<string> {
  const { n, caseId } = parsedNotification();
  const received = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
  await acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: `run-${caseId}` });
  return caseId;
}
const project = (caseId: string, seq: number, s: CaseStatus) => acts.recordCaseEvent({ caseId, seq, event: { type: `step_${seq}`, at: receivedAt }, status: s });
const ids = (xs: { _id: string }[]) => xs.map((x) => x._id);

describe('the queues of undecided cases', () => {
  it('list a case whose meeting passed undecided, and drop it once it has a meeting ahead or is decided', async () => {
    const today = '2027-03-03';
    const [passed, ahead, none, decided] = [await receive(), await receive(), await receive(), await receive()];
    await project(passed, 2, status(passed, 'awaiting_decision', { meeting: meeting('2027-03-02'), rating: 'amber' }));
    await project(ahead, 2, status(ahead, 'awaiting_decision', { meeting: meeting(today), rating: 'amber' }));
    await project(none, 2, status(none, 'awaiting_decision', { rating: 'green' }));
    await project(decided, 2, status(decided, 'awaiting_authorisation', { meeting: meeting('2027-03-02'), rating: 'amber' }));
    const listed = ids(await workQueue(store, 'no_meeting_ahead', {}, today));
    expect(listed).toEqual(expect.arrayContaining([passed, none]));
    expect(listed).not.toContain(ahead);
    expect(listed).not.toContain(decided);
    // Carried over to the next meeting: off the queue.
    await project(passed, 3, status(passed, 'awaiting_decision', { meeting: meeting('2027-03-04'), rating: 'amber' }));
    expect(ids(await workQueue(store, 'no_meeting_ahead', {}, today))).not.toContain(passed);
  });

  it('list a contact still awaiting its initial rating until it is rated', async () => {
    const waiting = await receive();
    await project(waiting, 2, status(waiting, 'awaiting_rating'));
    expect(ids(await workQueue(store, 'awaiting_rating', {}))).toContain(waiting);
    await project(waiting, 3, status(waiting, 'awaiting_decision', { rating: 'green', meeting: meeting('2027-03-04') }));
    expect(ids(await workQueue(store, 'awaiting_rating', {}))).not.toContain(waiting);
  });

  it('list the s47 enquiries awaiting their conference, the one due soonest first, until it is recorded', async () => {
    const [later, sooner, overdue] = [await receive(), await receive(), await receive()];
    const discussion = (conferenceDueAt: string) => ({
      strategyDiscussion: {
        heldAt: receivedAt, agencies: ['childrens_social_care' as const, 'police' as const], outcome: 's47_enquiry' as const, conferenceDueAt,
        recordedBy: { id: 'lead-1', name: 'Test Social Worker', role: 'lead_agency_worker' as const, agency: 'childrens_social_care' as const }, recordedAt: receivedAt, decisionVersion: 1,
      },
    });
    // Projected in an order unlike their deadlines: the queue orders by the conference's, not by arrival.
    await project(later, 2, status(later, 'awaiting_conference', discussion('2027-03-29T17:00:00.000Z')));
    await project(sooner, 2, status(sooner, 'awaiting_conference', discussion('2027-03-22T17:00:00.000Z')));
    await project(overdue, 2, status(overdue, 'awaiting_conference', discussion('2027-03-02T17:00:00.000Z')));
    const due = ids(await workQueue(store, 'conferences_due', {})).filter((id) => [later, sooner, overdue].includes(id));
    expect(due).toEqual([overdue, sooner, later]);
    // The conference recorded: the case leaves the queue.
    await project(sooner, 3, status(sooner, 'closing', discussion('2027-03-22T17:00:00.000Z')));
    expect(ids(await workQueue(store, 'conferences_due', {}))).not.toContain(sooner);
  });
});
