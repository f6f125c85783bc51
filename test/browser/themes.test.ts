// The themes page as a manager meets it: each locality's incident types, the rule stated,
// axe-core and a screenshot; a partner has no such page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';
import { checkPage, launchBrowser, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('web-themes'), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the themes page', () => {
  it("shows each locality's incident types with the rule, and is the managers' only", async () => {
    const call = http(stack.baseUrl);
    const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    await eventually(async () => (await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: tokenFor('front_door_manager', 'front_door') })).body?.stage === 'awaiting_decision', 20_000, 'intake');

    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    await mgr.page.goto(`${stack.baseUrl}/themes`);
    await checkPage(mgr, 'themes');
    expect(await mgr.page.locator('h1').innerText()).toBe('Themes by locality');
    await expect.poll(() => mgr.page.locator('h2', { hasText: 'Scunthorpe North' }).count()).toBe(1);
    // Today's notification (DN15, domestic abuse) is counted in this week's figures.
    expect(await mgr.page.locator('table', { hasText: 'Domestic abuse' }).count()).toBeGreaterThan(0);
    expect(await mgr.page.locator('summary', { hasText: 'How an emerging theme is decided' }).count()).toBe(1);
    expect(await mgr.page.locator('nav a', { hasText: 'Themes' }).count()).toBeGreaterThan(0);
    await signOut(mgr);

    const partner = await signedIn(browser, stack.baseUrl, 'dev-health-visitor');
    const refused = await partner.page.goto(`${stack.baseUrl}/themes`);
    expect(refused?.status()).toBe(403);
    await signOut(partner);
  });
});
