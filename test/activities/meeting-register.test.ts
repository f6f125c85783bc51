// A meeting's register read by `_id` through its keyed log (shared/db/store-meetings.ts):
// every attendee added at once is on it, the same person once; rebuilt from the
// attendees recorded (`npm run rebuild`).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../shared/db/connect.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import { testDatabase } from '../support/stack.js';

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('meeting-register');
  store = createStore(db.models);
  close = () => db.conn.close();
});
afterAll(async () => close?.());

const recordedBy = { id: 'chair-1', name: 'Test Chair', role: 'front_door_manager', agency: 'front_door' };
const record = (date: string, kind: 'opened' | 'attendee', key = '', at = new Date()) => ({
  _id: kind === 'opened' ? `${date}:opened` : `${date}:attendee:${key}`,
  date, kind, at, person: { name: `Test ${key || 'Chair'}`, agency: 'police' }, recordedBy, recordedAt: at,
});

describe("a meeting's register", () => {
  it('keeps every attendee added at once, the same person once, and no other meeting\'s', async () => {
    const date = '2027-04-01';
    await store.insertMeetingRecord(record(date, 'opened'));
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => store.insertMeetingRecord(record(date, 'attendee', `AT-${i}`))),
      store.insertMeetingRecord(record(date, 'attendee', 'AT-3')),
      store.insertMeetingRecord(record('2027-04-02', 'attendee', 'AT-OTHER')),
    ]);
    const docs = await store.readMeetingRecords<{ _id: string; kind: string }>(date);
    expect(docs.filter((d) => d.kind === 'opened')).toHaveLength(1);
    expect(docs.filter((d) => d.kind === 'attendee').map((d) => d._id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `${date}:attendee:AT-${i}`).sort());
  });

  it("has each step's audit entry written with the record it made: once however often the step is sent, and by a repeat after a failure in between", async () => {
    const date = '2027-04-05';
    const entry = (action: string, id: string) => ({ at: new Date(), actor: { id, name: 'Test Chair', role: 'panel_member', agency: 'childrens_social_care' }, action, resource: `POST /api/v1/meetings/${date}/open`, outcome: 200 });
    // Sent three times, twice at once: one entry.
    await store.insertMeetingRecord(record(date, 'opened'), entry('meeting.open', 'chair-audited'));
    await Promise.all([1, 2].map(() => store.insertMeetingRecord(record(date, 'opened'), entry('meeting.open', 'chair-audited'))));
    // The record written, its entry not (the process stopped in between): the repeat writes it.
    await store.insertMeetingRecord(record(date, 'attendee', 'AT-LATE'));
    await store.insertMeetingRecord(record(date, 'attendee', 'AT-LATE'), entry('meeting.register.add', 'clerk-audited'));
    const [chair, clerk] = await Promise.all([store.readAuditByUser('chair-audited', 1, 50), store.readAuditByUser('clerk-audited', 1, 50)]);
    expect(chair.map((e) => e.action)).toEqual(['meeting.open']);
    expect(clerk.map((e) => e.action)).toEqual(['meeting.register.add']);
    expect(await store.readAudit(1, 200)).toEqual(expect.arrayContaining([
      expect.objectContaining({ entryId: `meeting:${date}:opened` }),
      expect.objectContaining({ entryId: `meeting:${date}:attendee:AT-LATE` }),
    ]));
  });

  it('is rebuilt from the attendees recorded', async () => {
    const uri = `${inject('mongoBaseUri')}t_registerbuild_${Date.now()}`;
    const first = await connectDatabase(uri);
    const date = '2027-05-03';
    await first.models.MeetingRecord.insertMany([record(date, 'opened'), record(date, 'attendee', 'AT-B'), record(date, 'attendee', 'AT-A')]);
    await first.conn.close();
    expect(await rebuildDatabase(uri)).toMatchObject({ meeting_registers: 2 * 2 });
    const [a, b] = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
    try {
      await createStore(b.models).insertMeetingRecord(record(date, 'attendee', 'AT-C'));
      const docs = await createStore(a.models).readMeetingRecords<{ _id: string }>(date);
      expect(docs.map((d) => d._id).sort()).toEqual([`${date}:attendee:AT-A`, `${date}:attendee:AT-B`, `${date}:attendee:AT-C`, `${date}:opened`]);
    } finally {
      await Promise.all([a.conn.close(), b.conn.close()]);
    }
  });
});
