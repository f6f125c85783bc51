// The figures over time as a manager meets them: generated weeks in a running engine, the
// police no-further-action chart and every measure in a table, axe-core and a screenshot,
// the CSV as it leaves the front door; a partner has no such page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateInto, generatorOptions } from '../../shared/generator/index.js';
import { startStack, type TestStack } from '../support/stack.js';
import { checkPage, launchBrowser, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('web-over-time'), launchBrowser()]);
  await generateInto(`${inject('mongoBaseUri')}${stack.models.Contact.db.name}`, generatorOptions(stack.policy, { weeks: 10, perWeek: 40, hotspot: null }));
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the figures over time page', () => {
  it('shows every measure by period with the police chart and a CSV, to managers only', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    await mgr.page.goto(`${stack.baseUrl}/figures`);
    await mgr.page.getByRole('link', { name: 'Figures over time' }).click();
    await mgr.page.selectOption('#interval', 'month');
    await mgr.page.getByRole('button', { name: 'Show' }).click();
    await checkPage(mgr, 'figures-over-time');
    expect(await mgr.page.locator('h1').innerText()).toBe('Figures over time');
    expect(await mgr.page.locator('svg').count()).toBeGreaterThan(0);
    const rows = mgr.page.locator('table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    expect(await mgr.page.locator('table thead').innerText()).toMatch(/Re-referrals in 12 months/);
    // The generated weeks end with last week: the month before this one has police contacts, a share shown.
    expect(await rows.nth((await rows.count()) - 2).innerText()).toMatch(/%/);
    const csv = await mgr.page.request.get(`${stack.baseUrl}/figures/over-time.csv?interval=month`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toMatch(/^period,group,contacts,policeContacts/);
    expect(text).toMatch(/"fewer than 5"/);
    await signOut(mgr);

    const partner = await signedIn(browser, stack.baseUrl, 'dev-health-visitor');
    expect((await partner.page.goto(`${stack.baseUrl}/figures/over-time`))?.status()).toBe(403);
    await signOut(partner);
  });
});
