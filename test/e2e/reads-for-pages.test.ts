// The reads the coming web pages need, through the real stack: a practitioner's
// outstanding information requests and a child's chronology, each recorded in the audit
// trail as a consultation of every case it showed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInWorkingSet } from '../../shared/db/working-set.js';
import { caseIdFor } from '../../shared/ids.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const auditor = tokenFor('auditor', 'front_door');

beforeAll(async () => {
  stack = await startStack('pages');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

/** Submits a notification and waits until the panel can consider it. */
async function received(changes: (n: any) => void = () => {}): Promise<any> {
  const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification(changes) });
  expect(r.status).toBe(202);
  return eventually(async () => {
    const c = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
    return c.body.stage === 'awaiting_decision' && c.body;
  }, 20_000, 'intake');
}

const decision = { ...jointly, levelOfNeed: 1, outcome: 'no_further_action' };

/**
 * A contact as the workflow would have projected it, for states a live case reaches only
 * in days: the contact, and the working set the projection keeps beside it.
 */
async function projected(reference: string, stage: string, partnerInformation: object[]) {
  const caseId = caseIdFor('HUM', reference);
  const status = { partnerInformation, ratingHistory: [], escalations: [], decisions: [], allocations: [] };
  const contact = { source: '6', kind: 'notification', forceCode: 'HUM', policeReference: reference, stage, receivedAt: new Date(), projectionSeq: 1, status };
  await stack.models.Contact.create({ _id: caseId, ...contact });
  await recordInWorkingSet(stack.models, caseId, { projectionSeq: 1, stage, status: status as never }, contact);
  return caseId;
}

describe('GET /api/v1/queues/information_requests', () => {
  it("lists open cases awaiting the caller's agency, soonest due first, and audits each case shown", async () => {
    const health = tokenFor('partner_practitioner', 'health', { id: 'hv-7' });
    const school = tokenFor('partner_practitioner', 'education', { id: 'dsl-3' });
    const answered = await received();
    const waiting = await received();
    const decided = await received();
    await call('POST', `/api/v1/cases/${answered.caseId}/partner-information`, { token: health, body: { currentInvolvement: false, noInformationHeld: true } });
    expect((await call('POST', `/api/v1/cases/${decided.caseId}/decision`, { token: panel, body: decision })).status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${decided.caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    await eventually(async () => ['closing', 'closed'].includes((await stack.models.Contact.findById(decided.caseId).lean())?.stage ?? ''), 20_000, 'closure');
    // Marked missing a day ago; another agency's request outstanding beside health's answer; closed.
    const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
    const missing = await projected('SYNTH-MISSING', 'awaiting_decision', [
      { agency: 'health', status: 'missing', requestedAt: dayAgo, dueAt: dayAgo },
    ]);
    const othersOnly = await projected('SYNTH-OTHERS', 'awaiting_decision', [
      { agency: 'health', status: 'received', requestedAt: dayAgo, dueAt: dayAgo },
      { agency: 'education', status: 'requested', requestedAt: dayAgo, dueAt: dayAgo },
    ]);
    const closed = await projected('SYNTH-CLOSED', 'closed', [
      { agency: 'health', status: 'requested', requestedAt: dayAgo, dueAt: dayAgo },
    ]);

    const r = await call('GET', '/api/v1/queues/information_requests', { token: health });
    expect(r.status).toBe(200);
    const shown: string[] = r.body.items.map((i: { caseId: string }) => i.caseId);
    expect(shown[0]).toBe(missing);
    expect(shown).toContain(waiting.caseId);
    for (const absent of [answered.caseId, decided.caseId, othersOnly, closed]) expect(shown).not.toContain(absent);
    const dues = r.body.items.map((i: { request: { dueAt: string } }) => Date.parse(i.request.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(r.body.items.find((i: { caseId: string }) => i.caseId === waiting.caseId)).toMatchObject({
      stage: 'awaiting_decision',
      request: { agency: 'health', status: 'requested', dueAt: waiting.partnerInformation.find((p: { agency: string }) => p.agency === 'health').dueAt, late: false },
    });
    expect(r.body.items[0].request).toMatchObject({ status: 'missing' });

    // The school is still asked on the case health answered.
    const schoolQueue = await call('GET', '/api/v1/queues/information_requests', { token: school });
    expect(schoolQueue.body.items.map((i: { caseId: string }) => i.caseId)).toEqual(expect.arrayContaining([answered.caseId, othersOnly]));

    const log = await call('GET', '/api/v1/audit?userId=hv-7&pageSize=200', { token: auditor });
    const consulted = log.body.items.filter((e: { action: string }) => e.action === 'queue.information_requests.read');
    expect(consulted.map((e: { caseId: string }) => e.caseId).sort()).toEqual([...shown].sort());
    expect(new Set(consulted.map((e: { requestId: string }) => e.requestId)).size).toBe(1);
  });
});

describe('GET /api/v1/people/{personId}/contacts', () => {
  it("gives a child's contacts newest first, linked from the case, and audits each case shown", async () => {
    // A child no other test in this file names (matched on name and date of birth).
    const child = (n: any) => {
      n.children = [{ ...n.children[0], givenName: 'Chronology', familyName: 'Synthetic', dateOfBirth: '2019-06-01' }];
    };
    const first = await received(child);
    const second = await received(child);
    expect((await call('POST', `/api/v1/cases/${first.caseId}/decision`, { token: panel, body: { ...decision, levelOfNeed: 2, outcome: 'information_and_signposting' } })).status).toBe(200);

    expect(first.children).toHaveLength(1);
    const [{ personId, contactsUrl }] = second.children;
    expect(personId).toBe(first.children[0].personId);
    expect(contactsUrl).toBe(`/api/v1/people/${personId}/contacts`);

    const r = await call('GET', contactsUrl, { token: panel });
    expect(r.status).toBe(200);
    expect(r.body.personId).toBe(personId);
    expect(r.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([second.caseId, first.caseId]);
    expect(r.body.items[1]).toMatchObject({
      caseId: first.caseId,
      url: `/api/v1/cases/${first.caseId}`,
      receivedAt: first.receivedAt,
      incidentType: 'domestic_abuse',
      rating: 'amber',
      stage: 'awaiting_authorisation',
      levelOfNeed: 2,
      decisionStatus: 'proposed',
    });
    expect(r.body.items[0]).toMatchObject({ caseId: second.caseId, stage: 'awaiting_decision' });
    expect(r.body.items[0].levelOfNeed ?? null).toBeNull();

    expect((await call('GET', `/api/v1/people/CH-${'0'.repeat(20)}/contacts`, { token: manager })).status).toBe(404);
    const bad = await call('GET', '/api/v1/people/nobody/contacts', { token: manager });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.personId');

    const log = await call('GET', '/api/v1/audit?userId=panel_member-childrens_social_care&pageSize=200', { token: auditor });
    const consulted = log.body.items.filter((e: { action: string }) => e.action === 'person.contacts.read');
    expect(consulted.map((e: { caseId: string }) => e.caseId).sort()).toEqual([first.caseId, second.caseId].sort());
  });
});
