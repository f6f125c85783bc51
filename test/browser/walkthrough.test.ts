// A police notification taken to closed entirely through the pages, as the people at the
// front door would: a partner shares what health knows, the panel takes the register and
// records the joint decision (refused first, then corrected), a manager authorises it and
// the school accepts the lead. Then a second decision made with the keyboard alone.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';
import { notification } from './notifications.js';
import { checkPage, focusedHasClass, focusedId, focusedText, launchBrowser, screenshotView, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof http>;

/** The text of the first match, once it is on the page. */
async function textOf(l: Locator): Promise<string> {
  await l.first().waitFor();
  return l.first().innerText();
}
const manager = tokenFor('front_door_manager', 'front_door');

async function submitted(changes?: (n: any) => void): Promise<{ caseId: string; meetingDate: string }> {
  // As a police system does: its API key, the notification as JSON.
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: notification(changes) });
  expect(r.status).toBe(202);
  const caseId = r.body.caseId as string;
  const c = await eventually(async () => {
    const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    return got.body?.stage === 'awaiting_decision' && got.body.meeting ? got.body : undefined;
  }, 20_000, 'intake');
  return { caseId, meetingDate: c.meeting.date };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('browser-walk'), launchBrowser()]);
  call = http(stack.baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('a police notification taken to closed through the pages', () => {
  let caseId: string;
  let meetingDate: string;

  beforeAll(async () => {
    ({ caseId, meetingDate } = await submitted());
  });

  it('health shares what it knows from its information requests', async () => {
    const health = await signedIn(browser, stack.baseUrl, 'dev-health-visitor');
    const { page } = health;
    await checkPage(health, 'partner-requests');
    expect(page.url()).toContain('/requests');
    const card = page.locator('.govuk-summary-card', { hasText: caseId });
    await card.getByRole('link', { name: /Share information/ }).click();
    await page.waitForURL(`**/requests/${caseId}`);
    await checkPage(health, 'partner-share-information');
    await page.getByRole('group', { name: 'Is your agency working with the child or family now?' }).getByLabel('Yes').check();
    await page.getByLabel('Current involvement (optional)').fill('Health visitor sees the younger child at home every month.');
    await page.getByLabel('Concerns (optional)').fill('Mother disclosed low mood at the last visit.');
    await page.getByRole('button', { name: 'Share with the PIT Stop' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Information shared');
    await checkPage(health, 'partner-information-shared');
    await signOut(health);
  });

  it('the panel takes the register, has a decision refused, corrects it and records it', async () => {
    const panel = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = panel;
    await page.goto(`/pitstop?date=${meetingDate}`);
    await checkPage(panel, 'pitstop-agenda');
    await page.getByRole('button', { name: 'Take the register' }).click();
    await checkPage(panel, 'pitstop-register');
    // The chair is already on the register; add the school's safeguarding lead.
    expect(await page.locator('#name-0').inputValue()).toBe('Dev Panel Chair');
    await page.locator('#name-1').fill('Test Designated Safeguarding Lead');
    await page.locator('#agency-1').selectOption('education');
    await page.getByRole('button', { name: 'Save the register' }).click();
    await page.getByRole('heading', { name: '2 attending' }).waitFor();
    await checkPage(panel, 'pitstop-agenda-with-register');

    await page.locator('#agenda tr', { hasText: caseId }).getByRole('link').first().click();
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toMatch(/Domestic abuse, DN16/);
    expect(await textOf(page.locator('#partner-information ~ .govuk-summary-card'))).toContain('Health visitor sees the younger child');
    await checkPage(panel, 'pitstop-case');
    await screenshotView(panel, 'view-pitstop-case');

    // Early help, no rationale: the API refuses it, naming the field.
    await page.getByLabel('Level 2: additional, early help').check();
    await page.getByLabel('Early help with a named lead agency').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await textOf(summary)).toContain('Enter the rationale for the decision');
    expect(await textOf(page.locator('#rationale-error'))).toContain('Enter the rationale for the decision');
    expect(await page.title()).toMatch(/^Error: /);
    // The error summary takes the focus, so a screen reader announces it.
    expect(await focusedHasClass(page, 'govuk-error-summary')).toBe(true);
    // What was chosen is kept.
    expect(await page.getByLabel('Early help with a named lead agency').isChecked()).toBe(true);
    // The summary's link takes the person to the field.
    await summary.getByRole('link', { name: 'Enter the rationale for the decision' }).click();
    expect(await focusedId(page)).toBe('rationale');
    await checkPage(panel, 'pitstop-decision-refused');

    // With a rationale, the procedure's cross-field rule speaks: early help names its lead.
    await page.locator('#rationale').fill('Emerging needs after a second domestic abuse incident; the school knows the family and is best placed to lead early help.');
    // Factors are grouped, each group folded until opened.
    await page.locator('summary', { hasText: 'Domestic abuse' }).click();
    await page.getByLabel('3B Domestic abuse: parent or carer').check();
    await page.getByLabel('Notify the school').check();
    // The proposer must be at the meeting: the select offers the register's agencies.
    expect(await page.locator('#proposedBy option').allInnerTexts()).toEqual(['Select the agency', "Children's social care", 'Education']);
    await page.locator('#proposedBy').selectOption('education');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Early help must name a lead agency');
    expect(await textOf(page.locator('#leadAgency-error'))).toContain('Early help must name a lead agency');
    expect(await page.locator('#rationale').inputValue()).toContain('best placed to lead early help');
    await checkPage(panel, 'pitstop-decision-refused-lead-agency');
    await screenshotView(panel, 'view-pitstop-decision-refused');
    await page.locator('#leadAgency').scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, -250)');
    await screenshotView(panel, 'view-pitstop-decision-inline-error');

    await page.locator('#leadAgency').selectOption('education');
    // Early help is consensual: the family's consent is recorded with it.
    await page.locator('#earlyHelpConsent').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Decision recorded');
    await checkPage(panel, 'pitstop-decision-recorded');
    await signOut(panel);

    const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(c.body.stage).toBe('awaiting_authorisation');
    expect(c.body.decisions[0]).toMatchObject({
      levelOfNeed: 2,
      outcome: 'early_help',
      leadAgency: 'education',
      factors: ['3B'],
      attendees: [
        { name: 'Dev Panel Chair', agency: 'childrens_social_care' },
        { name: 'Test Designated Safeguarding Lead', agency: 'education' },
      ],
      partnerActions: [{ kind: 'notify_school', agency: 'education' }],
      proposedBy: 'education',
      recordedBy: { id: 'dev-panel-chair', role: 'panel_member' },
    });
  });

  it('a manager authorises it from the authorisation queue', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    expect(page.url()).toContain('/queues/awaiting-authorisation');
    await checkPage(mgr, 'manager-awaiting-authorisation');
    await page.locator('.govuk-summary-card', { hasText: caseId }).getByRole('link', { name: /Review/ }).click();
    await checkPage(mgr, 'manager-case');
    await page.evaluate("document.getElementById('decisions').scrollIntoView()");
    await screenshotView(mgr, 'view-manager-authorise');
    await page.getByLabel('Authorise the decision').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Decision authorised');
    await signOut(mgr);
  });

  it('the school accepts the lead, and the case closes', async () => {
    const school = await signedIn(browser, stack.baseUrl, 'dev-school-lead');
    const { page } = school;
    await checkPage(school, 'lead-agency-allocations');
    await page.locator('.govuk-summary-card', { hasText: caseId }).getByRole('link', { name: /Respond/ }).click();
    await checkPage(school, 'lead-agency-allocation');
    await page.getByLabel('Accept and name the lead professional').check();
    await page.getByLabel('Lead professional', { exact: true }).fill('Test Lead Professional');
    await page.getByLabel('Team or setting (optional)').fill('Example Juniors');
    await page.getByRole('button', { name: 'Send the response' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Allocation accepted');
    await signOut(school);

    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    await expect
      .poll(async () => {
        await mgr.page.goto(`/cases/${caseId}`);
        return mgr.page.locator('.pitstop-tags').innerText();
      }, { timeout: 20_000 })
      .toContain('Closed');
    const timeline = await textOf(mgr.page.locator('.pitstop-timeline'));
    expect(timeline).toContain('Case closed');
    expect(timeline).toContain('Allocation accepted');
    await checkPage(mgr, 'manager-case-closed');
    await signOut(mgr);
  });
});

describe('the keyboard alone', () => {
  it('completes the decision form', async () => {
    const { caseId, meetingDate } = await submitted();
    const panel = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = panel;
    await page.goto(`/pitstop/register?date=${meetingDate}`);
    await page.locator('#name-1').fill('Test Health Visitor');
    await page.locator('#agency-1').selectOption('health');
    await page.getByRole('button', { name: 'Save the register' }).click();
    await page.goto(`/pitstop/cases/${caseId}?date=${meetingDate}`);

    const focused = () => focusedId(page);
    /** Tab until the element with this id has the focus, as a keyboard user does. */
    async function tabTo(id: string) {
      for (let i = 0; i < 400; i++) {
        if ((await focused()) === id) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached #${id}`);
    }
    // Level of need 1: the first radio of the group; Space chooses it.
    await tabTo('levelOfNeed');
    await page.keyboard.press('Space');
    // Outcome: arrow keys move the choice within a radio group.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('outcome');
    await page.keyboard.press('ArrowDown'); // information and signposting
    // A select: the arrow key moves to the first agency at the meeting.
    await tabTo('proposedBy');
    await page.keyboard.press('ArrowDown');
    // The factors' first group is folded: Enter on its summary opens it.
    for (let i = 0; i < 400; i++) {
      if ((await focusedText(page)) === 'Alcohol and drug misuse') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await tabTo('factors-4'); // 2A drug misuse: child
    await page.keyboard.press('Space');
    await tabTo('rationale');
    await page.keyboard.type('Universal needs are met; the family is signposted to the domestic abuse helpline.');
    // On to the button, and Enter sends the form.
    for (let i = 0; i < 400; i++) {
      if ((await focusedText(page)) === 'Record the decision') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Decision recorded');

    const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(c.body.decisions.at(-1)).toMatchObject({ levelOfNeed: 1, outcome: 'information_and_signposting', factors: ['2A'], proposedBy: 'childrens_social_care' });
    await signOut(panel);
  });
});
