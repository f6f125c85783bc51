// A school's referral form at the front door, in the browser: the manager finds it waiting
// for its initial rating, reads the form on the case page, is refused a rating without a
// reason, gives it, and the case goes on to the PIT Stop. axe-core and a screenshot on each page.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolReferral } from '../support/referrals.js';
import { eventually, http, startStack, tokenFor, type TestStack } from '../support/stack.js';
import { checkPage, launchBrowser, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');

async function textOf(l: Locator): Promise<string> {
  await l.first().waitFor();
  return l.first().innerText();
}

beforeAll(async () => {
  stack = await startStack('web-referrals');
  call = http(stack.baseUrl);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("a school's referral form in the browser", () => {
  it('is read and given its initial rating by the front door', async () => {
    const form = schoolReferral();
    const r = await call('POST', '/api/v1/referrals', { token: tokenFor('partner_practitioner', 'education'), body: form });
    expect(r.status).toBe(202);
    const { caseId } = r.body;
    const stage = async () => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body?.stage;
    await eventually(async () => (await stage()) === 'awaiting_rating', 20_000, 'intake');

    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.goto(`/cases/${caseId}`);
    expect(await textOf(page.locator('#referral-form'))).toBe('Referral form');
    const about = await page.locator('main').innerText();
    expect(about).toContain('2A School');
    expect(about).toContain('Not rated yet');
    expect(about).toContain(form.concerns.summary);
    await checkPage(mgr, 'manager-referral-awaiting-rating');

    await page.getByRole('link', { name: /Give\s+the initial rating/ }).click();
    expect(await textOf(page.locator('h1'))).toBe('Give the initial rating');
    await page.getByLabel('Amber').check();
    await page.getByRole('button', { name: 'Give the rating' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter the reason');
    await checkPage(mgr, 'manager-initial-rating-refused');
    await page.getByLabel('Reason for the rating').fill('Persistent neglect indicators; no immediate danger.');
    await page.getByRole('button', { name: 'Give the rating' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Rating');
    expect(await textOf(page.locator('.pitstop-tags'))).toContain('Amber rating');
    expect(await stage()).toBe('awaiting_decision');
    await checkPage(mgr, 'manager-referral-rated');
    await signOut(mgr);
  });

  it("is filled in by a school's practitioner, refused with its fields, sent once, and its outcome read back", async () => {
    const dsl = await signedIn(browser, stack.baseUrl, 'dev-education-safeguarding');
    const { page } = dsl;
    await page.getByRole('link', { name: 'Refer a child' }).first().click();
    expect(await textOf(page.locator('h1'))).toBe('Refer a child to the front door');
    await checkPage(dsl, 'partner-referral-form');
    await page.getByRole('button', { name: 'Send the referral' }).click();
    const summary = await textOf(page.locator('.govuk-error-summary'));
    for (const m of ['Select where the referral comes from', "Enter the child's first name", 'Describe your concerns', 'Select whether the family knows and agrees']) {
      expect(summary).toContain(m);
    }
    await checkPage(dsl, 'partner-referral-refused');

    const family = `Webcase${Date.now().toString(36)}`;
    await page.getByLabel('2A School').check();
    await page.getByLabel('First name').fill('Ella');
    await page.getByLabel('Last name').fill(family);
    await page.getByLabel('Day').fill('9');
    await page.getByLabel('Month').fill('5');
    await page.getByLabel('Year').fill('2017');
    await page.getByLabel('Request for service').check();
    await page.getByLabel('What the concern is mainly about').selectOption('neglect_or_welfare_concern');
    await page.getByLabel('Your concerns').fill('Ella has come to school without a coat all week and says she has not eaten.');
    await page.getByLabel('Knows and agrees', { exact: true }).check();
    await page.getByRole('button', { name: 'Send the referral' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Referral received');
    const caseId = /case (C-[0-9A-F]{20})/.exec(await page.locator('.govuk-notification-banner--success').innerText())![1];
    const c = await eventually(async () => {
      const b = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;
      return b?.stage === 'awaiting_rating' && b;
    }, 20_000, 'intake');
    expect(c.referralForm).toMatchObject({ source: '2A', children: [{ givenName: 'Ella', familyName: family, dateOfBirth: '2017-05-09' }] });
    expect(c.referralForm.referrer.name).toBe('Dev Education Safeguarding Officer');

    // Rated, decided and authorised through the API; the school reads the outcome.
    const panel = tokenFor('panel_member', 'childrens_social_care');
    expect((await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: manager, body: { rating: 'green', reason: 'No immediate risk.' } })).status).toBe(200);
    await eventually(async () => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body?.stage === 'awaiting_decision', 20_000, 'rated');
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: {
      levelOfNeed: 1, outcome: 'information_and_signposting', factors: ['16A'], proposedBy: 'education',
      rationale: 'Universal needs: the school signposts the family to the food bank and uniform exchange.',
      attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test DSL', agency: 'education' }], partnerActions: [],
    } })).status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    await eventually(async () => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body?.stage === 'closed', 20_000, 'closed');
    await page.getByRole('link', { name: 'Referral outcomes' }).first().click();
    const outcomes = await textOf(page.locator('table'));
    expect(outcomes).toContain(caseId);
    expect(outcomes).toMatch(/signposting/i);
    await checkPage(dsl, 'partner-referral-outcomes');
    await signOut(dsl);

    // The figures split contacts by source: both schools' referrals so far.
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    await mgr.page.goto('/figures');
    const sources = await textOf(mgr.page.locator('table', { hasText: 'by census source' }));
    expect(sources).toMatch(/2A School\s+2/);
    await signOut(mgr);
  });
});
