// Every write of the store hit by concurrent writers against the suite's FerretDB, which
// loses one of two concurrent updates to a document (50 concurrent `$push` kept 1 to 6):
// what is kept is counted exactly. An insert-only write is hit by 24 writers at once on
// one log or one id; a write with one writer per document by 24 writers at once on 24
// documents, as the engine runs it (each case's workflow writes its own). store-writes.ts
// says which each is; a write missing here fails the last test.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, type Store } from '../../shared/db/store.js';
import { testDatabase } from '../support/stack.js';
import { storeWrites } from './store-writes.js';

const N = 24;
const run = Date.now().toString(36).toUpperCase();
const many = <T>(f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: N }, (_, i) => f(i)));
const at = (i = 0) => new Date(Date.UTC(2027, 8, 1, 9, i));
const actor = { id: `u-${run}`, name: 'Test Manager', role: 'front_door_manager', agency: 'front_door' };

let models: Models;
let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('concurrent');
  ({ models, store } = db);
  close = () => db.conn.close();
});
afterAll(async () => close?.());

const hit = new Set<string>();
/** A test of one write path (or more), recorded as hit. */
const path = (names: (keyof typeof storeWrites)[], name: string, fn: () => Promise<void>) =>
  it(`${names.join(', ')}: ${name}`, async () => {
    names.forEach((n) => hit.add(n));
    await fn();
  });

describe('insert-only writes, 24 writers at once', () => {
  path(['insertNotification', 'insertContact', 'insertNotificationVersion'], 'the same record inserted at once is kept once, and told so once', async () => {
    const caseId = `C-CN-${run}`;
    const notification = { _id: caseId, forceCode: 'HUM', policeReference: `R-${run}`, receivedAt: at(), payload: { n: 1 } };
    expect((await many(() => store.insertNotification(notification))).filter(Boolean)).toHaveLength(1);
    const contact = { _id: caseId, source: '6', kind: 'notification', stage: 'received', receivedAt: at() };
    expect((await many(() => store.insertContact(contact))).filter(Boolean)).toHaveLength(1);
    expect(await store.notificationExists(caseId)).toBe(true);
    // Versions numbered by the workflow: each its own document.
    await many((i) => store.insertNotificationVersion({ _id: `${caseId}:v${i + 2}`, caseId, version: i + 2, receivedAt: at(i), payload: {} }));
    const versions = await Promise.all(Array.from({ length: N }, (_, i) => store.readNotificationVersion(`${caseId}:v${i + 2}`, { version: 1 })));
    expect(versions.filter((v) => v !== null)).toHaveLength(N);
  });

  path(['recordContact', 'recordPartnerInformation', 'recordReferralForm'], 'a record kept as first written, written at once, is kept once and none of the writers fails', async () => {
    const caseId = `C-RC-${run}`;
    await many((i) => store.recordContact(caseId, { source: '6', kind: 'notification', receivedAt: at(i) }));
    expect(await store.readContact<{ receivedAt: Date }>(caseId)).toMatchObject({ stage: 'received' });
    await many((i) => store.recordReferralForm(caseId, { source: '2A', kind: 'referral', receivedAt: at(i), submittedBy: actor, payload: { i } }));
    expect(await store.referralFormExists(caseId)).toBe(true);
    await many((i) => store.recordPartnerInformation(`${caseId}:health:1`, { caseId, agency: 'health', submittedBy: actor, submittedAt: at(i), information: { i } }));
    await many((i) => store.recordPartnerInformation(`${caseId}:education:${i}`, { caseId, agency: 'education', submittedBy: actor, submittedAt: at(i), information: { i } }));
    const ids = [`${caseId}:health:1`, ...Array.from({ length: N }, (_, i) => `${caseId}:education:${i}`)];
    expect(await store.readPartnerInformation(ids)).toHaveLength(N + 1);
  });

  path(['insertTimelineEvent'], "a case's events inserted at once are all on its timeline", async () => {
    const caseId = `C-TL-${run}`;
    await many((i) => store.insertTimelineEvent({ _id: `${caseId}:${String(i + 1).padStart(5, '0')}`, caseId, seq: i + 1, type: 'step', at: at(i) }));
    expect((await store.readTimeline(caseId)).map((e) => e.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  path(['appendAudit'], "requests audited at once are each in the case's, the user's and the whole trail's logs", async () => {
    const caseId = `C-AU-${run}`;
    const whole = (await store.readAudit(1, 1000)).length;
    await many((i) => store.appendAudit([{ at: at(i), actor, action: 'case.read', caseId }]));
    expect(await store.readWholeAuditOfCase(caseId)).toHaveLength(N);
    expect(await store.readAuditByUser(actor.id, 1, 100)).toHaveLength(N);
    expect(await store.readAudit(1, 1000)).toHaveLength(whole + N);
  });

  path(['appendAudit'], "lists audited at once by four processes (their cases' logs' ends kept together) are each in every case's log, gap-free", async () => {
    const caseIds = Array.from({ length: 10 }, (_, i) => `C-AL-${run}-${i}`);
    const others = await Promise.all([1, 2, 3].map(() => connectDatabase(`${inject('mongoBaseUri')}${models.Contact.db.name}`)));
    try {
      const stores = [store, ...others.map((o) => createStore(o.models))];
      const list = (i: number) => caseIds.map((caseId) => ({ at: at(i), actor, action: 'agenda.read', caseId }));
      // Each process asks six times in turn (each asking after the first starts from the ends the last kept), the four at once.
      await Promise.all(stores.map(async (s, w) => {
        for (let k = 0; k < N / stores.length; k++) await s.appendAudit(list(w * 6 + k));
      }));
      for (const caseId of caseIds) expect(await store.readWholeAuditOfCase(caseId)).toHaveLength(N);
    } finally {
      await Promise.all(others.map((o) => o.conn.close()));
    }
  });

  path(['sealAuditTrail'], 'sealers at once never fork the chain: each entry sealed once, and the chain holds', async () => {
    const caseId = `C-SEAL-${run}`;
    await many((i) => store.appendAudit([{ at: at(i), actor, action: 'case.read', caseId }]));
    await many(() => store.sealAuditTrail());
    expect(await store.verifyAuditChain()).not.toHaveProperty('broken');
    const links = await models.AuditChain.find({ _id: { $regex: /^link#/ } }).lean();
    expect(links.length).toBe(new Set(links.map((l) => l.entryId)).size);
    expect(links.length).toBe(await models.Audit.countDocuments({}));
  });

  path(['appendAuditOnce', 'recordDisclosure'], 'an entry written once, by writers at once, is read once; distinct disclosures at once are each read', async () => {
    const caseId = `C-AO-${run}`;
    await many(() => store.appendAuditOnce(`notification:${caseId}`, { at: at(), actor, action: 'notification.submit', caseId }));
    await many(() => store.recordDisclosure(`${caseId}:v1`, { at: at(1), action: 'disclosure.police_feedback', caseId, outcome: 200 }));
    await many((i) => store.recordDisclosure(`${caseId}:v${i + 2}`, { at: at(i + 2), action: 'disclosure.police_feedback', caseId, outcome: 200 }));
    const entries = await store.readWholeAuditOfCase(caseId);
    expect(entries.map((e) => e.entryId).sort()).toEqual([`notification:${caseId}`, ...Array.from({ length: N + 1 }, (_, i) => `disclosure:${caseId}:v${i + 1}`)].sort());
  });

  path(['insertMeetingRecord'], 'attendees added at once are each on the register, and the same one once', async () => {
    const date = '2027-09-01';
    const record = (key: string) => ({ _id: `${date}:attendee:${key}`, date, kind: 'attendee', at: at(), person: { name: `Test ${key}`, agency: 'police' }, recordedBy: actor, recordedAt: at() });
    await Promise.all([...Array.from({ length: N }, (_, i) => store.insertMeetingRecord(record(`AT-${i}`))), ...Array.from({ length: N }, () => store.insertMeetingRecord(record('AT-SAME')))]);
    expect(await store.readMeetingRecords(date)).toHaveLength(N + 1);
  });

  path(['postToOutbox'], "outcomes posted at once for one agency are each in its outbox, once however often posted", async () => {
    const entry = (i: number) => ({ _id: `C-OB-${run}-${i}:v1`, agency: 'youth_justice', caseId: `C-OB-${run}-${i}`, decisionVersion: 1, outcome: 'early_help', decidedAt: at(i), postedAt: at(i) });
    await Promise.all([...Array.from({ length: N }, (_, i) => store.postToOutbox(entry(i))), ...Array.from({ length: 4 }, () => store.postToOutbox(entry(0)))]);
    expect(await store.readOutbox('youth_justice')).toHaveLength(N);
  });

  path(['matchPeople'], 'the same new child named by intakes at once is one person; distinct children at once are each one', async () => {
    const child = { givenName: 'Mia', familyName: `Concurrent${run}`, dateOfBirth: '2018-02-03' };
    const same = await many(() => store.matchPeople('child', [child]));
    expect(new Set(same.map((m) => m.ids[0])).size).toBe(1);
    const distinct = await many((i) => store.matchPeople('child', [{ ...child, givenName: `Mia${String.fromCharCode(65 + i)}` }]));
    const ids = new Set(distinct.map((m) => m.ids[0]));
    expect(ids.size).toBe(N);
    expect((await Promise.all([...ids].map((id) => store.readPerson(id, { kind: 1 })))).filter((p) => p !== null)).toHaveLength(N);
  });

  path(['matchFamily'], 'the same new family named by intakes at once is one child and one adult; each is found by the next', async () => {
    const child = { givenName: 'Noor', familyName: `Family${run}`, dateOfBirth: '2019-04-05' };
    const adult = { givenName: 'Sami', familyName: `Family${run}`, dateOfBirth: '1990-06-07' };
    const matched = await many(() => store.matchFamily([child], [adult]));
    expect(new Set(matched.map(([c]) => c.ids[0])).size).toBe(1);
    expect(new Set(matched.map(([, a]) => a.ids[0])).size).toBe(1);
    // Whoever raced, the child is first seen by at most one intake.
    expect(matched.filter(([c]) => c.firstSeen.size > 0).length).toBeLessThanOrEqual(1);
    const [again] = await store.matchFamily([child], [adult]);
    expect(again.ids).toEqual(matched[0][0].ids);
    expect(again.firstSeen.size).toBe(0);
    // Matched alongside (intake records the new people while it writes its contact): one
    // child and one adult all the same once each has waited for its writes.
    const sibling = { ...child, givenName: 'Rumi' };
    const alongside = await many(async () => {
      const [c, , recorded] = await store.matchFamily([sibling], [adult], undefined, true);
      await recorded;
      return c.ids[0];
    });
    expect(new Set(alongside).size).toBe(1);
    const [found] = await store.matchFamily([sibling], [adult]);
    // Found by the first key, named as the record holds them.
    expect(found).toEqual({ ids: [alongside[0]], firstSeen: new Set(), named: new Map([[alongside[0], { givenName: 'Rumi', familyName: sibling.familyName, dateOfBirth: sibling.dateOfBirth }]]) });
  });

  path(['appendToChildHistory', 'recordContactInChildHistories', 'recordReferralInChildHistories'], "contacts and referrals recorded at once about one child are each in the child's history", async () => {
    const childId = `CH-CONC-${run}`;
    await many((i) => store.appendToChildHistory(childId, { kind: 'contact', caseId: `C-H1-${run}-${i}`, at: at(i) }));
    await many((i) => store.recordContactInChildHistories(`C-H2-${run}-${i}`, { receivedAt: at(N + i), childPersonIds: [childId] }));
    await many((i) => store.recordReferralInChildHistories({ caseId: `C-H2-${run}-${i}`, referredAt: at(N + i), childPersonIds: [childId], status: 'active' }));
    const history = await store.readChildHistory(childId);
    expect(history.contacts.size).toBe(2 * N);
    expect(history.referrals.size).toBe(N);
    expect(await store.readChildHistoryEntries(childId)).toHaveLength(3 * N);
  });
});

describe('writes with one writer per document: 24 documents written at once', () => {
  path(['recordInWorkingSet'], "cases set for one meeting at once are each on its agenda and open; cases closing at once in one month each keep their row", async () => {
    const date = '2027-09-02';
    const open = (i: number) => `C-WS-${run}-${i}`;
    const closed = (i: number) => `C-CL-${run}-${i}`;
    const contact = (i: number) => ({ receivedAt: at(i), source: '6' });
    await many((i) => store.recordInWorkingSet(open(i), { projectionSeq: 1, stage: 'awaiting_decision', meetingDate: date, status: { policeFeedback: { status: 'not_due' } } }, contact(i), true));
    await many((i) => store.recordInWorkingSet(closed(i), { projectionSeq: 2, stage: 'closed', outcome: 'early_help', status: { policeFeedback: { status: 'delivered' } } }, contact(i)));
    expect((await store.readAgendaCaseIds(date)).sort()).toEqual(Array.from({ length: N }, (_, i) => open(i)).sort());
    const openIds = new Set((await store.readOpenCases<{ _id: string }>({ _id: 1 })).map((d) => d._id));
    expect(Array.from({ length: N }, (_, i) => open(i)).filter((id) => openIds.has(id))).toHaveLength(N);
    const rows = await store.readCaseRows(at(0), at(N + 1));
    expect(rows.filter((r) => r.caseId.startsWith(`C-CL-${run}`))).toHaveLength(N);
  });

  path(['recordInWorkingSet'], "referrals closing at once in one month, their children corrected, each keep their Annex A document and each child is noted once in the month", async () => {
    const closed = (i: number) => `C-AX-${run}-${i}`;
    const child = (i: number) => `CH-AX-${run}-${i}`;
    await many((i) => store.insertContact({ _id: closed(i), source: '6', kind: 'notification', stage: 'received', receivedAt: at(i), childPersonIds: [child(i)], annexChildren: [`${child(i)}|2|2015-01-0${(i % 9) + 1}|WBRI`] }));
    await many((i) => store.recordRectification(child(i), { at: at(i), field: 'ethnicity', value: 'MWBA', actor, reason: 'told by the parent' }));
    // Intake logs each contact in its children's histories (after the correction here: the closure notes them).
    await many((i) => store.recordContactInChildHistories(closed(i), { receivedAt: at(i), childPersonIds: [child(i)] }));
    const status = { policeFeedback: { status: 'delivered' }, decisions: [], allocations: [] };
    await many((i) => store.recordInWorkingSet(closed(i), { projectionSeq: 2, stage: 'closed', outcome: 'social_care_assessment_s17', status: status as never }, { receivedAt: at(i), source: '6' }));
    const kept = await store.readAnnexACases(Array.from({ length: N }, (_, i) => closed(i)));
    expect(kept.size).toBe(N);
    expect(kept.get(closed(3))).toMatchObject({ children: [`${child(3)}|2|2015-01-04|WBRI`], withdrawn: false, referralsInYear: [0] });
    const noted = await store.readAnnexACorrected(at(0), at(N + 1));
    expect(Array.from({ length: N }, (_, i) => child(i)).filter((id) => noted.has(id))).toHaveLength(N);
    // 24 lists at once each read the month's documents one by one, and gather them into the month's copy.
    const rows = Array.from({ length: N }, (_, i) => ({ caseId: closed(i), receivedAt: at(i) }));
    expect((await many(() => store.readAnnexAOfRows(rows))).map((m) => m.size)).toEqual(Array(N).fill(N));
    expect(await models.AnnexAMonth.findById('2027-09~0', { count: 1 }).lean()).toMatchObject({ count: N });
    expect((await store.readAnnexAOfRows(rows)).get(closed(3))).toEqual(kept.get(closed(3)));
  });

  path(['updateContact', 'recordResend'], 'cases projected and resent at once each keep their own write', async () => {
    const id = (i: number) => `C-UC-${run}-${i}`;
    await many((i) => store.insertContact({ _id: id(i), source: '6', kind: 'notification', stage: 'received', receivedAt: at(i) }));
    await many((i) => store.insertNotification({ _id: id(i), forceCode: 'HUM', policeReference: `R-${run}-${i}`, receivedAt: at(i), payload: {} }));
    await many((i) => store.updateContact(id(i), { stage: 'awaiting_decision', projectionSeq: 1, rating: i % 2 ? 'red' : 'amber' }, {}));
    await many((i) => store.recordResend(id(i), at(i + 1)));
    const contacts = await store.readContacts<{ stage: string; rating: string }>(Array.from({ length: N }, (_, i) => id(i)));
    expect(contacts.filter((c, i) => c.stage === 'awaiting_decision' && c.rating === (i % 2 ? 'red' : 'amber'))).toHaveLength(N);
    const resent = await Promise.all(Array.from({ length: N }, (_, i) => store.readNotification<{ resends: unknown[] }>(id(i), { resends: 1 })));
    expect(resent.filter((n) => n?.resends.length === 1)).toHaveLength(N);
  });

  path(['recordReferral', 'withdrawReferral', 'recordPoliceFeedback'], 'referrals made, withdrawn and delivered at once for 24 cases are each kept', async () => {
    const id = (i: number) => `C-RF-${run}-${i}`;
    await many((i) => store.recordReferral(id(i), { $setOnInsert: { caseId: id(i), referredAt: at(i) }, $set: { status: 'active', decisionVersion: 1 } }));
    await many((i) => (i % 2 ? store.withdrawReferral(id(i), { status: 'withdrawn', withdrawnAt: at(i) }) : Promise.resolve(null)));
    await many((i) => store.recordPoliceFeedback(`${id(i)}:v1`, { caseId: id(i), status: 'delivered', attempts: 1 }));
    const referrals = await Promise.all(Array.from({ length: N }, (_, i) => store.readReferral<{ status: string }>(id(i), { status: 1 })));
    expect(referrals.map((r) => r?.status)).toEqual(Array.from({ length: N }, (_, i) => (i % 2 ? 'withdrawn' : 'active')));
    const feedback = await Promise.all(Array.from({ length: N }, (_, i) => store.readPoliceFeedback<{ status: string }>(`${id(i)}:v1`)));
    expect(feedback.filter((f) => f?.status === 'delivered')).toHaveLength(N);
  });
});

describe('the rate limiter: one slot a replica a window', () => {
  path(['claimRateLimitSlot', 'publishRateLimitCounts', 'dropRateLimitSlot'], '24 replicas claiming at once each get their own slot; each publishes its own counts, all are added up, and each drops its own', async () => {
    const window = 1_000_000 + (Date.now() % 1_000_000);
    const slots = await many((i) => store.claimRateLimitSlot(window, `replica-${i}`));
    expect(new Set(slots).size).toBe(N);
    await many((i) => store.publishRateLimitCounts(slots[i], [[`10.0.0.${i}`, i + 1]]));
    const read = await store.readRateLimitCounts(window);
    expect(read.map((r) => r.owner).sort()).toEqual(Array.from({ length: N }, (_, i) => `replica-${i}`).sort());
    expect(read.flatMap((r) => r.counts).reduce((n, [, c]) => n + c, 0)).toBe((N * (N + 1)) / 2);
    // Each replica drops its slot once the window has passed: the window is then empty.
    await many((i) => store.dropRateLimitSlot(slots[i]));
    expect(await store.readRateLimitCounts(window)).toEqual([]);
  });
});

describe('retention: holds and erasures', () => {
  path(['placeLegalHold', 'releaseLegalHold', 'recordErasure'], 'a hold placed and an erasure recorded by 24 writers at once are kept once; holds on 24 cases released at once each go', async () => {
    const id = (i: number) => `C-LH-${run}-${i}`;
    expect((await many(() => store.placeLegalHold('case', id(0), { placedBy: actor, reason: 'litigation' }))).filter(Boolean)).toHaveLength(1);
    await many((i) => store.placeLegalHold('case', id(i), { placedBy: actor, reason: 'litigation' }));
    await many((i) => store.releaseLegalHold('case', id(i)));
    expect((await Promise.all(Array.from({ length: N }, (_, i) => store.readLegalHold('case', id(i))))).filter(Boolean)).toHaveLength(0);
    expect((await many(() => store.recordErasure(id(0), { kind: 'contact', expiredAt: at(), documents: 1, people: 0 }))).filter(Boolean)).toHaveLength(1);
    expect(await store.readErasure(id(0))).toMatchObject({ kind: 'contact' });
  });

  path(['recordRectification'], "24 corrections of one person's details at once are each kept, in the person's log", async () => {
    const personId = `CH-RECT-${run}`;
    await many((i) => store.recordRectification(personId, { at: at(i), field: 'ethnicity', value: `v${i}`, actor, reason: 'told by the parent' }));
    expect(new Set((await store.readRectifications(personId)).map((r) => r.value)).size).toBe(N);
    // 24 people corrected at once, each with a contact in one month: each noted there for Annex A.
    const people = (i: number) => `CH-RECN-${run}-${i}`;
    const month = new Date(Date.UTC(2027, 10, 1));
    await many((i) => store.recordContactInChildHistories(`C-RECN-${run}-${i}`, { receivedAt: new Date(+month + i * 60_000), childPersonIds: [people(i)] }));
    await many((i) => store.recordRectification(people(i), { at: at(i), field: 'dateOfBirth', value: '2016-02-02', actor, reason: 'told by the school' }));
    const noted = await store.readAnnexACorrected(month, new Date(Date.UTC(2027, 10, 30)));
    expect(Array.from({ length: N }, (_, i) => people(i)).filter((id) => noted.has(id))).toHaveLength(N);
  });

  path(['recordPersonLink', 'recordSplitPerson'], "24 links of one person at once are each kept in the person's log; a split's new person made by 24 at once is made once", async () => {
    const personId = `CH-LINK-${run}`;
    await many((i) => store.recordPersonLink(personId, { at: at(i), kind: 'merged', other: `CH-OTHER-${i}`, actor, reason: 'the same child' }));
    expect(new Set((await store.readPersonLinks(personId)).map((l) => l.other)).size).toBe(N);
    const split = `CH-SPLIT-${run}`;
    await many((i) => store.recordSplitPerson({ _id: split, kind: 'child', givenName: `v${i}` }));
    expect(await store.readPerson<{ kind: string }>(split, { kind: 1 })).toMatchObject({ kind: 'child' });
  });

  path(['eraseCaseRecords'], '24 cases erased at once each lose every record, and nothing else goes', async () => {
    const id = (i: number) => `C-ER-${run}-${i}`;
    await many((i) => store.insertContact({ _id: id(i), source: '6', kind: 'notification', stage: 'closed', receivedAt: at(i) }));
    await many((i) => store.insertNotification({ _id: id(i), forceCode: 'HUM', policeReference: `E-${run}-${i}`, receivedAt: at(i), payload: {} }));
    await many((i) => (i === 0 ? Promise.resolve() : store.eraseCaseRecords(id(i), []).then(() => undefined)));
    const kept = await store.readContacts<{ _id: string }>(Array.from({ length: N }, (_, i) => id(i)));
    expect(kept.map((c) => c._id)).toEqual([id(0)]);
    expect(await store.notificationExists(id(1))).toBe(false);
    // The referrals closed above, erased at once with their children: Annex A's documents
    // go, and each child's note in the month's log (one log, 24 erasers) is overwritten.
    const closed = (i: number) => `C-AX-${run}-${i}`;
    const child = (i: number) => `CH-AX-${run}-${i}`;
    await many((i) => (i === 0 ? Promise.resolve() : store.eraseCaseRecords(closed(i), [child(i)]).then(() => undefined)));
    expect([...(await store.readAnnexACases(Array.from({ length: N }, (_, i) => closed(i)))).keys()]).toEqual([closed(0)]);
    // The month's gathered copy held them all: it is read no more (deleted), and a list finds only the case kept.
    expect(await models.AnnexAMonth.findById('2027-09~0').lean()).toBeNull();
    expect([...(await store.readAnnexAOfRows(Array.from({ length: N }, (_, i) => ({ caseId: closed(i), receivedAt: at(i) })))).keys()]).toEqual([closed(0)]);
    const noted = await store.readAnnexACorrected(at(0), at(N + 1));
    expect(Array.from({ length: N }, (_, i) => child(i)).filter((c) => noted.has(c))).toEqual([child(0)]);
  });
});

describe("the pages' sessions", () => {
  const session = (id: string, userId: string) => ({
    _id: id, user: { id: userId, name: 'Test', role: 'panel_member', agency: 'health' }, csrf: 'c',
    tokens: { accessToken: 'a', accessExpiresAt: at() }, createdAt: at(), expiresAt: at(60), seenAt: at(),
  });

  path(['startWebSession', 'startWebSignIn', 'takeWebSignIn'], 'a session or a sign-in begun at once under one id is kept once; a sign-in is taken and gone', async () => {
    const results = await Promise.allSettled(Array.from({ length: N }, () => store.startWebSession(session(`ws-${run}`, `p-${run}`))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await many((i) => store.startWebSignIn({ _id: `si-${run}-${i}`, codeVerifier: 'v', state: 's', nonce: 'n', createdAt: at(i) }));
    const taken = await many((i) => store.takeWebSignIn(`si-${run}-${i}`));
    expect(taken.filter(Boolean)).toHaveLength(N);
    expect((await many((i) => store.takeWebSignIn(`si-${run}-${i}`))).filter(Boolean)).toHaveLength(0);
  });

  path(['updateWebSession', 'endWebSession', 'revokeWebSessions'], '24 browsers each changing, ending or revoking their own session at once', async () => {
    const id = (i: number) => `ws-${run}-${i}`;
    await many((i) => store.startWebSession(session(id(i), `p-${run}-${i}`)));
    await many((i) => store.updateWebSession(id(i), { seenAt: at(i + 1), tokens: { accessToken: `A${i}`, accessExpiresAt: at(i + 2) } }));
    const read = await many((i) => store.readWebSession(id(i)));
    expect(read.filter((r, i) => +r!.session.seenAt === +at(i + 1) && r!.session.tokens.accessToken === `A${i}`)).toHaveLength(N);
    await many((i) => (i % 2 ? store.endWebSession(id(i)) : store.revokeWebSessions(`p-${run}-${i}`, at(30))));
    const after = await many((i) => store.readWebSession(id(i)));
    expect(after.map((r) => (r ? +r.revokedBefore! : null))).toEqual(Array.from({ length: N }, (_, i) => (i % 2 ? null : +at(30))));
  });
});

describe('the store', () => {
  it('has every write hit above, each said to be insert-only or to have one writer per document', () => {
    expect(Object.keys(storeWrites).filter((w) => !hit.has(w))).toEqual([]);
    expect(Object.values(storeWrites).filter((how) => !/^(insert-only|one writer)/.test(how))).toEqual([]);
  });
});
