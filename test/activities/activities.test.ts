// Activities against the suite's FerretDB: each may run more than once, so each is
// checked for writing exactly once; and intake's matching of people and flags.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { policeWebhookFieldsEnv, referrerWebhookFieldsEnv } from '../../shared/webhook-fields.js';
import { createActivities, type Activities } from '../../activities/index.js';
import { loadPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import type { CaseStatus } from '../../shared/case/state.js';
import { receivedCase } from '../../workflows/case-record.js';
import { parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';

let models: Models;
let store: Store;
let acts: Activities;
let close: () => Promise<void>;

beforeAll(async () => {
  const db = await testDatabase('activities');
  models = db.models;
  store = createStore(models);
  close = () => db.conn.close();
  acts = createActivities({ store, policy: loadPolicy() });
});
afterAll(async () => close?.());

const notification = parsedNotification;

/** Intake as the contact workflow runs it: receiveContact, with the case as received. */
function receive(a: Activities, { caseId, receivedAt, notification: n }: { caseId: string; receivedAt: string; notification: ReturnType<typeof notification>['n'] }) {
  const received = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
  return a.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: 'run-1' });
}

describe('receiveContact (intake)', () => {
  it('is idempotent: run twice, one notification, one contact, one person per child', async () => {
    const { n, caseId } = notification((x) => (x.children[0].givenName = `Idem${Date.now()}`));
    const receivedAt = '2026-11-23T09:30:00.000Z'; // Monday
    const first = await receive(acts, { caseId, receivedAt, notification: n });
    const again = await receive(acts, { caseId, receivedAt, notification: n });
    expect(again).toEqual(first);
    expect(await models.Notification.countDocuments({ _id: caseId })).toBe(1);
    expect(await models.Contact.countDocuments({ _id: caseId })).toBe(1);
    expect(await models.Person.countDocuments({ _id: { $in: first.childPersonIds } })).toBe(2);
    // DASH medium, police medium: amber, due one working day on. Received after the
    // agenda closed (09:00), but the next day's meeting starts after the deadline: that
    // morning's 10:00 meeting, as a late item.
    expect(first).toMatchObject({ rating: 'amber', decisionDueAt: '2026-11-24T09:30:00.000Z' });
    expect(first.meeting).toEqual({ date: '2026-11-23', startsAt: '2026-11-23T10:00:00.000Z', immediate: false, endsAt: '2026-11-23T17:00:00.000Z' });
    expect((await models.Contact.findById(caseId).lean())).toMatchObject({ source: '6', kind: 'notification', postcodeDistrict: 'DN15' });
  });

  it('puts a contact on the next meeting whose agenda is still open, unless that meets after its deadline: received 08:59 that morning, 09:01 that morning too, 10:01 the next', async () => {
    const before = notification();
    const after = notification();
    const early = await receive(acts, { caseId: before.caseId, receivedAt: '2026-11-25T08:59:00.000Z', notification: before.n });
    expect(early.meeting).toEqual({ date: '2026-11-25', startsAt: '2026-11-25T10:00:00.000Z', immediate: false, endsAt: '2026-11-25T17:00:00.000Z' });
    const late = await receive(acts, { caseId: after.caseId, receivedAt: '2026-11-25T09:01:00.000Z', notification: after.n });
    // After the cut-off, but due at 09:01 the next day, before the next day's meeting.
    expect(late.meeting).toEqual({ date: '2026-11-25', startsAt: '2026-11-25T10:00:00.000Z', immediate: false, endsAt: '2026-11-25T17:00:00.000Z' });
    // Partners answer by the meeting's start.
    expect(late.partnerInformation[0].dueAt).toBe('2026-11-25T10:00:00.000Z');
    const afterMeeting = notification();
    const next = await receive(acts, { caseId: afterMeeting.caseId, receivedAt: '2026-11-25T10:01:00.000Z', notification: afterMeeting.n });
    expect(next.meeting).toEqual({ date: '2026-11-26', startsAt: '2026-11-26T10:00:00.000Z', immediate: false, endsAt: '2026-11-26T17:00:00.000Z' });
  });

  it('rates by the DASH level where it is higher than the police grading', async () => {
    const { n, caseId } = notification((x) => {
      x.riskGrading = 'standard';
      x.dash = { riskLevel: 'high', score: 16 };
    });
    const r = await receive(acts, { caseId, receivedAt: '2026-11-23T09:30:00.000Z', notification: n });
    expect(r.rating).toBe('red');
    expect(r.ratingReason).toBe('initial rating from DASH risk level high');
    expect(r.meeting.immediate).toBe(true);
    expect(r.partnerInformation[0].dueAt).toBe('2026-11-23T10:30:00.000Z');
  });

  it('matches a child across contacts by normalised name and date of birth, and flags a re-contact', async () => {
    const given = `Match${Date.now()}`;
    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: given }]));
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: ` ${given.toUpperCase()} `, familyName: 'TESTCASE' }]));
    const first = await receive(acts, { caseId: a.caseId, receivedAt: '2026-03-02T10:00:00.000Z', notification: a.n });
    expect(first.recontact).toBe(false);
    const second = await receive(acts, { caseId: b.caseId, receivedAt: '2026-11-23T10:00:00.000Z', notification: b.n });
    expect(second.childPersonIds).toEqual(first.childPersonIds);
    expect(second.recontact).toBe(true);
    expect(second.earlierContactIds).toEqual([a.caseId]);
    expect(second.repeatReferral).toBe(false);
  });

  /** Two contacts about one child (and only that child): the earlier at `before`, the later at `after`. */
  async function twoContacts(label: string, before: string, after: string, earlierBecameReferral = false) {
    const given = `${label}${Date.now()}`;
    const only = (x: any) => (x.children = [{ ...x.children[0], givenName: given }]);
    const a = notification(only);
    const b = notification(only);
    await receive(acts, { caseId: a.caseId, receivedAt: before, notification: a.n });
    if (earlierBecameReferral) {
      await acts.recordReferral({ caseId: a.caseId, outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt: before });
    }
    return { earlier: a.caseId, later: await receive(acts, { caseId: b.caseId, receivedAt: after, notification: b.n }) };
  }

  it('looks back 12 calendar months, not 365 days: across 29 February, the same date a year before counts and the day before does not', async () => {
    // 29 Feb 2028 looks back to 28 Feb 2027 (no 29th that year); 365 days would stop at 1 March.
    const leapDay = '2028-02-29T10:00:00.000Z';
    expect((await twoContacts('Leap', '2027-02-28T10:00:00.000Z', leapDay)).later.recontact).toBe(true);
    expect((await twoContacts('LeapOut', '2027-02-27T10:00:00.000Z', leapDay)).later.recontact).toBe(false);
    // In summer time: 10:00 BST on 15 June back to 10:00 BST a year before.
    expect((await twoContacts('June', '2026-06-15T09:00:00.000Z', '2027-06-15T09:00:00.000Z')).later.recontact).toBe(true);
    expect((await twoContacts('JuneOut', '2026-06-14T09:00:00.000Z', '2027-06-15T09:00:00.000Z')).later.recontact).toBe(false);
  });

  it('counts a repeat referral only within 12 calendar months and only while the earlier referral stands', async () => {
    const inside = await twoContacts('RefIn', '2027-03-01T10:00:00.000Z', '2028-02-29T10:00:00.000Z', true);
    expect(inside.later.repeatReferral).toBe(true);
    const outside = await twoContacts('RefOut', '2027-02-27T10:00:00.000Z', '2028-02-29T10:00:00.000Z', true);
    expect(outside.later.repeatReferral).toBe(false);
    const given = `RefWithdrawn${Date.now()}`;
    const only = (x: any) => (x.children = [{ ...x.children[0], givenName: given }]);
    const a = notification(only);
    await receive(acts, { caseId: a.caseId, receivedAt: '2027-06-01T10:00:00.000Z', notification: a.n });
    await acts.recordReferral({ caseId: a.caseId, outcome: 'strategy_discussion_s47', decisionVersion: 1, referredAt: '2027-06-01T10:00:00.000Z' });
    await acts.withdrawReferral({ caseId: a.caseId, decisionVersion: 1, withdrawnAt: '2027-06-02T10:00:00.000Z', reason: 'allocation declined' });
    await acts.withdrawReferral({ caseId: a.caseId, decisionVersion: 1, withdrawnAt: '2027-06-02T10:00:00.000Z', reason: 'allocation declined' });
    const b = notification(only);
    const later = await receive(acts, { caseId: b.caseId, receivedAt: '2027-09-01T10:00:00.000Z', notification: b.n });
    expect(later.recontact).toBe(true);
    expect(later.repeatReferral).toBe(false);
  });

  it('withdraws only the referral the superseded decision made: a retry after a newer referral changes nothing', async () => {
    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: `RefRetry${Date.now()}` }]));
    await receive(acts, { caseId: a.caseId, receivedAt: '2027-06-01T10:00:00.000Z', notification: a.n });
    await acts.recordReferral({ caseId: a.caseId, outcome: 'strategy_discussion_s47', decisionVersion: 1, referredAt: '2027-06-01T10:00:00.000Z' });
    const withdrawal = { caseId: a.caseId, decisionVersion: 1, withdrawnAt: '2027-06-02T10:00:00.000Z', reason: 'decision amended' };
    await acts.withdrawReferral(withdrawal);
    expect(await models.Referral.findById(a.caseId).lean()).toMatchObject({ status: 'withdrawn', decisionVersion: 1 });
    await acts.recordReferral({ caseId: a.caseId, outcome: 'social_care_assessment_s17', decisionVersion: 2, referredAt: '2027-06-02T11:00:00.000Z' });
    await acts.withdrawReferral(withdrawal);
    expect(await models.Referral.findById(a.caseId).lean()).toMatchObject({ status: 'active', decisionVersion: 2, outcome: 'social_care_assessment_s17' });
  });

  it('keeps every contact about a child when intakes about that child run at the same moment', async () => {
    // FerretDB updates a document by read, change, write back: a shared per-child
    // document lost one of two simultaneous contacts. Each entry is now its own insert.
    const given = `Concurrent${Date.now()}`;
    const sameChild = (x: any) => (x.children = [{ ...x.children[0], givenName: given }]);
    const contacts = Array.from({ length: 8 }, () => notification(sameChild));
    await Promise.all(contacts.map(({ n, caseId }, i) =>
      receive(acts, { caseId, receivedAt: `2027-03-0${1 + (i % 3)}T09:0${i}:00.000Z`, notification: n })));
    const later = notification(sameChild);
    const r = await receive(acts, { caseId: later.caseId, receivedAt: '2027-03-10T09:00:00.000Z', notification: later.n });
    expect([...r.earlierContactIds].sort()).toEqual(contacts.map((c) => c.caseId).sort());
    // The same again (a retried activity) appends nothing.
    const again = await receive(acts, { caseId: later.caseId, receivedAt: '2027-03-10T09:00:00.000Z', notification: later.n });
    expect(again).toEqual(r);
    expect(await models.PersonHistoryEntry.countDocuments({ personId: r.childPersonIds[0] })).toBe(9);
  });

  it('does not count a contact more than 12 months earlier as a re-contact', async () => {
    const given = `Old${Date.now()}`;
    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: given }]));
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: given }]));
    await receive(acts, { caseId: a.caseId, receivedAt: '2025-06-01T10:00:00.000Z', notification: a.n });
    const later = await receive(acts, { caseId: b.caseId, receivedAt: '2026-11-23T10:00:00.000Z', notification: b.n });
    expect(later.recontact).toBe(false);
  });

  it('matches by NHS number across a change of name, and flags a repeat referral', async () => {
    const nhs = String(Date.now()).slice(-10);
    const a = notification((x) => (x.children = [{ ...x.children[0], nhsNumber: nhs }]));
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Renamed', familyName: 'Child', nhsNumber: nhs }]));
    const first = await receive(acts, { caseId: a.caseId, receivedAt: '2026-10-01T10:00:00.000Z', notification: a.n });
    await acts.recordReferral({ caseId: a.caseId, outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt: '2026-10-02T10:00:00.000Z' });
    const second = await receive(acts, { caseId: b.caseId, receivedAt: '2026-11-23T10:00:00.000Z', notification: b.n });
    expect(second.childPersonIds).toEqual(first.childPersonIds);
    expect(second.repeatReferral).toBe(true);
  });
});

describe('recordCaseEvent', () => {
  const status = (caseId: string, stage: CaseStatus['stage']): CaseStatus => ({
    caseId, stage, forceCode: 'HUM', policeReference: 'X', incidentType: 'domestic_abuse', receivedAt: '2026-11-23T10:00:00.000Z',
    ratingHistory: [], breached: false, escalations: [], partnerInformation: [], decisions: [], allocations: [], policeFeedback: { status: 'not_due' },
  });

  it('appends each event once, and never lets an older projection overwrite a newer one', async () => {
    const { n, caseId } = notification();
    await receive(acts, { caseId, receivedAt: '2026-11-23T09:30:00.000Z', notification: n });
    const e = (type: string) => ({ type, at: '2026-11-23T10:00:00.000Z' });
    await acts.recordCaseEvent({ caseId, seq: 1, event: e('contact_received'), status: status(caseId, 'awaiting_decision') });
    await acts.recordCaseEvent({ caseId, seq: 2, event: e('decision_recorded'), status: status(caseId, 'awaiting_authorisation') });
    // A retry of event 1 arriving late.
    await acts.recordCaseEvent({ caseId, seq: 1, event: e('contact_received'), status: status(caseId, 'awaiting_decision') });
    expect(await models.Timeline.countDocuments({ caseId })).toBe(2);
    expect((await models.Contact.findById(caseId).lean())?.stage).toBe('awaiting_authorisation');
  });
});

describe('deliverOutcome', () => {
  it("records that a force's webhook is not configured rather than failing", async () => {
    const env = new MockActivityEnvironment();
    const r: Awaited<ReturnType<Activities['deliverOutcome']>> = await env.run(acts.deliverOutcome, {
      caseId: 'C-TEST', force: 'ZZZ', policeReference: 'R1', version: 1, outcome: 'no_further_action' as const, levelOfNeed: 1, decidedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(r.status).toBe('no_webhook_configured');
    expect(await models.PoliceFeedback.findById('C-TEST:v1').lean()).toMatchObject({ status: 'no_webhook_configured' });
  });
});

describe('deliverOutcome signs for the recipient', () => {
  // The receiving system's check, exactly as docs/api.md "Receiving outcomes" documents it.
  function verify(secret: string, rawBody: string, headers: Record<string, string | string[] | undefined>, now = Date.now()) {
    const ts = String(headers['pitstop-timestamp'] ?? '');
    const sig = String(headers['pitstop-signature'] ?? '');
    if (!/^\d+$/.test(ts) || Math.abs(now / 1000 - Number(ts)) > 300) return false;
    const expected = 'v1=' + createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest('hex');
    const a = Buffer.from(sig), b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  it('a real receiver verifies the signature over the bytes sent, refuses a tampered body, and sees the timestamp', async () => {
    const secret = 'synthetic-webhook-secret-0123456789abcdef';
    const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        res.statusCode = verify(secret, body, req.headers) ? 204 : 401;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/outcomes`;
      const signed = createActivities({ store, policy: { ...loadPolicy(), policeWebhooks: { HUM: url }, policeWebhookSecrets: { HUM: secret } } });
      const delivery = { caseId: `C-SIG-${Date.now()}`, force: 'HUM', policeReference: 'R1', version: 1, outcome: 'no_further_action' as const, levelOfNeed: 1, decidedAt: '2026-11-23T10:00:00.000Z' };
      const before = Math.floor(Date.now() / 1000);
      const r: Awaited<ReturnType<Activities['deliverOutcome']>> = await new MockActivityEnvironment().run(signed.deliverOutcome, delivery);
      expect(r.status).toBe('delivered');
      const [got] = received;
      const ts = Number(got.headers['pitstop-timestamp']);
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      expect(got.headers['pitstop-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verify(secret, got.body, got.headers)).toBe(true);
      // Exactly what the force is sent unconfigured: its identity and what its police view
      // shows of the outcome (POLICE_VIEW_FIELDS by default: no level of need).
      const { levelOfNeed: _notShown, ...asSent } = delivery;
      expect(JSON.parse(got.body)).toEqual(asSent);
      // A changed body, an old timestamp or another secret does not verify.
      expect(verify(secret, got.body.replace('no_further_action', 'social_care_assessment_s17'), got.headers)).toBe(false);
      expect(verify(secret, got.body, got.headers, (ts + 301) * 1000)).toBe(false);
      expect(verify(`${secret}x`, got.body, got.headers)).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('keyed histories rebuilt from the records', () => {
  it('a database of people and contacts alone gets its person keys and histories by the rebuild, and intake then finds the re-contact and the repeat referral', async () => {
    const uri = `${inject('mongoBaseUri')}t_backfill_${Date.now()}`;
    const first = await connectDatabase(uri);
    const older = createActivities({ store: createStore(first.models), policy: loadPolicy() });
    const given = `Backfill${Date.now()}`;
    const only = (x: any) => (x.children = [{ ...x.children[0], givenName: given }]);
    const a = notification(only);
    await receive(older, { caseId: a.caseId, receivedAt: '2027-01-10T10:00:00.000Z', notification: a.n });
    await older.recordReferral({ caseId: a.caseId, outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt: '2027-01-11T10:00:00.000Z' });
    await Promise.all([first.models.PersonKey.deleteMany({}), first.models.PersonHistoryEntry.deleteMany({})]);
    await first.conn.close();

    // The child's contact and referral, and the contact in each of its two adults' logs.
    expect(await rebuildDatabase(uri)).toMatchObject({ person_history_entries: 4 });
    const restarted = await connectDatabase(uri);
    try {
      const acts2 = createActivities({ store: createStore(restarted.models), policy: loadPolicy() });
      const b = notification(only);
      const later = await receive(acts2, { caseId: b.caseId, receivedAt: '2027-05-10T10:00:00.000Z', notification: b.n });
      expect(later).toMatchObject({ recontact: true, earlierContactIds: [a.caseId], repeatReferral: true });
      const [earlierChild] = (await restarted.models.Contact.findById(a.caseId).lean())!.childPersonIds;
      expect(later.childPersonIds).toEqual([earlierChild]);
    } finally {
      await restarted.conn.close();
    }
  });
});

describe('deliverOutcome sends each recipient only the fields configured for it', () => {
  async function sentTo(policy: Partial<ReturnType<typeof loadPolicy>>, delivery: Parameters<Activities['deliverOutcome']>[0]) {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(JSON.parse(body));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/outcomes`;
      const acts2 = createActivities({ store, policy: { ...loadPolicy(), policeWebhooks: { HUM: url }, referrerWebhooks: { education: url }, ...policy } });
      const r: Awaited<ReturnType<Activities['deliverOutcome']>> = await new MockActivityEnvironment().run(acts2.deliverOutcome, delivery);
      expect(r.status).toBe('delivered');
      return bodies[0];
    } finally {
      await new Promise((r) => server.close(r));
    }
  }
  const outcome = { version: 1, outcome: 'early_help' as const, levelOfNeed: 2, leadAgency: 'education' as const, decidedAt: '2026-11-23T10:00:00.000Z' };

  it("a force: its identity and only the outcome's fields named for it (POLICE_WEBHOOK_FIELDS)", async () => {
    const caseId = `C-FLD-${Date.now()}`;
    expect(await sentTo({ policeWebhookFields: { HUM: ['outcome'] } }, { caseId, force: 'HUM', policeReference: 'R1', ...outcome })).toEqual({
      caseId, force: 'HUM', policeReference: 'R1', version: 1, outcome: 'early_help',
    });
  });

  it("a referrer's agency: the whole outcome unless configured (REFERRER_WEBHOOK_FIELDS)", async () => {
    const caseId = `C-FLD-R-${Date.now()}`;
    const delivery = { caseId, agency: 'education' as const, referrerReference: 'S1', ...outcome };
    expect(await sentTo({}, delivery)).toEqual(delivery);
    const next = { ...delivery, caseId: `${caseId}-2` };
    expect(await sentTo({ referrerWebhookFields: { education: ['outcome', 'decidedAt'] } }, next)).toEqual({
      caseId: next.caseId, agency: 'education', referrerReference: 'S1', version: 1, outcome: 'early_help', decidedAt: outcome.decidedAt,
    });
  });

  it('refuses a setting naming a field that is not an outcome field, naming the setting', () => {
    expect(() => policeWebhookFieldsEnv({ POLICE_WEBHOOK_FIELDS: '{"HUM": ["childNames"]}' })).toThrow(/^POLICE_WEBHOOK_FIELDS: HUM\.0: .*the fields are outcome, levelOfNeed, leadAgency, decidedAt$/);
    expect(() => referrerWebhookFieldsEnv({ REFERRER_WEBHOOK_FIELDS: '{"bakery": ["outcome"]}' })).toThrow(/^REFERRER_WEBHOOK_FIELDS: /);
    expect(() => policeWebhookFieldsEnv({ POLICE_WEBHOOK_FIELDS: 'not json' })).toThrow(/^POLICE_WEBHOOK_FIELDS must be JSON/);
  });
});
