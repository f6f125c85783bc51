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

    await page.getByRole('link', { name: /Give\s+the rating/ }).click();
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
});
