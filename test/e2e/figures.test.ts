// The managers' figures, computed by the database from the cases the workflow projected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');

beforeAll(async () => {
  stack = await startStack('figures');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function contactDecided(outcome: string, changes: (n: any) => void = () => {}) {
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification(changes) });
  const { caseId } = r.body;
  await eventually(async () => (await stack.models.Contact.findById(caseId).lean())?.stage === 'awaiting_decision', 20_000, 'intake');
  if (outcome === 'none') return caseId;
  const decided = await call('POST', `/api/v1/cases/${caseId}/decision`, {
    token: panel,
    body: { levelOfNeed: outcome === 'no_further_action' ? 1 : 4, outcome, ...jointly },
  });
  expect(decided.status).toBe(200);
  expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
  return caseId;
}

describe('GET /api/v1/figures', () => {
  it('counts outcomes, the no-further-action share, referral conversion and the open backlog', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    await contactDecided('no_further_action');
    await contactDecided('social_care_assessment_s17');
    await contactDecided('none', (n) => (n.riskGrading = 'high'));
    await contactDecided('none');
    await eventually(async () => (await stack.models.Contact.countDocuments({ outcome: { $exists: true, $ne: null } })) === 2, 20_000, 'projections');
    const r = await call('GET', `/api/v1/figures?from=${encodeURIComponent(from)}`, { token: manager });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      contacts: 4,
      decided: 2,
      noFurtherActionShare: 0.5,
      referralConversion: 0.5,
      breached: 0,
      byOutcome: expect.objectContaining({ no_further_action: 1, social_care_assessment_s17: 1, early_help: 0 }),
      awaitingAcceptanceByLeadAgency: expect.objectContaining({ childrens_social_care: 1 }),
    });
    // Open: the s17 case awaiting acceptance (amber), one red and one amber undecided;
    // the no-further-action case may still be closing.
    expect(r.body.openBacklogByRating.red).toBe(1);
    expect(r.body.openBacklogByRating.amber).toBeGreaterThanOrEqual(2);
    const bad = await call('GET', '/api/v1/figures?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', { token: manager });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.from');
  });
});
