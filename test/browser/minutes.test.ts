// The minutes of a PIT Stop meeting as people read them: the panel from its agenda, a
// manager and an auditor by the page's address; a partner refused. axe-core on the page,
// on screen and as printed (menus, links and the date form left out of the print).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alwaysOpen } from '../support/calendar.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';
import { notification } from './notifications.js';
import { checkPage, launchBrowser, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof http>;
let date: string;
let caseId: string;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care', { name: 'Test Panel Chair' });
const rationale = 'High-risk domestic abuse; reasonable cause to suspect significant harm: strategy discussion.';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('browser-minutes', alwaysOpen()), launchBrowser()]);
  call = http(stack.baseUrl);
  // A red contact (DASH high) is on the agenda of the day it arrives (the front door open).
  const r = await call('POST', '/api/v1/notifications', {
    apiKey: testAuth.policeApiKeys.HUM,
    body: notification((n) => (n.dash = { riskLevel: 'high', score: 19 })),
  });
  caseId = r.body.caseId;
  const c = await eventually(async () => {
    const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    return got.body.stage === 'awaiting_decision' && got.body;
  }, 20_000, 'intake');
  date = c.meeting.date;
  const chair = { name: 'Test Panel Chair', agency: 'childrens_social_care' };
  expect((await call('POST', `/api/v1/meetings/${date}/open`, { token: panel, body: { chair, startedAt: c.meeting.startsAt } })).status).toBe(200);
  const attendees = [{ name: 'Test DSL', agency: 'education' }, { name: 'Test Officer', agency: 'police' }];
  expect((await call('POST', `/api/v1/meetings/${date}/register`, { token: panel, body: { attendees } })).status).toBe(200);
  const d = await call('POST', `/api/v1/cases/${caseId}/decision`, {
    token: panel,
    body: {
      levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care', rationale, factors: ['3B'],
      proposedBy: 'childrens_social_care', attendees: [chair, ...attendees], partnerActions: [{ kind: 'refer_to_marac', agency: 'domestic_abuse_services' }],
    },
  });
  expect(d.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the minutes page', () => {
  it('is linked from the agenda and shows the register, the children and the decision; it prints without the menus', async () => {
    const chair = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = chair;
    await page.goto(`/pitstop?date=${date}`);
    await page.getByRole('link', { name: 'Minutes of this meeting' }).click();
    await page.waitForURL(`**/pitstop/minutes?date=${date}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Minutes of the PIT Stop meeting');
    for (const text of ['Test Panel Chair (chair)', 'Test DSL', 'Test Officer', 'Noor Webtest', 'Eli Webtest', rationale, 'In progress']) {
      expect(main).toContain(text);
    }
    expect(await page.locator(`a[href="/cases/${caseId}"]`).count()).toBe(1);
    await checkPage(chair, 'minutes');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.govuk-template__header').isVisible()).toBe(false);
    expect(await page.locator('.govuk-footer').isVisible()).toBe(false);
    expect(await page.getByText('Back to the agenda').isVisible()).toBe(false);
    expect(await page.getByText('These minutes name children').isVisible()).toBe(true);
    await checkPage(chair, 'minutes-print');
    await signOut(chair);
  });

  it('lets the panel open the meeting, take its register and close it, with errors shown on the fields', async () => {
    const chair = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = chair;
    const past = '2026-11-17';
    await page.goto(`/pitstop/minutes?date=${past}`);
    expect(await page.locator('main').innerText()).toContain('Not opened');
    await page.locator('#startTime').fill('25:00');
    await page.getByRole('button', { name: 'Open the meeting' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the time the meeting started');
    await checkPage(chair, 'minutes-open-refused');
    await page.locator('#startTime').fill('10:05');
    await page.getByRole('button', { name: 'Open the meeting' }).click();
    await page.waitForURL(`**/pitstop/minutes?date=${past}`);
    expect(await page.locator('main').innerText()).toContain('Dev Panel Chair (chair)');

    await page.locator('#name').fill('Test Youth Worker');
    await page.getByRole('button', { name: 'Add to the register' }).click();
    expect(await page.locator('#agency-error').innerText()).toContain('Select the agency of the person who attended');
    await page.locator('#agency').selectOption('youth_justice');
    await page.getByRole('button', { name: 'Add to the register' }).click();
    await page.waitForURL(`**/pitstop/minutes?date=${past}`);
    await page.locator('#name').fill('Test School Nurse');
    await page.locator('#agency').selectOption('health');
    await page.getByRole('button', { name: 'Add to the register' }).click();
    await page.waitForURL(`**/pitstop/minutes?date=${past}`);
    const registered = await page.locator('main table').first().innerText();
    for (const name of ['Dev Panel Chair (chair)', 'Test Youth Worker', 'Test School Nurse']) expect(registered).toContain(name);

    await page.locator('#endTime').fill('09:30');
    await page.getByRole('button', { name: 'Close the meeting' }).click();
    expect(await page.locator('#endTime-error').innerText()).toMatch(/must be after the meeting started$/i);
    await checkPage(chair, 'minutes-close-refused');
    await page.locator('#endTime').fill('11:20');
    await page.getByRole('button', { name: 'Close the meeting' }).click();
    await page.waitForURL(`**/pitstop/minutes?date=${past}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Closed');
    expect(await page.getByRole('button', { name: 'Close the meeting' }).count()).toBe(0);
    await checkPage(chair, 'minutes-closed');
    await signOut(chair);

    const m = await call('GET', `/api/v1/meetings/${past}`, { token: manager });
    expect(m.body).toMatchObject({ status: 'closed', chair: { name: 'Dev Panel Chair', agency: 'childrens_social_care' } });
    expect(m.body.register).toHaveLength(3);
  });

  it('is read by an auditor (no links into cases) and refused to a partner', async () => {
    const auditor = await signedIn(browser, stack.baseUrl, 'dev-auditor');
    const r = await auditor.page.goto(`/pitstop/minutes?date=${date}`);
    expect(r?.status()).toBe(200);
    expect(await auditor.page.locator('main').innerText()).toContain('Noor Webtest');
    expect(await auditor.page.locator('main a[href^="/cases/"]').count()).toBe(0);
    await checkPage(auditor, 'minutes-auditor');
    expect((await auditor.page.goto('/pitstop/minutes?date=2026-02-30'))?.status()).toBe(400);
    await signOut(auditor);

    const health = await signedIn(browser, stack.baseUrl, 'dev-health-visitor');
    expect((await health.page.goto(`/pitstop/minutes?date=${date}`))?.status()).toBe(403);
    await signOut(health);

    const log = await call('GET', '/api/v1/audit?userId=dev-auditor', { token: tokenFor('auditor', 'front_door') });
    expect(log.body.items).toContainEqual(expect.objectContaining({ action: 'meeting.read', caseId, resource: `GET /api/v1/meetings/${date}` }));
  });
});
