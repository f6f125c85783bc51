// The people in the records and the returns, through the real stack: a child's ethnicity
// given on a notification (optional: the shipped examples, with none, still go in), NOBT
// until recorded, given on the referral page, recorded by the front door (a correction,
// audited); Ofsted's Annex A
// List 1 and List 3 as workbooks read back with exceljs (columns and codings) and as CSV,
// each audited as a disclosure with the period and why; the disclosures about a child;
// a subject access export for a child and an adult, redacted; legal holds placed and lifted.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { list1Columns, list3Columns } from '../../shared/annex-a.js';
import { localDate } from '../../shared/working-time.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const auditor = tokenFor('auditor', 'front_door');
const partner = tokenFor('partner_practitioner', 'health');
const reason = 'Ofsted inspection: the Annex A lists asked for.';
let caseId = '';
let children: { personId: string; ethnicity: string }[] = [];
let adultId = '';
let today = '';

beforeAll(async () => {
  stack = await startStack('people-rights');
  call = http(stack.baseUrl);
  today = localDate(Date.now(), stack.policy.calendar.timeZone);
  const r = await call('POST', '/api/v1/notifications', {
    apiKey: testAuth.policeApiKeys.HUM,
    // A family of its own (the shipped examples below name the examples' family).
    body: freshNotification((n) => {
      n.children[0].ethnicity = 'WBRI';
      for (const p of [...n.children, ...n.adults]) p.familyName = 'Annexrights';
    }),
  });
  expect(r.status).toBe(202);
  caseId = r.body.caseId;
  await eventually(async () => (await stack.store.readContact<{ stage: string }>(caseId, { stage: 1 }))?.stage === 'awaiting_decision', 20_000, 'intake');
  const decided = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { levelOfNeed: 4, outcome: 'social_care_assessment_s17', factors: ['3A', '4B'], ...jointly } });
  expect(decided.status).toBe(200);
  expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
  await eventually(async () => (await stack.store.readReferral<{ referredAt: Date }>(caseId, { referredAt: 1 })) ?? false, 20_000, 'the referral');
  adultId = (await stack.store.readContact<{ adultPersonIds: string[] }>(caseId, { adultPersonIds: 1 }))!.adultPersonIds[0];
}, 120_000);
afterAll(async () => stack?.stop());

const workbook = async (path: string, token: string) => {
  const res = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, header: rows[0], rows: rows.slice(1) };
};

describe('ethnicity', () => {
  it('is optional on input: the shipped examples go in unchanged', async () => {
    for (const file of ['police-notification.json', 'police-notification-missing-child.json']) {
      const n = JSON.parse(readFileSync(new URL(`../../../shared/examples/${file}`, import.meta.url), 'utf8'));
      n.policeReference = `${n.policeReference}-ETH${Date.now().toString(36)}`.toUpperCase().slice(0, 40);
      expect((await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n })).status).toBe(202);
    }
    const bad = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification((n) => (n.children[0].ethnicity = 'WHITE')) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.children.0.ethnicity');
  });

  it('stands on the case as given, NOBT until recorded; the front door records it, audited', async () => {
    const before = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    children = before.body.children;
    expect(children.map((c) => c.ethnicity)).toEqual(['WBRI', 'NOBT']);
    const path = `/api/v1/people/${children[1].personId}/rectifications`;
    expect((await call('POST', path, { token: auditor, body: { field: 'ethnicity', value: 'MWBA', reason: 'Told by the parent at the visit.' } })).status).toBe(403);
    const noReason = await call('POST', path, { token: panel, body: { field: 'ethnicity', value: 'MWBA' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('body.reason');
    const done = await call('POST', path, { token: panel, body: { field: 'ethnicity', value: 'MWBA', reason: 'Told by the parent at the visit.' } });
    expect(done.status).toBe(201);
    expect(done.body.details.ethnicity).toBe('MWBA');
    expect(done.body.rectifications).toHaveLength(1);
    const after = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(after.body.children.map((c: { ethnicity: string }) => c.ethnicity)).toEqual(['WBRI', 'MWBA']);
    const trail = await call('GET', `/api/v1/audit?caseId=${caseId}`, { token: auditor });
    expect(trail.body.items.find((e: { action: string }) => e.action === 'person.rectify')).toMatchObject({ reason: 'ethnicity: Told by the parent at the visit.' });
  });
});

describe('Annex A', () => {
  it('List 1 opens as a workbook with Ofsted\'s columns and codings, one row per child', async () => {
    const list = await workbook(`/api/v1/returns/annex-a/list-1?from=${today}&to=${today}&reason=${encodeURIComponent(reason)}`, manager);
    expect(list.name).toBe('List 1 - Contacts');
    expect(list.header).toEqual([...list1Columns]);
    const ours = list.rows.filter((r) => children.some((c) => c.personId === r[0]));
    const [d, m, y] = [today.slice(8, 10), today.slice(5, 7), today.slice(0, 4)];
    expect(ours).toEqual([
      [children[0].personId, 'b) Female', 'a) WBRI', '14/03/2017', expect.any(Number), `${d}/${m}/${y}`, 'q) 6: Police'],
      [children[1].personId, 'a) Male', 'g) MWBA', '02/08/2022', expect.any(Number), `${d}/${m}/${y}`, 'q) 6: Police'],
    ]);
    // Every row of the list: gender, ethnicity, date and source never blank.
    for (const r of list.rows) {
      for (const i of [1, 2, 6]) expect(String(r[i])).toMatch(/^[a-z]\) \S/);
      expect(String(r[5])).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    }
  });

  it('List 3 holds the referrals, with the CIN census fields, as a workbook and as CSV', async () => {
    const list = await workbook(`/api/v1/returns/annex-a/list-3?from=${today}&to=${today}&format=xlsx&reason=${encodeURIComponent(reason)}`, auditor);
    expect(list.name).toBe('List 3 - Referrals');
    expect(list.header).toEqual([...list3Columns]);
    const row = list.rows.find((r) => r[0] === children[0].personId)!;
    expect(row.slice(1, 3)).toEqual(['b) Female', 'a) WBRI']);
    expect(row.slice(6, 9)).toEqual(['q) 6: Police', 'b) No', 1]);
    expect(row.slice(11)).toEqual(['6', today, 0, '3A,4B']);
    const csv = await call('GET', `/api/v1/returns/annex-a/list-3?from=${today}&to=${today}&format=csv&reason=${encodeURIComponent(reason)}`, { token: manager });
    expect(csv.status).toBe(200);
    expect(String(csv.body).split('\r\n')[0]).toBe(list3Columns.map((c) => `"${c}"`).join(','));
  });

  it('is for managers and auditors, with a reason, and each export is a disclosure in the trail of each case named', async () => {
    expect((await call('GET', `/api/v1/returns/annex-a/list-1?from=${today}&to=${today}&reason=${encodeURIComponent(reason)}`, { token: partner })).status).toBe(403);
    const noReason = await call('GET', `/api/v1/returns/annex-a/list-1?from=${today}&to=${today}`, { token: manager });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('query.reason');
    const trail = await call('GET', `/api/v1/audit?caseId=${caseId}`, { token: auditor });
    const disclosures = trail.body.items.filter((e: { action: string }) => e.action === 'disclosure.annex_a');
    expect(disclosures.length).toBeGreaterThanOrEqual(3);
    expect(disclosures[0].reason).toContain(`contacts received ${today} to ${today}`);
    expect(disclosures[0].reason).toContain(reason);
  });
});

describe('the Annex A page', () => {
  it('downloads a list for an auditor, and brings a refused one back to the form with its error', async () => {
    const browser = await pagesSignedIn(stack.baseUrl, 'dev-auditor');
    const form = await browser.get('/returns/annex-a');
    expect(form.status).toBe(200);
    expect(form.html).toContain('Annex A returns');
    const q = new URLSearchParams({ list: 'list-1', from: today, to: today, format: 'csv', reason });
    const file = await browser.get(`/returns/annex-a/download?${q}`);
    expect(file.status).toBe(200);
    expect(file.html.split('\r\n')[0]).toBe(list1Columns.map((c) => `"${c}"`).join(','));
    const refused = await browser.get(`/returns/annex-a/download?${new URLSearchParams({ list: 'list-1', from: today, to: today, format: 'xlsx', reason: '' })}`);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#reason"');
    const partnerPages = await pagesSignedIn(stack.baseUrl, 'dev-health-visitor');
    expect((await partnerPages.get('/returns/annex-a')).status).toBe(403);
  });
});

describe('the people in the records', () => {
  it("reports every disclosure about a child", async () => {
    const report = await call('GET', `/api/v1/people/${children[0].personId}/disclosures`, { token: auditor });
    expect(report.status).toBe(200);
    expect(report.body.caseIds).toEqual([caseId]);
    expect(report.body.items.filter((e: { action: string }) => e.action === 'disclosure.annex_a').length).toBeGreaterThanOrEqual(3);
    expect((await call('GET', `/api/v1/people/${children[0].personId}/disclosures`, { token: panel })).status).toBe(403);
  });

  it('exports everything held about a child or an adult, redacted as configured, audited with why', async () => {
    const child = await call('GET', `/api/v1/people/${children[1].personId}/subject-access?reason=${encodeURIComponent('Subject access request from the parent.')}`, { token: auditor });
    expect(child.status).toBe(200);
    expect(child.body).toMatchObject({ kind: 'child', person: { givenName: 'Leo' }, redacted: expect.arrayContaining(['officer', 'referrer']) });
    expect(child.body.rectifications[0]).toMatchObject({ field: 'ethnicity', value: 'MWBA' });
    expect(child.body.contacts).toHaveLength(1);
    expect(child.body.contacts[0].notification.officer).toBe('[redacted]');
    expect(child.body.contacts[0].notification.children[1].givenName).toBe('Leo');
    const adult = await call('GET', `/api/v1/people/${adultId}/subject-access?redact=adults&reason=${encodeURIComponent('Subject access request from the mother.')}`, { token: manager });
    expect(adult.status).toBe(200);
    expect(adult.body.kind).toBe('adult');
    expect(adult.body.contacts.map((c: { _id: string }) => c._id)).toEqual([caseId]);
    expect(adult.body.contacts[0].notification.adults).toBe('[redacted]');
    // Withholding the children withholds their names: no copy kept for lists goes beside them.
    const withheld = await call('GET', `/api/v1/people/${adultId}/subject-access?redact=children&reason=${encodeURIComponent('Subject access request from the father.')}`, { token: manager });
    expect(withheld.body.contacts[0].notification.children).toBe('[redacted]');
    expect(JSON.stringify(withheld.body.contacts)).not.toContain('"Leo"');
    // The export is itself a disclosure about them.
    const report = await call('GET', `/api/v1/people/${adultId}/disclosures`, { token: auditor });
    expect(report.body.items.some((e: { action: string }) => e.action === 'person.subject_access')).toBe(true);
    expect((await call('GET', `/api/v1/people/${adultId}/subject-access`, { token: manager })).status).toBe(400);
  });

  it('places and lifts legal holds, audited', async () => {
    const path = `/api/v1/legal-holds/case/${caseId}`;
    expect((await call('POST', path, { token: panel, body: { reason: 'Litigation: a claim is brought.' } })).status).toBe(403);
    const placed = await call('POST', path, { token: auditor, body: { reason: 'Litigation: a claim is brought.' } });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ scope: 'case', id: caseId, held: true, reason: 'Litigation: a claim is brought.' });
    expect(await stack.store.readLegalHold('case', caseId)).not.toBeNull();
    const person = await call('POST', `/api/v1/legal-holds/person/${adultId}`, { token: manager, body: { reason: 'Subject access request in hand.' } });
    expect(person.body.held).toBe(true);
    expect((await call('POST', `${path}/lift`, { token: manager, body: { reason: 'The claim is settled.' } })).body.held).toBe(false);
    expect((await call('GET', path, { token: manager })).body.held).toBe(false);
    expect((await call('POST', `/api/v1/legal-holds/case/not-a-case`, { token: manager, body: { reason: 'Litigation: a claim is brought.' } })).status).toBe(400);
    const trail = await call('GET', `/api/v1/audit?caseId=${caseId}`, { token: auditor });
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['legal_hold.place', 'legal_hold.lift']));
  });
});

describe('ethnicity on the pages', () => {
  it("shows each child's ethnicity on the case, and a manager records it on a form with why", async () => {
    const pages = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    const page = await pages.get(`/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('WBRI White British');
    expect(page.html).toContain('MWBA White and Black African');
    const formPath = `/cases/${caseId}/children/${children[0].personId}/ethnicity`;
    expect(page.html).toContain(`href="${formPath}"`);
    const form = await pages.get(formPath);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Ethnicity of');
    // No reason: back at the form, the error at its field.
    const refused = await pages.post(formPath, { ethnicity: 'WIRI', reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#reason"');
    const done = await pages.post(formPath, { ethnicity: 'WIRI', reason: 'Corrected: the family are Irish, told at the visit.' });
    expect(done.status).toBe(303);
    expect(done.location).toContain(`/cases/${caseId}?done=ethnicity`);
    expect((await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.children[0].ethnicity).toBe('WIRI');
    expect((await pages.get(`/cases/${caseId}`)).html).toContain('WIRI White Irish');
    // A partner's view of the case carries no ethnicity column, and the form is not theirs.
    const partnerPages = await pagesSignedIn(stack.baseUrl, 'dev-health-visitor');
    expect((await partnerPages.get(formPath)).status).toBe(403);
  });
});

describe('the rights pages', () => {
  it('downloads a subject access export for an auditor, with why, and lists the disclosures about the person', async () => {
    const pages = await pagesSignedIn(stack.baseUrl, 'dev-auditor');
    const personId = children[1].personId;
    const form = await pages.get(`/people/${personId}/subject-access`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Subject access export');
    const refused = await pages.get(`/people/${personId}/subject-access/download?reason=`);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#reason"');
    const file = await pages.get(`/people/${personId}/subject-access/download?${new URLSearchParams({ reason: 'Subject access request from the parent.', redact: 'adults' })}`);
    expect(file.status).toBe(200);
    const exported = JSON.parse(file.html);
    expect(exported).toMatchObject({ personId, kind: 'child', redacted: expect.arrayContaining(['adults']) });
    expect(exported.contacts[0].notification.adults).toBe('[redacted]');
    const report = await pages.get(`/people/${personId}/disclosures`);
    expect(report.status).toBe(200);
    expect(report.html).toContain('Subject access export');
    expect(report.html).toContain('Annex A list disclosed');
    expect(report.html).toContain('Subject access request from the parent.');
    // The panel makes no export.
    const panelPages = await pagesSignedIn(stack.baseUrl, 'dev-panel-chair');
    expect((await panelPages.get(`/people/${personId}/subject-access`)).status).toBe(403);
  });
});

describe('Annex A after a police update', () => {
  it("lists the children of the version in force, the added child's details from the update", async () => {
    const n = freshNotification((x) => {
      for (const p of [...x.children, ...x.adults]) p.familyName = 'Annexupdate';
    });
    const first = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n });
    expect(first.status).toBe(202);
    const updatedCase = first.body.caseId;
    await eventually(async () => (await stack.store.readContact<{ stage: string }>(updatedCase, { stage: 1 }))?.stage === 'awaiting_decision', 20_000, 'intake');
    const update = structuredClone(n);
    update.sentAt = new Date().toISOString();
    update.children.push({ givenName: 'Ava', familyName: 'Annexupdate', dateOfBirth: '2025-02-01', gender: 'female', ethnicity: 'CHNE', presentAtIncident: false, residentAtAddress: true });
    expect((await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: update })).status).toBe(200);
    const rows = await eventually(async () => {
      const list = await call('GET', `/api/v1/returns/annex-a/list-1?from=${today}&to=${today}&format=json&reason=${encodeURIComponent(reason)}`, { token: manager });
      const c = await call('GET', `/api/v1/cases/${updatedCase}`, { token: manager });
      const ids: string[] = c.body.children.map((x: { personId: string }) => x.personId);
      const ours = list.body.rows.filter((r: string[]) => ids.includes(r[0]));
      return ids.length === 3 && ours.length === 3 && ours;
    }, 20_000, 'the update in the list');
    expect(rows[2].slice(1, 4)).toEqual(['b) Female', 'q) CHNE', '01/02/2025']);
  });
});

describe('ethnicity on the referral form', () => {
  it("carries a child's ethnicity given on the page to the case and to Annex A List 1", async () => {
    const school = await pagesSignedIn(stack.baseUrl, 'dev-education-safeguarding');
    const form = await school.get('/referrals/new');
    expect(form.status).toBe(200);
    // Not yet obtained unless the referrer chooses another.
    expect(form.html).toMatch(/<option value="NOBT" selected>NOBT Information not yet obtained<\/option>/);
    expect(form.html).toContain('BAFR Black African');
    const formKey = /name="formKey" value="([^"]+)"/.exec(form.html)![1];
    const fields = {
      formKey, source: '2A', kind: 'request_for_service', referrerName: 'Test DSL', childGivenName: 'Amara', childFamilyName: 'Annexform',
      dobDay: '4', dobMonth: '11', dobYear: '2016', category: 'neglect_or_welfare_concern', awareness: 'knows_and_agrees',
      summary: 'Amara has come to school hungry every day this week and says there is no food at home.',
    };
    // A code the census does not have: back at the form, the error at the select.
    const refused = await school.post('/referrals/new', { ...fields, childEthnicity: 'AFRICAN' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#childEthnicity"');
    const sent = await school.post('/referrals/new', { ...fields, childEthnicity: 'BAFR' });
    expect(sent.status).toBe(303);
    const referralCase = /sent=(C-[0-9A-F]{20})/.exec(sent.location ?? '')![1];
    const c = await eventually(async () => {
      const b = (await call('GET', `/api/v1/cases/${referralCase}`, { token: manager })).body;
      return b?.stage === 'awaiting_rating' && b;
    }, 20_000, 'intake');
    expect(c.children).toEqual([expect.objectContaining({ ethnicity: 'BAFR' })]);
    expect(c.referralForm.children[0].ethnicity).toBe('BAFR');
    const list = await call('GET', `/api/v1/returns/annex-a/list-1?from=${today}&to=${today}&format=json&reason=${encodeURIComponent(reason)}`, { token: manager });
    expect(list.status).toBe(200);
    const row = list.body.rows.find((r: string[]) => r[0] === c.children[0].personId);
    expect(row.slice(2, 4)).toEqual(['o) BAFR', '04/11/2016']);
    expect(row[6]).toMatch(/^[a-z]\) 2A/);
  });
});
