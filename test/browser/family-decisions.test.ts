// One family, each child, through the pages: a baby and a 15-year-old in one police
// notification, decided at different levels (the baby at level 4, an s47 strategy
// discussion led by children's social care; the 15-year-old at level 2, early help led by
// the school), returned once by a manager and shown again as entered with the manager's
// name, authorised, then each lead agency accepts its own child.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';
import { notification } from './notifications.js';
import { checkPage, launchBrowser, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const screenshots = process.env.DECISION_SCREENSHOTS_DIR;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('browser-family'), launchBrowser()]);
  call = http(stack.baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a family of two children decided at different levels', () => {
  let caseId: string;
  let date: string;
  let baby: string;
  let teen: string;

  async function takeRegister(page: import('playwright-core').Page) {
    await page.goto(`/pitstop/register?date=${date}`);
    await page.locator('#name-1').fill('Test Designated Safeguarding Lead');
    await page.locator('#agency-1').selectOption('education');
    await page.getByRole('button', { name: 'Save the register' }).click();
  }

  beforeAll(async () => {
    const body = notification((n) => {
      n.children = [
        { givenName: 'Ivy', familyName: 'Familytest', dateOfBirth: new Date(Date.now() - 150 * 86400_000).toISOString().slice(0, 10), gender: 'female', presentAtIncident: true, residentAtAddress: true },
        { givenName: 'Sam', familyName: 'Familytest', dateOfBirth: `${new Date().getUTCFullYear() - 15}-01-15`, gender: 'male', presentAtIncident: true, residentAtAddress: true, school: 'Example Academy' },
      ];
    });
    const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body });
    caseId = r.body.caseId;
    const c = await eventually(async () => {
      const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      return got.body?.stage === 'awaiting_decision' && got.body.meeting ? got.body : undefined;
    }, 20_000, 'intake');
    date = c.meeting.date;
    [baby, teen] = c.children.map((ch: { personId: string }) => ch.personId);
  });

  it('the panel decides each child: the family at level 4 (s47), the 15-year-old at level 2 (early help, the school)', async () => {
    const panel = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = panel;
    await takeRegister(page);
    await page.goto(`/pitstop/cases/${caseId}?date=${date}`);
    await checkPage(panel, 'pitstop-family-decision');
    // A row per child, with their age, each "As the family" until changed.
    const rows = page.locator('.pitstop-child-decisions tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/Ivy Familytest\s+4 months/);
    expect(await rows.nth(1).innerText()).toMatch(/Sam Familytest\s+15 years/);
    expect(await page.locator('#child-1-outcome').inputValue()).toBe('');

    await page.getByLabel('Level 4: specialist, acute').check();
    await page.getByLabel('Strategy discussion (s47, reasonable cause to suspect significant harm)').check();
    await page.locator('#child-1-levelOfNeed').selectOption('2');
    await page.locator('#child-1-outcome').selectOption('early_help');
    await page.locator('#child-1-leadAgency').selectOption('education');
    await page.locator('#rationale').fill('Baby at risk of significant harm after a violent incident: strategy discussion. Sam, 15, is safe at school and needs early help led by the school.');
    // The character count speaks as the rationale is typed.
    expect(await page.locator('.govuk-character-count__status').first().innerText()).toMatch(/characters remaining/);
    await page.locator('summary', { hasText: 'Domestic abuse' }).click();
    await page.getByLabel('3B Domestic abuse: parent or carer').check();
    await page.locator('#proposedBy').selectOption('childrens_social_care');
    // Sam's early help is consensual: the family's answer is recorded (refused, here).
    await page.locator('#earlyHelpConsent-2').check();
    if (screenshots) await page.locator(`form[action$="/decision"]`).screenshot({ path: `${screenshots}/decision-form-filled.png` });
    if (screenshots) await page.screenshot({ path: `${screenshots}/decision-page-full.png`, fullPage: true });
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.locator('.govuk-notification-banner--success, .govuk-error-summary').first().waitFor();
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    await signOut(panel);

    const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(c.body.decisions[0]).toMatchObject({
      levelOfNeed: 4, outcome: 'strategy_discussion_s47',
      children: [{ personId: teen, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' }],
      childDecisions: [
        { personId: baby, levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care' },
        { personId: teen, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' },
      ],
    });
  });

  it('a manager returns it; the panel sees it as entered, signed by the manager, and records it again', async () => {
    const back = await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: tokenFor('front_door_manager', 'front_door', { name: 'Test Returning Manager' }), body: { action: 'return', comments: 'Say what the school will do for Sam this week.' } });
    expect(back.status).toBeLessThan(300);
    const panel = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = panel;
    // The register is the meeting's record: still there after a new sign-in (taking it again adds nobody twice).
    await takeRegister(page);
    await page.goto(`/pitstop/cases/${caseId}?date=${date}`);
    const inset = await page.locator('#decision ~ .govuk-inset-text').first().innerText();
    expect(inset).toContain('Returned by Test Returning Manager');
    expect(inset).toContain('Say what the school will do for Sam this week.');
    expect(await page.getByLabel('Strategy discussion (s47, reasonable cause to suspect significant harm)').isChecked()).toBe(true);
    expect(await page.locator('#child-1-outcome').inputValue()).toBe('early_help');
    // "As the family" says what the family's is.
    expect(await page.locator('#each-child .govuk-hint').innerText()).toMatch(/level 4, strategy discussion/i);
    expect(await page.locator('#rationale').inputValue()).toContain('Sam, 15, is safe at school');
    if (screenshots) await page.screenshot({ path: `${screenshots}/decision-page-returned.png`, fullPage: true });
    await page.locator('#rationale').fill('Baby at risk of significant harm after a violent incident: strategy discussion. Sam, 15, is safe at school; the school\'s safeguarding lead meets him this week and leads early help.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.locator('.govuk-notification-banner--success').first().waitFor();
    await signOut(panel);
  });

  it('authorised, each lead agency accepts its own child and the case waits for the strategy discussion', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    await mgr.page.goto(`/cases/${caseId}`);
    // The manager reads each child's decision before authorising it.
    const version = await mgr.page.locator('.govuk-summary-card', { hasText: 'Version 2' }).innerText();
    expect(version).toMatch(/Ivy Familytest: level 4, Strategy discussion \(s47[^\n]*, led by Children's social care/);
    expect(version).toMatch(/Sam Familytest: level 2, Early help with a named lead agency, led by Education/);
    if (screenshots) await mgr.page.locator('.govuk-summary-card', { hasText: 'Version 2' }).screenshot({ path: `${screenshots}/manager-decision-card.png` });
    await mgr.page.getByLabel('Authorise the decision').check();
    await mgr.page.getByRole('button', { name: 'Continue' }).click();
    expect(await mgr.page.locator('.govuk-notification-banner--success').first().innerText()).toContain('Decision authorised');
    await signOut(mgr);
    await eventually(async () => {
      const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      return got.body.allocations?.length === 2 && got.body.allocations.every((a: { dueAt?: string }) => a.dueAt) ? got.body : undefined;
    }, 20_000, 'two allocations');

    for (const [user, name, first] of [['dev-school-lead', 'Test Lead Professional', true], ['dev-social-worker', 'Test Social Worker', false]] as const) {
      const lead = await signedIn(browser, stack.baseUrl, user);
      const { page } = lead;
      await page.goto('/allocations');
      await page.locator('.govuk-summary-card', { hasText: caseId }).getByRole('link', { name: /Respond/ }).click();
      await page.getByLabel('Accept and name the lead professional').check();
      await page.getByLabel('Lead professional', { exact: true }).fill(name);
      await page.getByRole('button', { name: 'Send the response' }).click();
      const notice = await page.locator('.govuk-notification-banner--success').first().innerText();
      expect(notice).toContain('Allocation accepted');
      // The first to accept is told another lead agency has still to: the case does not close yet.
      if (first) expect(notice).toContain('Another lead agency has still to accept');
      expect(notice).not.toContain('The case closes once');
      await signOut(lead);
    }
    const done = await eventually(async () => {
      const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      return got.body.stage === 'awaiting_strategy_discussion' ? got.body : undefined;
    }, 20_000, 'both accepted');
    expect(done.allocations.map((a: { leadAgency: string; childPersonIds: string[]; status: string }) => [a.leadAgency, a.childPersonIds, a.status])).toEqual([
      ['childrens_social_care', [baby], 'accepted'],
      ['education', [teen], 'accepted'],
    ]);
  });

  it('a manager amends it: the amend page carries each child\'s decision, and the amendment keeps it', async () => {
    // Four eyes: not the manager who authorised it.
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-deputy-manager');
    const { page } = mgr;
    await page.goto(`/cases/${caseId}/amend`);
    expect(await page.locator('#child-1-levelOfNeed').inputValue()).toBe('2');
    expect(await page.locator('#child-1-outcome').inputValue()).toBe('early_help');
    expect(await page.locator('#child-1-leadAgency').inputValue()).toBe('education');
    expect(await page.locator('#child-0-outcome').inputValue()).toBe('');
    expect(await page.locator('#each-child .govuk-hint').innerText()).toMatch(/level 4, strategy discussion/i);
    await checkPage(mgr, 'case-amend-each-child');
    await page.locator('#reason').fill('The police added a second incident: the factors and rationale say so.');
    await page.getByLabel('I did, as the manager').check();
    await page.locator('#rationale').fill('Baby at risk of significant harm after two violent incidents: strategy discussion. Sam, 15, is safe at school; the school leads early help.');
    await page.getByRole('button', { name: 'Amend the decision' }).click();
    await page.locator('.govuk-notification-banner--success, .govuk-error-summary').first().waitFor();
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    await signOut(mgr);
    const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    const amended = c.body.decisions.at(-1);
    expect(amended).toMatchObject({ status: 'authorised', amendmentReason: expect.stringContaining('second incident') });
    expect(amended.childDecisions).toEqual([
      { personId: baby, levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care' },
      { personId: teen, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' },
    ]);
  });
});
