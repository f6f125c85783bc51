// MARAC's escalation criterion on the real stack: three domestic abuse incidents about a
// child within 12 months. Intake records each contact's incident type in the child's
// history; the third notification's look-back counts the two before it, so its decision
// must name a refer_to_marac partner action (422 with the field without one), and the
// case and panel pages say why. Two are not an escalation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification, jointly } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');

beforeAll(async () => {
  // The test suite counts no escalation (vitest.config.ts): counted here, as a council does by default.
  stack = await startStack('marac', { maracEscalationIncidents: 3 });
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

/** A domestic abuse notification (DASH medium, 11 ticks: not MARAC on its own) about one child of a family of this test's own. */
const aboutChild = (familyName: string, type = 'domestic_abuse') =>
  freshNotification((n) => {
    n.incident.type = type;
    n.children = [{ givenName: 'Nia', familyName, dateOfBirth: '2018-04-09', presentAtIncident: true, residentAtAddress: true }];
    n.adults = [{ givenName: 'Robin', familyName, dateOfBirth: '1990-02-02', role: 'victim', relationshipToChildren: 'mother' }];
  });

async function received(n: unknown) {
  const { caseId } = (await call('POST', '/api/v1/notifications', { apiKey: police, body: n })).body;
  return eventually(async () => {
    const r = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    return r.body.stage === 'awaiting_decision' && (r.body as { caseId: string; maracReferralRequired: boolean; maracEscalation?: number });
  }, 20_000, 'intake');
}

const decision = { ...jointly, levelOfNeed: 4, outcome: 'strategy_discussion_s47', rationale: 'Repeated domestic abuse with the child present; threshold for s47 enquiries met.' };

describe('MARAC escalation', () => {
  it('two domestic abuse incidents about a child are not an escalation', async () => {
    const family = `Twice${Date.now().toString(36)}`;
    await received(aboutChild(family));
    const second = await received(aboutChild(family));
    expect(second.maracReferralRequired).toBe(false);
    expect(second).not.toHaveProperty('maracEscalation');
    expect((await call('POST', `/api/v1/cases/${second.caseId}/decision`, { token: panel, body: decision })).status).toBe(200);
  });

  it('the third within 12 months must be referred to MARAC: 422 with the field without it, and the pages say why', async () => {
    const family = `Thrice${Date.now().toString(36)}`;
    await received(aboutChild(family));
    // Another kind of incident about the same child is not counted.
    await received(aboutChild(family, 'missing_child'));
    await received(aboutChild(family));
    const third = await received(aboutChild(family));
    expect(third).toMatchObject({ maracReferralRequired: true, maracEscalation: 3 });
    const without = await call('POST', `/api/v1/cases/${third.caseId}/decision`, { token: panel, body: decision });
    expect(without.status).toBe(422);
    expect(without.body.errors).toEqual([{ path: 'body.partnerActions', code: 'rule', message: expect.stringMatching(/escalation \(3 domestic abuse incidents.*refer_to_marac/) }]);
    expect(await stack.models.Timeline.countDocuments({ caseId: third.caseId, type: 'decision_recorded' })).toBe(0);

    const pages = await pagesSignedIn(stack.baseUrl, 'dev-panel-chair');
    for (const path of [`/cases/${third.caseId}`, `/pitstop/cases/${third.caseId}`]) {
      const page = await pages.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).toContain('MARAC escalation: 3 domestic abuse incidents in 12 months');
    }

    const withMarac = await call('POST', `/api/v1/cases/${third.caseId}/decision`, {
      token: panel,
      body: { ...decision, partnerActions: [{ kind: 'refer_to_marac', agency: 'domestic_abuse_services' }] },
    });
    expect(withMarac.status).toBe(200);
    // Authorisation re-checks MARAC: the decision with the referral is authorised.
    expect((await call('POST', `/api/v1/cases/${third.caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
  });
});
