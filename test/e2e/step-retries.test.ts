// A step sent again after a 503 or a dropped connection: with the same Idempotency-Key it
// answers what the first answered and is applied once; without one it is refused as out of
// order, so a client that keys its steps can tell "it went through" from "someone else did it".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const panel = tokenFor('panel_member', 'childrens_social_care');
const manager = tokenFor('front_door_manager', 'front_door');
const otherManager = tokenFor('front_door_manager', 'front_door', { id: 'deputy-manager', name: 'Deputy Manager' });

beforeAll(async () => {
  stack = await startStack('step-retries');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function awaitingDecision(): Promise<string> {
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
  await eventually(async () => (await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager })).body?.stage === 'awaiting_decision', 20_000, 'intake');
  return r.body.caseId;
}

describe('a step sent again', () => {
  it('with the same Idempotency-Key answers as the first, once applied, even after the case moved on', async () => {
    const caseId = await awaitingDecision();
    const decision = { levelOfNeed: 2, outcome: 'early_help', leadAgency: 'early_help', earlyHelpConsent: { status: 'given' }, ...jointly };
    const key = { 'idempotency-key': 'decision-retry-0001' };
    const first = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision, headers: key });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision, headers: key });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual(first.body);
    const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(c.body.stage).toBe('awaiting_authorisation');
    expect(c.body.decisions).toHaveLength(1);

    // Authorised with a key; the case moves on, and the same request again still answers 200.
    const authorise = { token: manager, body: { action: 'authorise' }, headers: { 'idempotency-key': 'authorise-retry-0001' } };
    const authorised = await call('POST', `/api/v1/cases/${caseId}/authorisation`, authorise);
    expect(authorised.status, JSON.stringify(authorised.body)).toBe(200);
    const authorisedAgain = await call('POST', `/api/v1/cases/${caseId}/authorisation`, authorise);
    expect(authorisedAgain.status, JSON.stringify(authorisedAgain.body)).toBe(200);
    expect(authorisedAgain.body).toEqual(authorised.body);
  });

  it('without the key, or by someone else with the same key, is refused as out of order', async () => {
    const caseId = await awaitingDecision();
    const decision = { levelOfNeed: 1, outcome: 'no_further_action', factors: ['21'], ...jointly };
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision })).status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision })).status).toBe(409);
    const key = { 'idempotency-key': 'authorise-someone-0001' };
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' }, headers: key })).status).toBe(200);
    const someoneElse = await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: otherManager, body: { action: 'authorise' }, headers: key });
    expect(someoneElse.status).toBe(409);
  });

  it('refuses a malformed key with the header named', async () => {
    const caseId = await awaitingDecision();
    const r = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: {}, headers: { 'idempotency-key': 'short' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain('headers.idempotency-key');
  });

  // Found by Schemathesis's stateful phase: a keyed step skips the stage check (so a retry
  // gets its first answer) and reached a police contact's workflow, which has no rating step.
  it('with a key, a step this kind of case never takes is refused as out of order, not a server error', async () => {
    const caseId = await awaitingDecision();
    const r = await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: manager, body: { rating: 'green', reason: 'a retry' }, headers: { 'idempotency-key': 'rating-on-police-0001' } });
    expect(r.status).toBe(409);
    expect(r.body.detail).toBe('this case does not take this step');
  });
});
