// Early help is consensual: a decision whose outcome, the family's or any child's, is early
// help records the family's consent (given, refused or not yet sought), through the API
// (422 at the field without it, an amendment too) and the PIT Stop page (a radio group),
// and the case page and the meeting's minutes show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/working-time.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const secondManager = tokenFor('front_door_manager', 'front_door', { id: 'manager-2' });
const panel = tokenFor('panel_member', 'childrens_social_care');

beforeAll(async () => {
  stack = await startStack('consent');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function received(): Promise<{ caseId: string; children: { personId: string }[] }> {
  const { caseId } = (await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification() })).body;
  return eventually(async () => {
    const r = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    return r.body.stage === 'awaiting_decision' && r.body;
  }, 20_000, 'intake');
}

const earlyHelp = { ...jointly, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', factors: ['3B'], rationale: 'Emerging needs; the school knows the family and is best placed to lead early help.' };

describe("the family's consent to early help", () => {
  it('is required with an early help outcome (422 at the field), recorded when refused, and kept through an amendment', async () => {
    const c = await received();
    const without = await call('POST', `/api/v1/cases/${c.caseId}/decision`, { token: panel, body: earlyHelp });
    expect(without.status).toBe(422);
    expect(without.body.errors).toEqual([{ path: 'body.earlyHelpConsent', code: 'rule', message: expect.stringMatching(/consensual/) }]);
    // One child in early help under the family's s47: the family's consent all the same.
    const s47 = { ...jointly, levelOfNeed: 4, outcome: 'strategy_discussion_s47', rationale: 'Serious harm alleged to the baby; threshold for s47 enquiries met.' };
    const oneChild = await call('POST', `/api/v1/cases/${c.caseId}/decision`, {
      token: panel, body: { ...s47, children: [{ personId: c.children[0].personId, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' }] },
    });
    expect(oneChild.status).toBe(422);
    expect(oneChild.body.errors[0].path).toBe('body.earlyHelpConsent');
    // A bad status is bad input.
    const bad = await call('POST', `/api/v1/cases/${c.caseId}/decision`, { token: panel, body: { ...earlyHelp, earlyHelpConsent: { status: 'maybe' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.earlyHelpConsent.status');

    const refused = { status: 'refused', by: 'Mother', notes: 'Does not want a worker in the home for now; the school will keep in touch.' };
    const ok = await call('POST', `/api/v1/cases/${c.caseId}/decision`, { token: panel, body: { ...earlyHelp, earlyHelpConsent: refused } });
    expect(ok.status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${c.caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    const after = (await call('GET', `/api/v1/cases/${c.caseId}`, { token: manager })).body;
    expect(after.decisions[0]).toMatchObject({ outcome: 'early_help', earlyHelpConsent: refused });

    // An amendment to early help is a whole decision: its consent again.
    const amend = await call('POST', `/api/v1/cases/${c.caseId}/amendments`, { token: secondManager, body: { reason: 'Lead agency corrected.', decision: { ...earlyHelp, leadAgency: 'health' } } });
    expect(amend.status).toBe(422);
    expect(amend.body.errors[0].path).toBe('body.decision.earlyHelpConsent');
  });

  it('is a radio group on the PIT Stop page, shown on the case page and in the minutes', async () => {
    const c = await received();
    const date = localDate(Date.now(), stack.policy.calendar.timeZone);
    const chair = { name: 'Consent Test Chair', agency: 'childrens_social_care' };
    expect((await call('POST', `/api/v1/meetings/${date}/open`, { token: panel, body: { chair } })).status).toBe(200);
    expect((await call('POST', `/api/v1/meetings/${date}/register`, { token: panel, body: { attendees: [{ name: 'Consent Test DSL', agency: 'education' }] } })).status).toBe(200);

    const pages = await pagesSignedIn(stack.baseUrl, 'dev-panel-chair');
    const form = await pages.get(`/pitstop/cases/${c.caseId}?date=${date}`);
    expect(form.html).toContain("The family&#39;s consent to early help");
    expect(form.html).toMatch(/name="earlyHelpConsent" type="radio" value="not_yet_sought"/);
    const fields = { date, levelOfNeed: '2', outcome: 'early_help', leadAgency: 'education', factors: '3B', proposedBy: 'education', rationale: earlyHelp.rationale };
    const refused = await pages.post(`/pitstop/cases/${c.caseId}/decision`, fields);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Early help is consensual');
    expect(refused.html).toContain('href="#earlyHelpConsent"');
    const sent = await pages.post(`/pitstop/cases/${c.caseId}/decision`, { ...fields, earlyHelpConsent: 'not_yet_sought', earlyHelpConsentNotes: 'Health visitor to ask at Thursday\'s visit.' });
    expect(sent.status).toBe(303);

    const casePage = await pages.get(`/cases/${c.caseId}`);
    expect(casePage.html).toContain('Consent to early help');
    expect(casePage.html).toContain('Not yet sought: Health visitor to ask at Thursday&#39;s visit.');
    const minutes = await pages.get(`/pitstop/minutes?date=${date}`);
    expect(minutes.status).toBe(200);
    expect(minutes.html).toContain('Not yet sought: Health visitor to ask at Thursday&#39;s visit.');
  });
});
