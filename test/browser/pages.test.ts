// The other pages and the refusals: sign-in and its redirect, a page refused for the
// wrong role, a case refused by the API shown as the same page (and audited), CSRF, a
// tampered session, the manager's return / rating / amendment / search, a declined
// allocation, the figures and the audit log. axe-core and a screenshot on each page.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, http, startStack, testAuth, testIssuer, tokenFor, type TestStack } from '../support/stack.js';
import { notification } from './notifications.js';
import { checkPage, focusedHasClass, launchBrowser, signedIn, signInAtProviderPage, signOut, signOutAtProvider } from './support.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care', { name: 'Test Panel Chair' });
const attendees = [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test DSL', agency: 'education' }];

async function textOf(l: Locator): Promise<string> {
  await l.first().waitFor();
  return l.first().innerText();
}

async function stageOf(caseId: string) {
  return (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body?.stage as string | undefined;
}

async function caseAt(stage: 'awaiting_decision' | 'awaiting_authorisation' | 'awaiting_allocation' | 'closed', decision?: object, changes?: (n: any) => void) {
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: notification(changes) });
  const caseId = r.body.caseId as string;
  await eventually(async () => (await stageOf(caseId)) === 'awaiting_decision', 20_000, 'intake');
  if (stage === 'awaiting_decision') return caseId;
  const d = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, attendees } });
  expect(d.status).toBe(200);
  if (stage === 'awaiting_authorisation') return caseId;
  expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
  await eventually(async () => (await stageOf(caseId)) === stage, 20_000, stage);
  return caseId;
}

const earlyHelpForEducation = {
  levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', factors: ['3B'], proposedBy: 'education', earlyHelpConsent: { status: 'given' },
  rationale: 'Emerging needs; the school is best placed to lead early help.',
  partnerActions: [{ kind: 'notify_school', agency: 'education' }],
};

let allocated: string; // awaiting acceptance by education
let proposed: string; // awaiting authorisation
let closed: string; // no further action, closed

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('browser-pages'), launchBrowser()]);
  call = http(stack.baseUrl);
  [allocated, proposed, closed] = await Promise.all([
    caseAt('awaiting_allocation', earlyHelpForEducation),
    caseAt('awaiting_authorisation', earlyHelpForEducation, (n) => (n.incident.location.postcode = 'DN17 0ZZ')),
    caseAt('closed', { levelOfNeed: 1, outcome: 'no_further_action', rationale: 'Needs met by universal services; nothing further is needed.', factors: ['21'], proposedBy: 'childrens_social_care' }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('signing in', () => {
  it('sends a person who is not signed in to the identity provider, then back to the page they asked for', async () => {
    const anon = await signedIn(browser, stack.baseUrl, undefined);
    const { page } = anon;
    await checkPage(anon, 'signed-out');
    await page.goto('/pitstop?date=2026-12-01');
    // The provider's own login page (authorization code flow with PKCE).
    expect(page.url().startsWith(`${testIssuer()}/interaction/`)).toBe(true);
    await signInAtProviderPage(page, 'dev-panel-chair');
    await page.waitForURL('**/pitstop?date=2026-12-01');
    // The session cookie: a random value (the session is kept server-side), HttpOnly, SameSite=Lax
    // (`__Host-` and Secure in production: test/e2e/web-sessions.test.ts).
    const cookie = (await anon.context.cookies()).find((c) => c.name === 'pitstop_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie!.value).toMatch(/^[\w-]{43}$/);
    // Signing out is a form (a POST with its CSRF token): it ends the session here and at the provider.
    await signOutAtProvider(anon);
    expect(await textOf(page.locator('h1'))).toContain('You have signed out');
    await page.goto('/pitstop');
    expect(page.url().startsWith(`${testIssuer()}/interaction/`)).toBe(true);
    await signOut(anon);
  });

  it('treats an unknown session cookie as no session', async () => {
    const anon = await signedIn(browser, stack.baseUrl, undefined);
    await anon.context.addCookies([{ name: 'pitstop_session', value: 'x'.repeat(43), url: stack.baseUrl }]);
    await anon.page.goto('/figures');
    expect(anon.page.url().startsWith(`${testIssuer()}/interaction/`)).toBe(true);
    await signOut(anon);
  });

  it('signs a person out of every browser at once', async () => {
    const [desk, laptop] = [await signedIn(browser, stack.baseUrl, 'dev-auditor'), await signedIn(browser, stack.baseUrl, 'dev-auditor')];
    await laptop.page.goto('/audit');
    expect(new URL(laptop.page.url()).pathname).toBe('/audit');
    const cookieOf = async (p: typeof laptop) => (await p.context.cookies()).find((c) => c.name === 'pitstop_session')?.value;
    const before = await cookieOf(laptop);
    await signOutAtProvider(desk, true);
    // The laptop's session is over: its next page goes through the provider again (which
    // may sign it straight back in while the provider's own session on that browser lasts).
    const redirects: string[] = [];
    laptop.page.on('request', (r) => redirects.push(r.url()));
    await laptop.page.goto('/audit');
    expect(redirects.some((u) => u.startsWith(`${testIssuer()}/`))).toBe(true);
    expect(await cookieOf(laptop)).not.toBe(before);
    await Promise.all([signOut(desk), signOut(laptop)]);
  });
});

describe('refusals', () => {
  it('refuses a page to a role that may not use it, with a plain 403 page', async () => {
    const health = await signedIn(browser, stack.baseUrl, 'dev-health-visitor');
    const r = await health.page.goto('/queues/awaiting-authorisation');
    expect(r?.status()).toBe(403);
    expect(await textOf(health.page.locator('h1'))).toBe('You do not have permission to see this page');
    await checkPage(health, 'refused-page');
    expect((await health.page.goto(`/cases/${allocated}`))?.status()).toBe(403);
    await signOut(health);
    const auditor = await signedIn(browser, stack.baseUrl, 'dev-auditor');
    expect((await auditor.page.goto('/pitstop'))?.status()).toBe(403);
    await signOut(auditor);
  });

  it("shows the API's refusal of a case as the same page, and the API audits it", async () => {
    // Allocated to education: social care's lead agency worker may not see it.
    const socialCare = await signedIn(browser, stack.baseUrl, 'dev-social-worker');
    const r = await socialCare.page.goto(`/allocations/${allocated}`);
    expect(r?.status()).toBe(403);
    expect(await textOf(socialCare.page.locator('main'))).toContain('not allocated to your agency');
    await checkPage(socialCare, 'refused-case');
    await signOut(socialCare);
    // A partner sees the cases that ask something of its agency: nothing is asked of housing here.
    const housing = await signedIn(browser, stack.baseUrl, 'dev-housing-officer');
    expect((await housing.page.goto(`/requests/${allocated}`))?.status()).toBe(403);
    const reason = await textOf(housing.page.locator('main'));
    expect(reason).toContain('no request, partner action or allocation');
    expect(reason).not.toContain('X-Reason');
    await signOut(housing);

    const auditLog = await call('GET', `/api/v1/audit?userId=dev-social-worker`, { token: tokenFor('auditor', 'front_door') });
    expect(auditLog.body.items).toContainEqual(expect.objectContaining({ action: 'access.refused', caseId: allocated, outcome: 403 }));
  });

  it('asks the refused reader for a reason; a token gesture is refused, a real reason reads the case, audited and listed for review', async () => {
    const housing = await signedIn(browser, stack.baseUrl, 'dev-housing-officer');
    const { page } = housing;
    expect((await page.goto(`/requests/${allocated}`))?.status()).toBe(403);
    await page.getByLabel('Why do you need to read this case?').fill('need it');
    const [short] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Read the case' }).click()]);
    expect(short.status()).toBe(400);
    expect(await textOf(page.locator('.govuk-error-message'))).toContain('at least 20 characters');
    await checkPage(housing, 'break-glass-form');
    const reason = 'The family applied to us as homeless this week; checking for risk before we place them.';
    await page.getByLabel('Why do you need to read this case?').fill(reason);
    const [read] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Read the case' }).click()]);
    expect(read.status()).toBe(200);
    expect(await textOf(page.locator('h1'))).toBe('Read beyond your need to know');
    expect(await textOf(page.locator('main'))).toContain('About the case');
    await signOut(housing);
    const listed = await call('GET', '/api/v1/break-glass', { token: tokenFor('auditor', 'front_door') });
    expect(listed.body.items).toContainEqual(expect.objectContaining({ action: 'case.read.beyond_need_to_know', caseId: allocated, reason, actor: expect.objectContaining({ id: 'dev-housing-officer' }) }));
    expect(listed.body.byPerson).toContainEqual(expect.objectContaining({ id: 'dev-housing-officer', reads: 1 }));
  });

  it('refuses a form sent without its CSRF token, and changes nothing', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.goto(`/cases/${proposed}`);
    await page.locator('form[action$="/authorisation"] input[name="_csrf"]').evaluate((el) => el.setAttribute('value', 'forged-token'));
    await page.getByLabel('Authorise the decision').check();
    const [answer] = await Promise.all([page.waitForResponse((res) => res.request().method() === 'POST'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(answer.status()).toBe(403);
    expect(await textOf(page.locator('h1'))).toBe('Your form could not be sent');
    await checkPage(mgr, 'refused-csrf');
    expect(await stageOf(proposed)).toBe('awaiting_authorisation');
    await signOut(mgr);
  });
});

describe("the manager's pages", () => {
  it('returns a decision to the panel with comments (refused without them)', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.goto(`/cases/${proposed}`);
    await page.getByLabel('Return it to the panel with comments').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter your comments for the panel');
    expect(await focusedHasClass(page, 'govuk-error-summary')).toBe(true);
    await checkPage(mgr, 'manager-return-refused');
    await page.getByLabel('Comments for the panel').fill('The rationale does not say what the school already knows. Please reconsider with education present.');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Decision returned to the panel');
    expect(await stageOf(proposed)).toBe('awaiting_decision');

    // The rating, changed with a reason.
    await page.goto(`/cases/${proposed}`);
    await page.getByRole('link', { name: /Change\s+the rating/ }).click();
    await checkPage(mgr, 'manager-rating');
    await page.getByLabel('Red').check();
    await page.getByRole('button', { name: 'Change the rating' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter the reason for changing the rating');
    await page.getByLabel('Reason for the change').fill('A third incident reported by the school this week.');
    await page.getByRole('button', { name: 'Change the rating' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Rating changed');
    expect(await textOf(page.locator('.pitstop-tags'))).toContain('Red rating');
    await signOut(mgr);

    // The panel sees the manager's comments where it decides.
    const chair = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const c = (await call('GET', `/api/v1/cases/${proposed}`, { token: manager })).body;
    await chair.page.goto(`/pitstop/cases/${proposed}?date=${c.meeting.date}`);
    expect(await textOf(chair.page.locator('#decision ~ .govuk-inset-text'))).toContain('Please reconsider with education present');
    await signOut(chair);
  });

  it('amends an authorised decision with a reason', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.goto(`/cases/${allocated}`);
    await page.getByRole('link', { name: /Amend/ }).click();
    await checkPage(mgr, 'manager-amend');
    expect(await page.getByLabel('Early help with a named lead agency').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Amend the decision' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter the reason for the amendment');
    await page.getByLabel('Reason for the amendment').fill('Health visiting is the better lead for the younger child.');
    await page.locator('#leadAgency').selectOption('health');
    await page.getByRole('button', { name: 'Amend the decision' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Decision amended');
    const c = (await call('GET', `/api/v1/cases/${allocated}`, { token: manager })).body;
    expect(c.decisions.map((d: { status: string }) => d.status)).toEqual(['superseded', 'authorised']);
    expect(c.decisions[1]).toMatchObject({ leadAgency: 'health', amendmentReason: 'Health visiting is the better lead for the younger child.', decidedBy: 'manager' });
    await signOut(mgr);
  });

  it('finds cases by filters and by police reference', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.goto('/cases');
    await page.getByLabel('Stage').selectOption('closed');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await textOf(page.locator('main h2').nth(2))).toBe('1 case received in the last 90 days');
    await checkPage(mgr, 'manager-case-search');
    // A wider period is asked of the API as its start, and kept on the form.
    await page.getByLabel('Received').selectOption('3y');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await textOf(page.locator('main h2').nth(2))).toBe('1 case received in the last 3 years');
    expect(await page.getByLabel('Received').inputValue()).toBe('3y');
    await page.goto('/cases?postcodeDistrict=NOT+A+DISTRICT');
    expect(await textOf(page.locator('#postcodeDistrict-error'))).toContain('Postcode district');

    const reference = (await call('GET', `/api/v1/cases/${closed}`, { token: manager })).body.policeReference;
    await page.goto('/cases');
    await page.getByLabel('Police reference').fill(reference.toLowerCase());
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(`**/cases/${closed}`);
    await checkPage(mgr, 'manager-case-by-reference');
    const notFound = await page.goto('/cases/by-reference?force=HUM&reference=HUM-00-NOTHING');
    expect(notFound?.status()).toBe(404);
    expect(await textOf(page.locator('#reference-error'))).toContain('No case has police reference HUM-00-NOTHING');
    await signOut(mgr);
  });

  it('shows the breached queue and the figures, each chart with a table', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.goto('/queues/breached');
    await checkPage(mgr, 'manager-breached');
    await page.goto('/figures');
    expect(await page.locator('svg.pitstop-chart').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('figure details table').count()).toBe(await page.locator('svg.pitstop-chart').count());
    expect(await textOf(page.locator('.govuk-summary-list'))).toContain('Contacts received');
    await checkPage(mgr, 'manager-figures');
    await page.goto('/figures?weeks=4');
    expect(await page.locator('svg.pitstop-chart').first().locator('rect, text').count()).toBeGreaterThan(4);
    await signOut(mgr);
  });
});

describe("a child's chronology", () => {
  it('links the earlier contacts and each child to every contact about them', async () => {
    const caseId = await caseAt('awaiting_decision');
    const c = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;
    expect(c.earlierContacts.length).toBeGreaterThanOrEqual(3);
    const chair = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = chair;
    await page.goto(`/pitstop/cases/${caseId}?date=${c.meeting.date}`);
    expect(await page.locator('#earlier-contacts ~ table').first().locator('tbody tr').count()).toBe(c.earlierContacts.length);
    await page.getByRole('link', { name: /Noor Webtest/ }).click();
    await page.waitForURL('**/people/CH-*/contacts');
    expect(await textOf(page.locator('h1'))).toBe('Noor Webtest');
    expect(await page.locator('tbody tr').count()).toBe(c.earlierContacts.length + 1);
    await checkPage(chair, 'chronology');
    const chronologyUrl = page.url();
    await signOut(chair);
    const health = await signedIn(browser, stack.baseUrl, 'dev-health-visitor');
    expect((await health.page.goto(chronologyUrl))?.status()).toBe(403);
    await signOut(health);
  });
});

describe('the lead agency and the auditor', () => {
  it('a lead agency declines an allocation with a reason', async () => {
    const caseId = await caseAt('awaiting_allocation', earlyHelpForEducation);
    const school = await signedIn(browser, stack.baseUrl, 'dev-school-lead');
    const { page } = school;
    await page.goto(`/allocations/${caseId}`);
    await page.getByLabel('Decline, with a reason').check();
    await page.getByRole('button', { name: 'Send the response' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter why your agency declines the allocation');
    await checkPage(school, 'lead-agency-decline-refused');
    await page.getByLabel('Why your agency declines').fill('The child has left the school roll this week.');
    await page.getByRole('button', { name: 'Send the response' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Allocation declined');
    expect(await stageOf(caseId)).toBe('awaiting_decision');
    await signOut(school);
  });

  it("children's social care accepts an s47 allocation and records the strategy discussion, then the conference", async () => {
    const caseId = await caseAt('awaiting_allocation', {
      levelOfNeed: 4, outcome: 'strategy_discussion_s47', factors: ['3B', '18C'], proposedBy: 'childrens_social_care',
      rationale: 'Reasonable cause to suspect significant harm: the younger child was injured during the incident.',
    });
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    await mgr.page.goto('/queues/strategy-discussions');
    expect(await textOf(mgr.page.locator('main'))).toContain(caseId);
    await checkPage(mgr, 'manager-strategy-discussions');
    await signOut(mgr);

    const socialCare = await signedIn(browser, stack.baseUrl, 'dev-social-worker');
    const { page } = socialCare;
    await page.locator('.govuk-summary-card', { hasText: caseId }).getByRole('link', { name: /Respond/ }).click();
    await page.getByLabel('Accept and name the lead professional').check();
    await page.getByLabel('Lead professional', { exact: true }).fill('Test Social Worker');
    await page.getByRole('button', { name: 'Send the response' }).click();
    // Straight on to the strategy discussion, which this agency records once held.
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Record the strategy discussion');
    await page.getByRole('button', { name: 'Record the strategy discussion' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter when the strategy discussion was held');
    await checkPage(socialCare, 'lead-agency-strategy-discussion-refused');
    // Held after the decision to hold one was authorised: a day before is refused.
    const fillHeld = async (at: Date) => {
      const [day, month, year, hour, minute] = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      }).formatToParts(at).filter((p) => p.type !== 'literal').map((p) => p.value);
      await page.locator('[name="heldAt-day"]').fill(day);
      await page.locator('[name="heldAt-month"]').fill(month);
      await page.locator('[name="heldAt-year"]').fill(year);
      await page.locator('[name="heldAtTime"]').fill(`${hour}:${minute}`);
    };
    await fillHeld(new Date(Date.now() - 24 * 3600_000));
    await page.getByRole('button', { name: 'Record the strategy discussion' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toMatch(/at least two agencies/);
    for (const agency of ["Children's social care", 'Health']) await page.getByLabel(agency, { exact: true }).check();
    await page.getByLabel('Section 47 enquiry', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the strategy discussion' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toMatch(/children's social care and the police/);
    await page.getByLabel('Police', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the strategy discussion' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toMatch(/held after the decision to hold one was authorised/);
    await fillHeld(new Date());
    await page.getByRole('button', { name: 'Record the strategy discussion' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Strategy discussion recorded');
    expect(await textOf(page.locator('main'))).toContain('a section 47 enquiry follows, the initial child protection conference due by');
    const c = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;
    expect(c.strategyDiscussion).toMatchObject({ recordedBy: { id: 'dev-social-worker' }, outcome: 's47_enquiry' });
    expect(c.strategyDiscussion.conferenceDueAt).toBeDefined();
    expect([...c.strategyDiscussion.agencies].sort()).toEqual(['childrens_social_care', 'health', 'police']);
    // The s47 enquiry then waits for the initial child protection conference, recorded on the same page.
    expect(c.stage).toBe('awaiting_conference');
    await page.getByRole('button', { name: 'Record the conference' }).click();
    expect(await textOf(page.locator('.govuk-error-summary'))).toContain('Enter when the conference was held');
    await checkPage(socialCare, 'lead-agency-conference-refused');
    await fillHeld(new Date());
    await page.getByLabel('Child protection plan', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the conference' }).click();
    expect(await textOf(page.locator('.govuk-notification-banner--success'))).toContain('Child protection conference recorded');
    expect(await textOf(page.locator('main'))).toContain('The initial child protection conference was held');
    expect((await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.conference).toMatchObject({ outcome: 'child_protection_plan', late: false, recordedBy: { id: 'dev-social-worker' } });
    await signOut(socialCare);
  });

  it('the auditor reads the log by case and by user', async () => {
    const auditor = await signedIn(browser, stack.baseUrl, 'dev-auditor');
    const { page } = auditor;
    expect(new URL(page.url()).pathname).toBe('/audit');
    await checkPage(auditor, 'auditor-log');
    await page.getByLabel('Case').fill(allocated);
    await page.getByRole('button', { name: 'Show entries' }).click();
    const table = await textOf(page.locator('table'));
    expect(table).toContain('Decision amended');
    expect(table).toContain('Refused 403');
    await checkPage(auditor, 'auditor-log-case');
    await page.goto('/audit?userId=dev-social-worker');
    expect(await textOf(page.locator('table'))).toContain('Access refused');
    await page.goto('/audit?caseId=nonsense');
    expect(await textOf(page.locator('#caseId-error'))).toContain('Case must be a case id');
    await signOut(auditor);
  });

  it('answers a browser with a page for an unknown address, and API clients with problem+json', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    expect((await mgr.page.goto('/no-such-page'))?.status()).toBe(404);
    expect(await textOf(mgr.page.locator('h1'))).toBe('Page not found');
    await checkPage(mgr, 'not-found');
    await signOut(mgr);
    const api = await call('GET', '/no-such-page');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
