// The browser tests' toolkit: Debian's Chromium driven by playwright-core (one browser per
// test file), axe-core on every page, a screenshot of every page, and a check that no
// page breaks its Content-Security-Policy.
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { projectRoot } from '../../infra/servers.js';
import { syntheticPersonById } from '../../shared/synthetic-people.js';

export const screenshotsDir = join(projectRoot, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen so far. */
  problems: string[];
}

/**
 * A person at their own browser (own cookies), signed in through the identity provider's
 * login page (the suite's embedded provider: choose the person, sign in) and back on the
 * pages; with no `userId`, not signed in (on the signed-out page).
 */
export async function signedIn(browser: Browser, baseUrl: string, userId: string | undefined): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A page answering 400, 403 or 404 on purpose (refused input, refused access) is
    // reported by Chromium as a failed load of the document itself: not a problem.
    if (m.text().startsWith('Failed to load resource') && m.location().url.split('#')[0] === page.url().split('#')[0]) return;
    problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  if (userId) {
    await page.goto('/sign-in');
    await signInAtProviderPage(page, userId);
    await page.waitForURL((u) => u.href.startsWith(baseUrl));
    await page.waitForLoadState();
  } else {
    await page.goto('/signed-out');
  }
  return { context, page, problems };
}

/** On the provider's login page: choose the person, sign in. */
export async function signInAtProviderPage(page: Page, userId: string) {
  await page.getByRole('radio', { name: new RegExp(`^${personName(userId)} –`) }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs out (the header's button, or "Sign out everywhere"), confirming at the provider; ends on /signed-out. */
export async function signOutAtProvider(person: Person, everywhere = false) {
  const { page } = person;
  await page.getByRole('button', { name: everywhere ? 'Sign out everywhere' : 'Sign out', exact: true }).click();
  // The provider's own sign-out page (RP-initiated logout) asks once.
  await page.waitForURL('**/session/end**');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/signed-out');
}

const personName = (id: string) => syntheticPersonById(id)?.name ?? id;

/**
 * The page as a person meets it: axe-core finds no serious or critical violation, nothing
 * broke the CSP or threw, and a screenshot is kept. axe is run through the DevTools
 * protocol (page.evaluate), which the page's CSP does not block; the page itself is not
 * changed to allow it.
 */
export async function checkPage(person: Person, name: string) {
  const { page } = person;
  await page.waitForLoadState('load');
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
  await page.evaluate(axe.source);
  // Strings are evaluated in the page (these tests are compiled without the DOM's types).
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as axe.AxeResults;
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !knownDesignSystemIssue(v.id, n)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious, `axe on ${name}`).toEqual([]);
  expect(person.problems, `console errors on ${name}`).toEqual([]);
}

/**
 * GOV.UK Frontend puts aria-expanded on a radio that reveals a conditional question. axe
 * reports it (ARIA allows it on the group, not the radio); the Design System keeps it on
 * purpose because screen readers announce it, and lists it as a known issue
 * (alphagov/govuk-frontend#979). Only that exact finding is let through.
 */
function knownDesignSystemIssue(rule: string, node: axe.NodeResult): boolean {
  return (
    rule === 'aria-allowed-attr' &&
    /aria-expanded/.test(node.failureSummary ?? '') &&
    !/aria-(?!expanded)[a-z]+=/.test(node.failureSummary ?? '') &&
    /class="govuk-radios__input"/.test(node.html)
  );
}

/** What is on screen now (not the whole page): for the README's pictures of long pages. */
export async function screenshotView(person: Person, name: string) {
  mkdirSync(screenshotsDir, { recursive: true });
  await person.page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
}

export async function signOut(person: Person) {
  await person.context.close();
}

/** The id of the element with the focus, and whether it has a class. */
export const focusedId = (page: Page) => page.evaluate("document.activeElement ? document.activeElement.id : ''") as Promise<string>;
export const focusedHasClass = (page: Page, cls: string) =>
  page.evaluate(`!!document.activeElement && document.activeElement.classList.contains(${JSON.stringify(cls)})`) as Promise<boolean>;
export const focusedText = (page: Page) =>
  page.evaluate("document.activeElement ? (document.activeElement.textContent || '').trim() : ''") as Promise<string>;
