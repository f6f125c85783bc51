// Contacts from anyone, end to end over HTTP through the real stack: a school's referral
// form and an anonymous call each go from receipt to closed through the API, rated by the
// front door, on the agenda, decided, authorised, allocated, audited and counted in the
// figures as a police notification is; the school's agency reads the outcome in its outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification } from '../support/fixtures.js';
import { anonymousCall, schoolReferral } from '../support/referrals.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const school = tokenFor('partner_practitioner', 'education', { id: 'dsl-1', name: 'Test DSL' });
const health = tokenFor('partner_practitioner', 'health', { name: 'Test Health Visitor' });
const panel = tokenFor('panel_member', 'childrens_social_care', { name: 'Test Panel Chair' });
const manager = tokenFor('front_door_manager', 'front_door', { id: 'fdo-1', name: 'Test Front Door Officer' });
const schoolLead = tokenFor('lead_agency_worker', 'education', { name: 'Test School Lead' });

beforeAll(async () => {
  stack = await startStack('referrals');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

const caseOf = async (caseId: string) => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;
const until = (caseId: string, stage: string) => eventually(async () => (await caseOf(caseId))?.stage === stage, 20_000, stage);
const decision = (over: Record<string, unknown> = {}) => ({
  levelOfNeed: 2,
  outcome: 'early_help',
  leadAgency: 'education',
  rationale: 'Emerging needs; the school knows the family well and is best placed to lead early help.',
  factors: ['16A'],
  attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test DSL', agency: 'education' }],
  proposedBy: 'education',
  partnerActions: [],
  earlyHelpConsent: { status: 'given' },
  ...over,
});

describe('contacts from anyone, through one process', () => {
  it("a school's referral form: received once, rated, on the agenda, decided, accepted, closed; the school reads the outcome", async () => {
    const form = schoolReferral();
    const submitted = await call('POST', '/api/v1/referrals', { token: school, body: form });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ caseId: expect.stringMatching(/^C-[0-9A-F]{20}$/), duplicate: false });
    expect(submitted.headers.get('location')).toBe(submitted.body.url);
    const { caseId } = submitted.body;
    // The same form again (the school's own reference) is the same contact.
    const resent = await call('POST', '/api/v1/referrals', { token: school, body: form });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ caseId, duplicate: true });

    await until(caseId, 'awaiting_rating');
    const received = await caseOf(caseId);
    expect(received).toMatchObject({ source: '2A', incidentType: 'neglect_or_welfare_concern', postcodeDistrict: 'DN16', referrerFeedback: { status: 'not_due' } });
    expect(received.rating ?? undefined).toBeUndefined();
    expect(received.ratingDueAt).toEqual(expect.any(String));
    expect(received.referralForm.referrer.reference).toBe(form.referrer.reference);
    expect(received.referralForm.family).toEqual(form.family);
    const waiting = await call('GET', '/api/v1/cases?stage=awaiting_rating', { token: manager });
    expect(waiting.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    // Nothing is decided before the front door rates it.
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision() })).status).toBe(409);
    // Only the front door rates: a partner may not.
    expect((await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: health, body: { rating: 'amber', reason: 'x' } })).status).toBe(403);

    const rated = await call('POST', `/api/v1/cases/${caseId}/initial-rating`, {
      token: manager, body: { rating: 'amber', reason: 'Persistent neglect indicators; no immediate danger.' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body.stage).toBe('awaiting_decision');
    expect((await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: manager, body: { rating: 'red', reason: 'again' } })).status).toBe(409);

    await until(caseId, 'awaiting_decision');
    const triaged = await caseOf(caseId);
    expect(triaged).toMatchObject({ rating: 'amber', meeting: { immediate: false } });
    expect(Date.parse(triaged.decisionDueAt)).toBeGreaterThan(Date.parse(triaged.receivedAt));
    // On its meeting's agenda like any contact; health, asked for what it knows, sees the form's people.
    const agenda = await call('GET', `/api/v1/agenda?date=${triaged.meeting.date}`, { token: health });
    expect(agenda.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
    const healthView = await call('GET', `/api/v1/cases/${caseId}`, { token: health });
    expect(healthView.status).toBe(200);
    expect(healthView.body.children).toEqual([expect.objectContaining({ givenName: 'Mia', familyName: form.children[0].familyName })]);
    expect(healthView.body.concerns.circumstances).toBe(form.concerns.summary);
    expect(healthView.body.referralForm).toBeUndefined();
    // In the meeting's minutes with the form's children, as a police notification's case would be.
    const minutes = await call('GET', `/api/v1/meetings/${triaged.meeting.date}`, { token: panel });
    expect(minutes.status).toBe(200);
    expect(minutes.body.items.find((i: { caseId: string }) => i.caseId === caseId)?.children).toEqual([expect.objectContaining({ givenName: 'Mia' })]);
    expect((await call('POST', `/api/v1/cases/${caseId}/partner-information`, {
      token: health, body: { currentInvolvement: true, involvementSummary: 'School nurse saw Mia last month.' },
    })).status).toBe(200);

    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision() })).status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).body.stage).toBe('awaiting_allocation');
    expect((await call('POST', `/api/v1/cases/${caseId}/allocation`, {
      token: schoolLead, body: { response: 'accept', leadProfessional: { name: 'Test Lead Professional' } },
    })).status).toBe(200);
    await until(caseId, 'closed');

    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ outcome: 'early_help', leadAgency: 'education', policeFeedback: { status: 'not_due' } });
    expect(closed.referrerFeedback).toMatchObject({ status: 'in_outbox', decisionVersion: 1, webhook: 'no_webhook_configured' });
    const types: string[] = closed.history.map((e: { type: string }) => e.type);
    expect(types.filter((t) => t !== 'referrer_outcome_posted')).toEqual([
      'contact_received', 'contact_rated', 'partner_information_received', 'decision_recorded', 'decision_authorised',
      'allocation_requested', 'allocation_accepted', 'case_closed',
    ]);
    expect(types).toContain('referrer_outcome_posted');
    expect(closed.history.find((e: { type: string }) => e.type === 'contact_rated')).toMatchObject({
      actor: { name: 'Test Front Door Officer', role: 'front_door_manager' }, reason: 'Persistent neglect indicators; no immediate danger.',
    });

    // The school's agency reads the outcome; another agency's outbox does not have it.
    const outbox = await call('GET', '/api/v1/outbox', { token: school });
    expect(outbox.status).toBe(200);
    expect(outbox.body).toMatchObject({ agency: 'education' });
    expect(outbox.body.items).toEqual([
      expect.objectContaining({ id: `${caseId}:v1`, caseId, referrerReference: form.referrer.reference, source: '2A', outcome: 'early_help', leadAgency: 'education', levelOfNeed: 2 }),
    ]);
    expect(outbox.body.items[0].rationale).toBeUndefined();
    expect((await call('GET', '/api/v1/outbox', { token: health })).body.items).toEqual([]);
    expect((await call('GET', '/api/v1/outbox', { token: manager })).status).toBe(403);

    // Audited as a police notification's steps are, with the disclosure to the school's agency.
    const trail = await call('GET', `/api/v1/audit?caseId=${caseId}`, { token: tokenFor('auditor', 'front_door') });
    const actions: string[] = trail.body.items.map((e: { action: string }) => e.action);
    for (const a of ['referral.submit', 'referral.resend', 'case.rating.initial', 'case.decision.record', 'case.decision.authorise', 'disclosure.referrer_outcome', 'outbox.read']) {
      expect(actions).toContain(a);
    }
  });

  it('an anonymous call taken down by the front door: no referrer kept, rated red, closed with no further action, nobody told', async () => {
    const body = anonymousCall();
    // A resend must be recognisable: with no referrer reference, an Idempotency-Key.
    const unkeyed = await call('POST', '/api/v1/referrals', { token: manager, body });
    expect(unkeyed.status).toBe(400);
    expect(unkeyed.body.errors).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
    const key = `call-${Date.now()}-anon`;
    const submitted = await call('POST', '/api/v1/referrals', { token: manager, body, headers: { 'idempotency-key': key } });
    expect(submitted.status).toBe(202);
    const { caseId } = submitted.body;
    expect((await call('POST', '/api/v1/referrals', { token: manager, body, headers: { 'idempotency-key': key } })).body).toMatchObject({ caseId, duplicate: true });

    await until(caseId, 'awaiting_rating');
    expect((await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: manager, body: { rating: 'red', reason: 'A young child possibly left alone.' } })).status).toBe(200);
    await until(caseId, 'awaiting_decision');
    expect((await caseOf(caseId)).meeting.immediate).toBe(true);
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: decision({ levelOfNeed: 1, outcome: 'no_further_action', leadAgency: undefined, proposedBy: 'childrens_social_care',
        rationale: 'Welfare visit found the child cared for by a grandparent; no role for a service.' }),
    })).status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    await until(caseId, 'closed');
    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ source: '9', outcome: 'no_further_action', referrerFeedback: { status: 'none' } });
    expect(closed.referralForm.referrer).toBeUndefined();
    // A force reads only its own notifications' cases; this is no police notification.
    const police = await call('GET', `/api/v1/cases/${caseId}`, { apiKey: testAuth.policeApiKeys.HUM });
    expect(police.status).toBe(403);
    expect(police.body.detail).toBe('not a police notification');
    expect(await stack.models.OutboxEntry.countDocuments({ caseId })).toBe(0);
  });

  it('refuses an initial rating on a police notification, rated from its grading', async () => {
    const n = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    await until(n.body.caseId, 'awaiting_decision');
    const r = await call('POST', `/api/v1/cases/${n.body.caseId}/initial-rating`, { token: manager, body: { rating: 'red', reason: 'Not for a police notification.' } });
    expect(r.status).toBe(409);
    expect((await caseOf(n.body.caseId)).rating).toBe('amber');
  });

  it('counts every source in the figures, split by source', async () => {
    const figures = await call('GET', '/api/v1/figures', { token: manager });
    expect(figures.status).toBe(200);
    expect(figures.body.bySource).toMatchObject({ '2A': 1, '9': 1, '6': 1, '3A': 0 });
    expect(figures.body.contacts).toBe(3);
    expect(figures.body.byOutcome).toMatchObject({ early_help: 1, no_further_action: 1 });
  });

  it('refuses forms that cannot be true or do not fit the referrer, writing nothing', async () => {
    const before = await stack.models.ReferralForm.countDocuments();
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const longPast = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const bad = await call('POST', '/api/v1/referrals', {
      token: school,
      body: schoolReferral((f) => {
        f.children[0].dateOfBirth = future;
        f.children.push({ givenName: 'Unborn', familyName: 'Referralcase', unborn: true, expectedDateOfDelivery: longPast });
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.children.0.dateOfBirth', 'body.children.1.expectedDateOfDelivery']);
    // Anonymous means no referrer details; any other source needs them.
    const named = await call('POST', '/api/v1/referrals', { token: manager, body: anonymousCall((f) => (f.referrer = { name: 'A Neighbour' })), headers: { 'idempotency-key': 'call-named-anon-1' } });
    expect(named.body.errors).toEqual([expect.objectContaining({ path: 'body.referrer' })]);
    const nameless = await call('POST', '/api/v1/referrals', { token: school, body: schoolReferral((f) => delete f.referrer), headers: { 'idempotency-key': 'marf-nameless-1' } });
    expect(nameless.body.errors).toEqual([expect.objectContaining({ path: 'body.referrer' })]);
    // A school's practitioner refers from the school's sources, not a GP's.
    const wrongSource = await call('POST', '/api/v1/referrals', { token: school, body: schoolReferral((f) => (f.source = '3A')) });
    expect(wrongSource.status).toBe(422);
    expect(wrongSource.body.errors).toEqual([expect.objectContaining({ path: 'body.source' })]);
    // A call the front door takes down names the agency told the outcome: one its source can be
    // (a GP's call, 3A, never goes to education's outbox).
    const misnamed = await call('POST', '/api/v1/referrals', { token: manager, body: schoolReferral((f) => { f.source = '3A'; f.referrer.agency = 'education'; }) });
    expect(misnamed.status, JSON.stringify(misnamed.body)).toBe(422);
    expect(misnamed.body.errors).toEqual([expect.objectContaining({ path: 'body.referrer.agency' })]);
    // Police send notifications, not referral forms; lead agencies accept, they do not refer here.
    // (A police API key is no credential here: the contract asks for a bearer token, 401.)
    expect((await call('POST', '/api/v1/referrals', { apiKey: testAuth.policeApiKeys.HUM, body: schoolReferral() })).status).toBe(401);
    expect((await call('POST', '/api/v1/referrals', { token: schoolLead, body: schoolReferral() })).status).toBe(403);
    expect(await stack.models.ReferralForm.countDocuments()).toBe(before);
  });
});
