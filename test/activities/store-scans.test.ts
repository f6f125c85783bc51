// No read of the store scans. FerretDB v1 answers only an `_id` equality from an index (and,
// as the project builds it, an `_id` `$in` of strings: infra/bootstrap.mjs) and reads the
// whole collection in Go for any other filter (README.md in shared/db). So every store read
// runs here against a seeded database, with the driver's command monitoring on, and any
// find, aggregate, count, distinct, update, delete or findAndModify whose filter is neither
// fails the test, unless the read is
// named below with the small collection it scans and why. The seeding's writes are held to
// the same rule. A new store function must be listed here as a read or a write.
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { NotificationReceipt } from '../../shared/case/state.js';
import { loadPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import { createStore, type Store } from '../../shared/db/store.js';
import { receivedCase } from '../../workflows/case-record.js';
import { parsedNotification } from '../support/fixtures.js';
// What the store writes (store-writes.ts): their commands during seeding are checked as well.
import { writes } from './store-writes.js';

/** The reads allowed to scan: each on one collection, small by design (shared/db/README.md). */
const allowedScans: Partial<Record<keyof Store, { collection: string; why: string }>> = {
  readOpenCases: { collection: 'open_cases', why: 'the working set: one document per case that still needs someone, a few thousand, read whole by every queue' },
  readOpenRows: { collection: 'open_cases', why: 'the working set again: the open cases\' rows for the case list and the figures' },
  readCaseRows: { collection: 'open_cases', why: 'a period\'s rows are its months\' keyed closed rows and the open cases\' rows' },
  countRecords: { collection: '*', why: 'the benches\' report of what a run stored: never on a request\'s path' },
};

const filtered = ['find', 'aggregate', 'count', 'distinct', 'update', 'delete', 'findAndModify'];

/** The filters a command applies (an aggregate's first `$match`, or none: it reads everything). */
function filtersOf(e: CommandStartedEvent): unknown[] {
  const c = e.command as Record<string, any>;
  switch (e.commandName) {
    case 'find': return [c.filter ?? {}];
    case 'count': case 'distinct': case 'findAndModify': return [c.query ?? {}];
    case 'update': return c.updates.map((u: { q: unknown }) => u.q);
    case 'delete': return c.deletes.map((d: { q: unknown }) => d.q);
    case 'aggregate': return [c.pipeline?.[0]?.$match ?? {}];
    default: return [];
  }
}

/** `{ _id: 'x' }`, `{ _id: { $eq: 'x' } }` or `{ _id: { $in: ['x', …] } }`: what FerretDB hands to SQLite's index. */
function isIdEquality(filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return false;
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return false;
  const id = (filter as { _id: unknown })._id;
  if (typeof id === 'string') return true;
  if (typeof id !== 'object' || id === null || Object.keys(id).length !== 1) return false;
  const { $eq, $in } = id as { $eq?: unknown; $in?: unknown };
  return typeof $eq === 'string' || (Array.isArray($in) && $in.length > 0 && $in.every((v) => typeof v === 'string'));
}

const scansIn = (events: CommandStartedEvent[]) =>
  events.flatMap((e) => (filtered.includes(e.commandName) && filtersOf(e).some((f) => !isIdEquality(f)) ? [{ collection: String((e.command as Record<string, unknown>)[e.commandName]), command: e.commandName, filter: JSON.stringify(filtersOf(e)) }] : []));

let store: Store;
let events: CommandStartedEvent[] = [];
let close: () => Promise<void>;
const seeded = { caseId: '', childId: '', date: '', at: new Date() };

beforeAll(async () => {
  const db = await connectDatabase(`${inject('mongoBaseUri')}t_storescans_${Date.now()}`, { monitorCommands: true });
  close = () => db.conn.close();
  store = createStore(db.models);
  // From here on: what the store sends.
  db.conn.getClient().on('commandStarted', (e: CommandStartedEvent) => events.push(e));

  const acts = createActivities({ store, policy: loadPolicy() });
  const { n, caseId } = parsedNotification();
  const receivedAt = new Date().toISOString();
  const receipt: NotificationReceipt = { action: 'notification.submit', actor: { id: 'police-system:HUM', name: 'HUM', role: 'police_system', agency: 'police', force: 'HUM' }, resource: 'POST /api/v1/notifications', outcome: 202 };
  const received = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
  const intake = await acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: 'run-1', receipt });
  await acts.recordResend({ caseId, receivedAt: new Date(Date.now() + 1000).toISOString() });
  const actor = { id: 'u-scan', name: 'Test', role: 'front_door_manager', agency: 'front_door' } as const;
  await store.recordPartnerInformation(`${caseId}:health:2`, { caseId, agency: 'health', submittedBy: actor, submittedAt: new Date(), information: { summary: 'known' } });
  await store.insertNotificationVersion({ _id: `${caseId}:v2`, caseId, version: 2, receivedAt: new Date(), payload: n });
  await acts.recordReferral({ caseId, outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt: receivedAt });
  await acts.withdrawReferral({ caseId, decisionVersion: 1, withdrawnAt: receivedAt, reason: 'amended' });
  await store.recordReferralInChildHistories({ caseId, referredAt: new Date(receivedAt), childPersonIds: intake.childPersonIds, status: 'withdrawn' });
  await store.recordPoliceFeedback(`${caseId}:v1`, { caseId, status: 'no_webhook_configured', attempts: 1 });
  await store.recordReferralForm('C-SCAN-FORM', { source: '2A', kind: 'referral', receivedAt: new Date(), submittedBy: actor, payload: {} });
  await store.postToOutbox({ _id: 'C-SCAN-FORM:v1', agency: 'education', caseId: 'C-SCAN-FORM', decisionVersion: 1, outcome: 'early_help', decidedAt: new Date(), postedAt: new Date() });
  await store.appendAudit([{ at: new Date(), actor, action: 'case.read', caseId, resource: 'GET /api/v1/cases/:id' }]);
  // A read beyond need to know: the break-glass log.
  await store.appendAudit([{ at: new Date(), actor, action: 'case.read.beyond_need_to_know', caseId, resource: 'GET /api/v1/cases/:id', reason: 'a reason of twenty characters' }]);
  // The rate limiter: a replica's slot of this minute's window, its counts published.
  const rateSlot = await store.claimRateLimitSlot(Math.floor(Date.now() / 60_000), 'replica-scan');
  await store.publishRateLimitCounts(rateSlot, [['127.0.0.1', 3]]);
  await store.sealAuditTrail();
  for (const kind of ['opened', 'attendee'] as const) {
    const _id = kind === 'opened' ? `${intake.meeting.date}:opened` : `${intake.meeting.date}:attendee:AT-CHAIR`;
    const doc = { _id, date: intake.meeting.date, kind, at: new Date(), person: { name: 'Chair', agency: 'front_door' }, recordedBy: actor, recordedAt: new Date() };
    // The step's audit entry written with its record, and again by a repeat (read by `_id`).
    const entry = { at: new Date(), actor, action: kind === 'opened' ? 'meeting.open' : 'meeting.register.add', resource: 'POST /api/v1/meetings/:date/open', outcome: 200 };
    await store.insertMeetingRecord(doc, entry);
    await store.insertMeetingRecord(doc, entry);
  }
  // Retention: a hold placed (and another released), a case's records erased and the erasure recorded.
  await store.placeLegalHold('case', caseId, { placedBy: actor, reason: 'litigation' });
  await store.placeLegalHold('person', 'CH-SCAN', { placedBy: actor, reason: 'litigation' });
  await store.releaseLegalHold('person', 'CH-SCAN');
  await store.eraseCaseRecords('C-SCAN-GONE', [intake.childPersonIds[0] + '-none']);
  await store.recordErasure('C-SCAN-ERASED', { kind: 'contact', expiredAt: new Date(), documents: 1, people: 0 });
  // A child's details corrected (their ethnicity recorded).
  await store.recordRectification(intake.childPersonIds[0], { at: new Date(), field: 'ethnicity', value: 'WBRI', actor, reason: 'told by the parent' });
  // A referral of the same child closed: its Annex A document, the child noted as corrected in its month.
  const childId = intake.childPersonIds[0];
  await store.insertContact({ _id: 'C-SCAN-CLOSED', source: '6', kind: 'notification', stage: 'received', receivedAt: new Date(receivedAt), childPersonIds: [childId], annexChildren: [`${childId}|1|2015-03-04|WBRI`] });
  await store.recordInWorkingSet('C-SCAN-CLOSED', { projectionSeq: 3, stage: 'closed', outcome: 'social_care_assessment_s17', status: { policeFeedback: { status: 'delivered' } } as never }, { receivedAt: new Date(receivedAt), source: '6' });
  // Who is who: a child split (a new person made) and merged with another record.
  await store.recordSplitPerson({ _id: 'CH-SCAN-SPLIT', kind: 'child', givenName: 'Split' });
  await store.recordSplitPerson({ _id: 'CH-SCAN-SPLIT', kind: 'child', givenName: 'Split' });
  await store.recordPersonLink('CH-SCAN-SPLIT', { at: new Date(), kind: 'split_from', other: intake.childPersonIds[0], cases: [{ caseId, at: new Date() }], actor, reason: 'another child' });
  await store.recordPersonLink(intake.childPersonIds[0], { at: new Date(), kind: 'merged', other: 'CH-SCAN-OTHER', actor, reason: 'the same child' });
  const session = { _id: 'scan-session', user: { id: 'u-scan', name: 'Test', role: 'front_door_manager', agency: 'front_door' }, csrf: 'c', tokens: { accessToken: 'a', accessExpiresAt: new Date() }, createdAt: new Date(), expiresAt: new Date(), seenAt: new Date() };
  await store.startWebSession(session);
  await store.startWebSession({ ...session, _id: 'scan-session-2' });
  await store.updateWebSession('scan-session', { seenAt: new Date() });
  await store.endWebSession('scan-session-2');
  await store.revokeWebSessions('u-scan', new Date(0));
  await store.startWebSignIn({ _id: 'scan-sign-in', codeVerifier: 'v', state: 's', nonce: 'n', createdAt: new Date() });
  await store.takeWebSignIn('scan-sign-in');
  Object.assign(seeded, { caseId, childId: intake.childPersonIds[0], date: intake.meeting.date, at: new Date(receivedAt) });
});
afterAll(async () => close?.());

describe('the store', () => {
  it('wrote the seed by `_id` alone', () => {
    expect(scansIn(events)).toEqual([]);
  });

  it('reads nothing by scanning, but the small collections it names', async () => {
    const { caseId, childId, date, at } = seeded;
    const reads: Partial<Record<keyof Store, () => Promise<unknown>>> = {
      readContact: () => store.readContact(caseId),
      readContacts: () => store.readContacts([caseId, 'C-NONE']),
      contactExists: () => store.contactExists(caseId),
      readProjected: () => store.readProjected(caseId),
      readTimeline: () => store.readTimeline(caseId),
      readPartnerInformation: () => store.readPartnerInformation([`${caseId}:health:2`]),
      readNotification: () => store.readNotification(caseId, { payload: 1 }),
      notificationExists: () => store.notificationExists(caseId),
      readNotificationVersion: () => store.readNotificationVersion(`${caseId}:v2`, { payload: 1 }),
      readReferralForm: () => store.readReferralForm('C-SCAN-FORM'),
      readChildrenGiven: async () => [...(await store.readChildrenGiven([{ caseId, form: false }, { caseId: 'C-SCAN-FORM', form: true }]))],
      referralFormExists: () => store.referralFormExists('C-SCAN-FORM'),
      readReferral: () => store.readReferral(caseId, { decisionVersion: 1 }),
      readPoliceFeedback: () => store.readPoliceFeedback(`${caseId}:v1`),
      readPerson: () => store.readPerson(childId, { kind: 1 }),
      readPersonNames: async () => [...(await store.readPersonNames([childId]))],
      readChildHistoryEntries: () => store.readChildHistoryEntries(childId),
      readChildHistory: () => store.readChildHistory(childId),
      lookBackInChildHistory: () => store.lookBackInChildHistory(childId, { from: 0, to: Date.now() + 86_400_000, limit: 50, referrals: true }),
      readNewestChildContacts: () => store.readNewestChildContacts(childId, 500),
      readAuditByCase: () => store.readAuditByCase(caseId, 1, 50),
      readAuditByUser: () => store.readAuditByUser('u-scan', 1, 50),
      readWholeAuditOfCase: () => store.readWholeAuditOfCase(caseId),
      readAudit: () => store.readAudit(1, 50),
      verifyAuditChain: () => store.verifyAuditChain(),
      readMeetingRecord: () => store.readMeetingRecord(`${date}:opened`),
      readMeetingRecords: () => store.readMeetingRecords(date),
      readAgendaCaseIds: () => store.readAgendaCaseIds(date),
      readOpenCases: () => store.readOpenCases({ stage: 1 }),
      readOpenRows: () => store.readOpenRows(),
      readCaseRows: () => store.readCaseRows(new Date(+at - 40 * 86_400_000), new Date(+at + 1)),
      readOutbox: () => store.readOutbox('education', new Date(0).toISOString()),
      countRecords: () => store.countRecords(['Contact']),
      readLegalHold: () => store.readLegalHold('case', caseId),
      readErasure: () => store.readErasure('C-SCAN-ERASED'),
      readRectifications: () => store.readRectifications(childId),
      readAnnexACases: async () => [...(await store.readAnnexACases(['C-SCAN-CLOSED', 'C-NONE'])).values()],
      readAnnexAOfRows: async () => [...(await store.readAnnexAOfRows([{ caseId: 'C-SCAN-CLOSED', receivedAt: at }])).values()],
      readAnnexACorrected: async () => [...(await store.readAnnexACorrected(new Date(+at - 40 * 86_400_000), new Date(+at + 1)))],
      readPersonLinks: () => store.readPersonLinks(childId),
      readBreakGlass: () => store.readBreakGlass(),
      readRateLimitCounts: () => store.readRateLimitCounts(Math.floor(Date.now() / 60_000)),
      ping: () => store.ping(),
      readWebSession: () => store.readWebSession('scan-session'),
    };
    // Every function of the store is a read checked here or a write checked in seeding.
    expect([...Object.keys(reads), ...writes].sort()).toEqual(Object.keys(store).sort());

    const found: Record<string, unknown> = {};
    for (const [name, read] of Object.entries(reads)) {
      events = [];
      const result = await read();
      const allowed = allowedScans[name as keyof Store];
      const scans = scansIn(events).filter((s) => !allowed || (allowed.collection !== '*' && allowed.collection !== s.collection));
      if (scans.length) found[name] = scans;
      // Each read found what was seeded for it (an empty answer would prove nothing).
      expect(result === null || (Array.isArray(result) && result.length === 0) || result === false, `${name} found nothing`).toBe(false);
    }
    expect(found).toEqual({});
  });
});
