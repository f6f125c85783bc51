// The API's promises over HTTP on the real stack: one case per notification however it
// is resent, bad input refused with field paths and nothing written, clear statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseIdFor } from '../../shared/ids.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');

beforeAll(async () => {
  stack = await startStack('api');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function counts() {
  const m = stack.models;
  return {
    notifications: await m.Notification.countDocuments(),
    contacts: await m.Contact.countDocuments(),
    timeline: await m.Timeline.countDocuments(),
  };
}

describe('POST /api/v1/notifications', () => {
  it('answers concurrent resends of one notification with one case, started once', async () => {
    const n = freshNotification();
    const answers = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/api/v1/notifications', { apiKey: police, body: n })));
    const caseIds = new Set(answers.map((a) => a.body.caseId));
    expect(caseIds.size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.body.duplicate === true)).toHaveLength(7);
    const [caseId] = caseIds;
    expect(caseId).toBe(caseIdFor(n.force.code, n.policeReference));
    await eventually(async () => (await stack.models.Timeline.countDocuments({ caseId, type: 'notification_resent' })) === 7, 20_000, 'resends recorded');
    expect(await stack.models.Contact.countDocuments({ _id: caseId })).toBe(1);
    const runs = stack.temporal.workflow.list({ query: `WorkflowId = 'contact-${caseId}'` });
    let n2 = 0;
    for await (const _ of runs) n2 += 1;
    expect(n2).toBe(1);
  });

  it('recognises a resend of a case Temporal no longer holds (past its retention)', async () => {
    const n = freshNotification();
    const caseId = caseIdFor(n.force.code, n.policeReference);
    // The record of a notification whose workflow closed and was purged long ago.
    await stack.models.Notification.create({ _id: caseId, forceCode: 'HUM', policeReference: n.policeReference, receivedAt: new Date('2025-01-06T10:00:00Z'), payload: n, resends: [] });
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: n });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ caseId, url: `/api/v1/cases/${caseId}`, duplicate: true, updated: false, version: 1 });
    await expect(stack.temporal.workflow.getHandle(`contact-${caseId}`).describe()).rejects.toThrow(/not found/i);
  });

  it('refuses bad input with each field path, and writes nothing', async () => {
    const before = await counts();
    const n = freshNotification((x) => {
      x.riskGrading = 'severe';
      x.children[0].dateOfBirth = 'yesterday';
      delete x.sentAt;
    });
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: n });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.children.0.dateOfBirth', 'body.riskGrading', 'body.sentAt']);
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed JSON, a non-JSON body and an oversized body', async () => {
    const bad = await call('POST', '/api/v1/notifications', { apiKey: police, rawBody: '{"force": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({ path: 'body', code: 'malformed', message: 'malformed JSON' });
    const text = await call('POST', '/api/v1/notifications', { apiKey: police, rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const huge = freshNotification((x) => (x.incident.circumstances = 'x'.repeat(300_000)));
    const big = await call('POST', '/api/v1/notifications', { apiKey: police, body: huge });
    expect(big.status).toBe(413);
  });

  it('needs credentials, and a force may submit only its own notifications', async () => {
    expect((await call('POST', '/api/v1/notifications', { body: freshNotification() })).status).toBe(401);
    expect((await call('POST', '/api/v1/notifications', { apiKey: 'wrong-key-wrong-key', body: freshNotification() })).status).toBe(401);
    const other = freshNotification((x) => (x.force = { code: 'WYP', name: 'West Yorkshire Police' }));
    expect((await call('POST', '/api/v1/notifications', { apiKey: police, body: other })).status).toBe(403);
    expect((await call('POST', '/api/v1/notifications', { token: manager, body: freshNotification() })).status).toBe(403);
  });
});

describe('cases', () => {
  it('answers 404 for an unknown case, a malformed id and an unknown route', async () => {
    expect((await call('GET', `/api/v1/cases/C-${'0'.repeat(20)}`, { token: manager })).status).toBe(404);
    expect((await call('GET', '/api/v1/cases/nonsense', { token: manager })).status).toBe(400);
    const route = await call('GET', '/api/v1/nothing-here', { token: manager });
    expect(route.status).toBe(404);
    expect(route.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('refuses a decision that breaks the rules with the field, and a step out of order with 409', async () => {
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification() });
    const { caseId } = submitted.body;
    await eventually(async () => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.stage === 'awaiting_decision', 20_000, 'intake');
    const timelineBefore = await stack.models.Timeline.countDocuments({ caseId });
    const noLead = await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: { ...jointly, levelOfNeed: 2, outcome: 'early_help', rationale: 'r', factors: ['21', '3B'] },
    });
    expect(noLead.status).toBe(400);
    expect(noLead.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.factors', 'body.leadAgency']);
    const early = await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/not possible while the case is awaiting_decision/);
    expect(await stack.models.Timeline.countDocuments({ caseId })).toBe(timelineBefore);
    // A panel member may not authorise.
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: panel, body: { action: 'authorise' } })).status).toBe(403);
  });

  it('requires a MARAC referral in the decision on high-risk domestic abuse (422 with the field)', async () => {
    const submitted = await call('POST', '/api/v1/notifications', {
      apiKey: police,
      body: freshNotification((n) => (n.dash = { riskLevel: 'high', score: 18 })),
    });
    const { caseId } = submitted.body;
    const c = await eventually(async () => {
      const r = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      return r.body.stage === 'awaiting_decision' && r.body;
    }, 20_000, 'intake');
    expect(c).toMatchObject({ rating: 'red', maracReferralRequired: true });
    const decision = { ...jointly, levelOfNeed: 4, outcome: 'strategy_discussion_s47', rationale: 'High-risk domestic abuse; threshold for s47 enquiries met.' };
    const without = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision });
    expect(without.status).toBe(422);
    expect(without.body.errors).toEqual([{ path: 'body.partnerActions', code: 'rule', message: expect.stringMatching(/MARAC/) }]);
    expect(await stack.models.Timeline.countDocuments({ caseId, type: 'decision_recorded' })).toBe(0);
    const withMarac = await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: { ...decision, partnerActions: [{ kind: 'refer_to_marac', agency: 'domestic_abuse_services' }] },
    });
    expect(withMarac.status).toBe(200);
  });

  it('lists the day\'s agenda with ratings, deadlines and partner information, and the managers\' queues', async () => {
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification() });
    const { caseId } = submitted.body;
    const c = await eventually(async () => {
      const r = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      return r.body.stage === 'awaiting_decision' && r.body;
    }, 20_000, 'intake');
    const practitioner = tokenFor('partner_practitioner', 'health', { id: 'hv-42', name: 'Test Health Visitor' });
    const added = await call('POST', `/api/v1/cases/${caseId}/partner-information`, {
      token: practitioner,
      body: { currentInvolvement: true, involvementSummary: 'Known to health visiting.' },
    });
    expect(added.status).toBe(200);
    const agenda = await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: practitioner });
    expect(agenda.status).toBe(200);
    // A partner's agenda shows their own part of the case, never the front door's rating or other agencies' requests (issue 19).
    const own = agenda.body.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(own).toMatchObject({ stage: 'awaiting_decision', agency: 'health', informationRequest: { status: 'received' } });
    for (const key of ['rating', 'decisionDueAt', 'partnerInformation']) expect(own).not.toHaveProperty(key);
    // The panel's agenda has the summary: ratings, deadlines and every agency's partner information.
    const forPanel = await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: panel });
    const item = forPanel.body.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(item).toMatchObject({ rating: 'amber', stage: 'awaiting_decision', decisionDueAt: c.decisionDueAt });
    expect(item.partnerInformation.find((p: { agency: string }) => p.agency === 'health')).toMatchObject({ status: 'received' });
    expect(item.partnerInformation.find((p: { agency: string }) => p.agency === 'education')).toMatchObject({ status: 'requested' });
    expect((await call('GET', '/api/v1/agenda?date=23-11-2026', { token: practitioner })).status).toBe(400);

    // What health shared: the panel sees it; another agency's practitioner does not.
    const shared = await call('GET', `/api/v1/cases/${caseId}/partner-information`, { token: panel });
    expect(shared.body.items).toEqual([expect.objectContaining({ agency: 'health', information: expect.objectContaining({ involvementSummary: 'Known to health visiting.' }) })]);
    const school = tokenFor('partner_practitioner', 'education');
    expect((await call('GET', `/api/v1/cases/${caseId}/partner-information`, { token: school })).body.items).toEqual([]);

    await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: { ...jointly, levelOfNeed: 1, outcome: 'no_further_action' },
    });
    const queue = await call('GET', '/api/v1/queues/awaiting_authorisation', { token: manager });
    expect(queue.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);

    // Every read and write above is in the audit log, with who did it.
    const auditor = tokenFor('auditor', 'front_door');
    const log = await call('GET', `/api/v1/audit?caseId=${caseId}`, { token: auditor });
    const actions = log.body.items.map((e: { action: string; actor: { id: string } }) => `${e.action}:${e.actor.id}`);
    expect(actions).toEqual(expect.arrayContaining([
      'notification.submit:police-system:HUM',
      'case.read:front_door_manager-front_door',
      'case.partner_information.add:hv-42',
      'case.partner_information.read:panel_member-childrens_social_care',
      'case.decision.record:panel_member-childrens_social_care',
    ]));
    const decisionEntry = log.body.items.find((e: { action: string }) => e.action === 'case.decision.record');
    // The rationale is case content: the entry names the timeline entry that keeps it.
    expect(decisionEntry.reason).toBeUndefined();
    expect(decisionEntry.timelineEntry).toMatch(new RegExp(`^${caseId}:\\d{5}$`));
  });

  it('lists and filters cases for managers, with pagination', async () => {
    const r = await call('GET', '/api/v1/cases?incidentType=domestic_abuse&pageSize=2&sort=-receivedAt', { token: manager });
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(2);
    expect(r.body.total).toBeGreaterThanOrEqual(2);
    expect(r.body.items.every((i: { incidentType: string }) => i.incidentType === 'domestic_abuse')).toBe(true);
    const bad = await call('GET', '/api/v1/cases?rating=purple', { token: manager });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.rating');
    expect((await call('GET', '/api/v1/cases', { token: panel })).status).toBe(403);
  });
});
