// A real meeting's agenda in Chromium: twenty cases on one compact table, each row naming
// the children and their ages, the rating, the time left to the nearest deadline and the
// partner information in; and the pages reflowing at 320 CSS px (WCAG 1.4.10: nothing
// scrolls sideways, the case page's children table included).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';
import { notification } from './notifications.js';
import { checkPage, launchBrowser, signedIn, signOut } from './support.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const SHOTS = process.env.PITSTOP_SCREENSHOTS_DIR ?? '/tmp';

const families = ['Ashby', 'Brook', 'Carter', 'Dale', 'Ellis', 'Fenwick', 'Garside', 'Holt', 'Irving', 'Jessop'];
const given = ['Mia', 'Leo', 'Ava', 'Noah', 'Isla', 'Theo', 'Ruby', 'Alfie', 'Maya', 'Finn'];

/** Twenty families' notifications at once, graded high, medium or standard in turn. */
async function twentyCases(): Promise<{ caseIds: string[]; meetingDate: string }> {
  const caseIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const grading = ['high', 'medium', 'standard'][i % 3];
    const family = `${families[i % 10]}${i >= 10 ? 'son' : ''}`;
    const r = await call('POST', '/api/v1/notifications', {
      apiKey: testAuth.policeApiKeys.HUM,
      body: notification((n) => {
        n.riskGrading = grading;
        n.dash = { riskLevel: grading, score: grading === 'high' ? 15 : 5 };
        n.children = n.children.slice(0, 1 + (i % 3)).concat(i % 3 === 2 ? [{ ...n.children[0], givenName: 'Baby', dateOfBirth: '2026-06-01' }] : []);
        n.children = n.children.map((c: any, k: number) => ({ ...c, familyName: family, givenName: k === 0 ? given[i % 10] : c.givenName }));
        n.adults = n.adults.map((a: any) => ({ ...a, familyName: family }));
      }),
    });
    expect(r.status).toBe(202);
    caseIds.push(r.body.caseId);
  }
  const cases = await Promise.all(
    caseIds.map((id) =>
      eventually(async () => {
        const c = (await call('GET', `/api/v1/cases/${id}`, { token: manager })).body;
        return c?.stage === 'awaiting_decision' && c.meeting ? c : undefined;
      }, 60_000, 'intake'),
    ),
  );
  // Red is planned for the meeting that can decide it in time: the cases on the busiest meeting are the agenda looked at.
  const dates = cases.map((c) => c.meeting.date as string);
  const meetingDate = [...new Set(dates)].sort((a, b) => dates.filter((d) => d === b).length - dates.filter((d) => d === a).length)[0];
  return { caseIds: caseIds.filter((_, i) => dates[i] === meetingDate), meetingDate };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack('browser-agenda'), launchBrowser()]);
  call = http(stack.baseUrl);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** How far the page is wider than its window: 0 when nothing scrolls sideways. */
async function sidewaysOverflow(p: import('playwright-core').Page): Promise<number> {
  const over = (await p.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  if (over > 0) {
    // Name what sticks out, so a failure says where to look.
    const wide = await p.evaluate(
      "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(-5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
    );
    console.log(`wider than ${p.viewportSize()?.width}px at ${p.url()}:`, wide);
  }
  return over;
}

describe('the agenda of a real meeting', () => {
  let caseIds: string[];
  let meetingDate: string;
  beforeAll(async () => {
    ({ caseIds, meetingDate } = await twentyCases());
  }, 180_000);

  it('lists twenty cases on a compact table, red first, each row naming the children', async () => {
    const chair = await signedIn(browser, stack.baseUrl, 'dev-panel-chair');
    const { page } = chair;
    await page.goto(`/pitstop?date=${meetingDate}`);
    await checkPage(chair, 'pitstop-agenda-20');
    await page.screenshot({ path: `${SHOTS}/pitstop-agenda-20.png`, fullPage: true });
    const rows = page.locator('#agenda tbody tr');
    expect(await rows.count()).toBe(caseIds.length);
    expect(caseIds.length).toBeGreaterThanOrEqual(13);
    for (const id of caseIds) expect(await page.locator('#agenda tbody tr', { hasText: id }).count()).toBe(1);
    // Red first (a red received after the agenda's cut-off is on today's meeting, the others
    // on the next: which meeting has reds depends on the hour); each row names its children
    // and ages, its rating and the time left to its nearest deadline.
    const red = await rows.evaluateAll((trs) => trs.map((tr) => (tr.textContent ?? '').includes('Red rating')));
    const firstOther = red.indexOf(false);
    expect(firstOther === -1 || red.lastIndexOf(true) < firstOther, `rows red: ${red}`).toBe(true);
    const row = page.locator('#agenda tbody tr', { hasText: 'Ava Carter (' });
    expect(await row.innerText()).toMatch(/Ava Carter \(\d+ years\), Eli Carter \(\d+ years\), Baby Carter \(\d+ months\)/);
    expect(await row.innerText()).toMatch(/(left|Overdue)\s+(Decision|Statutory backstop), /);
    expect(await row.innerText()).toMatch(/\d of \d in|None requested/);
    // Twenty cases in about two screens, not eleven.
    const height = (await page.evaluate('document.querySelector("#agenda").getBoundingClientRect().height')) as number;
    console.log(`agenda table: ${Math.round(height)} px for ${await rows.count()} cases`);
    expect(height).toBeLessThan(20 * 140);

    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`/pitstop?date=${meetingDate}`);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/pitstop-agenda-320.png`, fullPage: false });
    await signOut(chair);
  });

  it('reflows the case page at 320 px: the children table stacks, nothing scrolls sideways', async () => {
    const mgr = await signedIn(browser, stack.baseUrl, 'dev-front-door-manager');
    const { page } = mgr;
    await page.setViewportSize({ width: 320, height: 640 });
    const carter = (await (await call('GET', `/api/v1/cases?pageSize=100`, { token: manager })).body.items).find((i: any) => i.aboutChildren.some((c: any) => c.familyName === 'Carter'));
    await page.goto(`/cases/${carter.caseId}`);
    await checkPage(mgr, 'case-320');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // Each cell says which column it is.
    const cell = page.locator('table.pitstop-table--stack td[data-label="Lives at the address"]').first();
    expect(await cell.isVisible()).toBe(true);
    await page.locator('h3', { hasText: 'Children' }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/case-320.png`, fullPage: true });
    // The household of the case's first child, and that child's chronology, at 320 px too.
    const child = await page.locator('a[href^="/people/CH-"]').first().getAttribute('href');
    await page.goto(child!.replace('/contacts', '/household'));
    await checkPage(mgr, 'household-320');
    expect(await page.locator('h1').innerText()).toMatch(/Carter/);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/household-320.png`, fullPage: true });
    await page.goto(child!);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto('/queues/awaiting-authorisation');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto('/cases');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await signOut(mgr);
  });
});
