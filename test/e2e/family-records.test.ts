// One family's records as the front door corrects them, through the real stack: a linked
// contact marked a duplicate of another (closed as such, not decided separately), and
// people merged and split by a manager, audited.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolReferral } from '../support/referrals.js';
import { freshNotification } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const auditor = tokenFor('auditor', 'front_door');

/** The force's system: every outcome it is sent (the police webhook of force HUM). */
const toForce: any[] = [];
let forceSystem: Server;

beforeAll(async () => {
  forceSystem = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      toForce.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => forceSystem.listen(0, '127.0.0.1', r));
  const { port } = forceSystem.address() as AddressInfo;
  stack = await startStack('family-records', { policeWebhooks: { HUM: `http://127.0.0.1:${port}/outcomes` } });
  call = http(stack.baseUrl);
});
afterAll(async () => {
  await stack?.stop();
  forceSystem?.close();
});

const tag = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

/** Submits a notification and waits until the panel can consider it. */
async function received(changes: (n: any) => void = () => {}): Promise<any> {
  const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification(changes) });
  expect(r.status).toBe(202);
  return eventually(async () => {
    const c = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
    return c.body.stage === 'awaiting_decision' && c.body.meeting && c.body;
  }, 20_000, 'intake');
}

const about = (family: string, given = 'Ava') => (n: any) => {
  n.children = [{ ...n.children[0], givenName: given, familyName: family }];
  n.adults = n.adults.map((a: any) => ({ ...a, familyName: family }));
};

async function auditOf(caseId: string, action: string): Promise<any> {
  return eventually(async () => {
    const items = (await call('GET', `/api/v1/audit?caseId=${caseId}&pageSize=200`, { token: auditor })).body.items;
    return items.find((e: any) => e.action === action);
  }, 10_000, `${action} audited`);
}

describe('a linked contact marked a duplicate', () => {
  it('closes the duplicate as "duplicate of" the other, shown so on the agenda and the case, audited; refused for a manager only, for an unrelated case, twice', async () => {
    const family = `Dup${tag()}`;
    const first = await received(about(family));
    const second = await received(about(family));
    const unrelated = await received(about(`Else${tag()}`));
    const path = `/api/v1/cases/${second.caseId}/duplicate`;
    const body = { duplicateOf: first.caseId, reason: 'The same incident, reported by the police twice.' };

    expect((await call('POST', path, { token: panel, body })).status).toBe(403);
    const bad = await call('POST', path, { token: manager, body: { duplicateOf: unrelated.caseId, reason: 'x' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('duplicateOf');
    expect((await call('POST', path, { token: manager, body: { duplicateOf: second.caseId, reason: 'x' } })).status).toBe(422);
    expect((await call('POST', path, { token: manager, body: { reason: 'x' } })).status).toBe(400);

    const r = await call('POST', path, { token: manager, body });
    expect(r.status).toBe(200);
    const closed = await eventually(async () => {
      const c = (await call('GET', `/api/v1/cases/${second.caseId}`, { token: manager })).body;
      return c.stage === 'closed' && c;
    }, 20_000, 'the duplicate closed');
    expect(closed.duplicateOf).toBe(first.caseId);
    expect(closed.decisions).toEqual([]);
    const marked = closed.history.find((e: any) => e.type === 'marked_duplicate');
    expect(marked).toMatchObject({ reason: body.reason, details: { duplicateOf: first.caseId } });
    // The case it duplicates goes on to its own decision.
    expect((await call('GET', `/api/v1/cases/${first.caseId}`, { token: manager })).body.stage).toBe('awaiting_decision');
    // On the agenda, shown as a duplicate beside the case it duplicates.
    const agenda = (await call('GET', `/api/v1/agenda?date=${first.meeting.date}`, { token: panel })).body;
    expect(agenda.items.find((i: any) => i.caseId === second.caseId)?.duplicateOf).toBe(first.caseId);
    expect(agenda.items.find((i: any) => i.caseId === first.caseId)?.duplicateOf).toBeUndefined();
    // Once only: the duplicate is closed; and nothing is a duplicate of a duplicate.
    expect((await call('POST', path, { token: manager, body })).status).toBe(409);
    const third = await received(about(family));
    const chain = await call('POST', `/api/v1/cases/${third.caseId}/duplicate`, { token: manager, body: { duplicateOf: second.caseId, reason: 'x' } });
    expect(chain.status).toBe(422);
    expect((await auditOf(second.caseId, 'case.duplicate.mark')).outcome).toBe(200);
  });
});

describe('the sender of a duplicate hears an outcome', () => {
  it("tells the force its notification was a duplicate of the other case, and a school's outbox holds the same", async () => {
    const family = `Told${tag()}`;
    const first = await received(about(family));
    const second = await received(about(family));
    const body = { duplicateOf: first.caseId, reason: 'The same incident, reported by the police twice.' };
    expect((await call('POST', `/api/v1/cases/${second.caseId}/duplicate`, { token: manager, body })).status).toBe(200);
    const told = await eventually(async () => toForce.find((o) => o.caseId === second.caseId), 20_000, 'the force told');
    // Its own reference, the case it duplicates, and nothing of a decision (it has none).
    expect(told).toMatchObject({ caseId: second.caseId, version: 0, duplicateOf: first.caseId, force: 'HUM', policeReference: second.notification.policeReference });
    expect(told.outcome).toBeUndefined();
    expect(told.levelOfNeed).toBeUndefined();
    const closed = await eventually(async () => {
      const c = (await call('GET', `/api/v1/cases/${second.caseId}`, { token: manager })).body;
      return c.stage === 'closed' && c;
    }, 20_000, 'the duplicate closed');
    expect(closed.history.map((e: any) => e.type)).toContain('police_feedback_delivered');
    const disclosed = await auditOf(second.caseId, 'disclosure.police_feedback');
    expect(disclosed.reason).toBe(`closed as a duplicate of ${first.caseId} to the notifying force`);

    // A school's referral about the same child, the same day: its outbox says so too.
    const school = tokenFor('partner_practitioner', 'education', { id: 'dsl-dup', name: 'Test DSL' });
    const form = schoolReferral((f) => {
      f.children = [{ ...f.children[0], givenName: 'Ava', familyName: family, dateOfBirth: '2017-03-14' }];
    });
    const r = await call('POST', '/api/v1/referrals', { token: school, body: form });
    expect(r.status).toBe(202);
    await eventually(async () => (await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager })).body.stage === 'awaiting_rating', 20_000, 'the referral received');
    const marked = await call('POST', `/api/v1/cases/${r.body.caseId}/duplicate`, { token: manager, body: { duplicateOf: first.caseId, reason: 'The school tells of the same night as the police.' } });
    expect(marked.status).toBe(200);
    const entry = await eventually(async () => (await call('GET', '/api/v1/outbox', { token: school })).body.items?.find((i: any) => i.caseId === r.body.caseId), 20_000, 'in the outbox');
    expect(entry).toMatchObject({ id: `${r.body.caseId}:v0`, decisionVersion: 0, duplicateOf: first.caseId, referrerReference: form.referrer.reference });
    expect(entry.outcome).toBeUndefined();
  });
});

describe('a duplicate marked through the pages', () => {
  it("offers the manager the form from the case page, refuses a blank one at its field, and the case page then says what it duplicates", async () => {
    const family = `Pagedup${tag()}`;
    const first = await received(about(family));
    const second = await received(about(family));
    const mgr = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    expect((await mgr.get(`/cases/${second.caseId}`)).html).toContain(`/cases/${second.caseId}/duplicate`);
    const form = await mgr.get(`/cases/${second.caseId}/duplicate`);
    expect(form.status).toBe(200);
    expect(form.html).toContain(first.caseId);
    expect((await mgr.post(`/cases/${second.caseId}/duplicate`, { duplicateOf: first.caseId, reason: '' })).status).toBe(400);
    const done = await mgr.post(`/cases/${second.caseId}/duplicate`, { duplicateOf: first.caseId, reason: 'One incident, sent twice by the police.' });
    expect(done.status, done.html.slice(0, 300)).toBe(303);
    expect(done.location).toBe(`/cases/${second.caseId}?done=duplicate`);
    const page = await eventually(async () => {
      const html = (await mgr.get(`/cases/${second.caseId}`)).html;
      return html.includes('A duplicate of') && html;
    }, 20_000, 'the case page says it is a duplicate');
    expect(page).toContain(`href="/cases/${first.caseId}"`);
    // Not the panel's page.
    expect((await (await pagesSignedIn(stack.baseUrl, 'dev-panel-chair')).get(`/cases/${first.caseId}/duplicate`)).status).toBe(403);
  });
});

describe('people merged and split by a manager', () => {
  const chronology = async (personId: string) => {
    const r = await call('GET', `/api/v1/people/${personId}/contacts`, { token: panel });
    expect(r.status).toBe(200);
    return r.body.items.map((c: any) => c.caseId).sort();
  };

  it("merges two records of the same child: each one's chronology and household read both, audited", async () => {
    const t = tag();
    // The same child, her family name spelt two ways: two person records.
    const first = await received(about(`Merrow${t}`, 'Isla'));
    const second = await received(about(`Marrow${t}`, 'Isla'));
    const [a, b] = [first.children[0].personId, second.children[0].personId];
    expect(a).not.toBe(b);
    expect(await chronology(a)).toEqual([first.caseId]);
    const body = { mergeWith: b, reason: 'The same child: the school spelt her family name differently.' };

    expect((await call('POST', `/api/v1/people/${a}/merge`, { token: panel, body })).status).toBe(403);
    const self = await call('POST', `/api/v1/people/${a}/merge`, { token: manager, body: { ...body, mergeWith: a } });
    expect(self.status).toBe(422);
    expect(JSON.stringify(self.body)).toContain('mergeWith');
    const adult = second.adults?.[0]?.personId;
    if (adult) expect((await call('POST', `/api/v1/people/${a}/merge`, { token: manager, body: { ...body, mergeWith: adult } })).status).toBe(422);
    expect((await call('POST', `/api/v1/people/${a}/merge`, { token: manager, body: { mergeWith: b, reason: 'short' } })).status).toBe(400);

    const r = await call('POST', `/api/v1/people/${a}/merge`, { token: manager, body });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ personId: a, mergedWith: [a, b] });
    expect(r.body.caseIds.sort()).toEqual([first.caseId, second.caseId].sort());
    // Read together from then on, from either record.
    expect(await chronology(a)).toEqual([first.caseId, second.caseId].sort());
    expect(await chronology(b)).toEqual([first.caseId, second.caseId].sort());
    const household = (await call('GET', `/api/v1/people/${a}/household`, { token: panel })).body;
    expect(household.contacts.map((c: any) => c.caseId).sort()).toEqual([first.caseId, second.caseId].sort());
    expect(household.people.filter((p: any) => p.givenName === 'Isla').map((p: any) => p.link)).toEqual(['self']);
    expect((await call('GET', `/api/v1/people/${b}/disclosures`, { token: manager })).body.caseIds).toEqual([first.caseId, second.caseId].sort());
    const entry = await auditOf(second.caseId, 'person.merge');
    expect(entry).toMatchObject({ outcome: 201, lookedUp: { personId: a } });
  });

  it('splits a wrongly matched child: the moved contact is on the new person\'s chronology only, audited', async () => {
    const t = tag();
    const first = await received(about(`Splitt${t}`, 'Noah'));
    const second = await received(about(`Splitt${t}`, 'Noah'));
    const person = first.children[0].personId;
    expect(second.children[0].personId).toBe(person);
    expect(await chronology(person)).toEqual([first.caseId, second.caseId].sort());
    const body = { caseIds: [second.caseId], reason: 'Another boy of the same name and date of birth.' };

    expect((await call('POST', `/api/v1/people/${person}/split`, { token: panel, body })).status).toBe(403);
    const unrelated = await received(about(`Other${t}`));
    const bad = await call('POST', `/api/v1/people/${person}/split`, { token: manager, body: { ...body, caseIds: [unrelated.caseId] } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('caseIds.0');

    const r = await call('POST', `/api/v1/people/${person}/split`, { token: manager, body });
    expect(r.status).toBe(201);
    const moved = r.body.newPersonId;
    expect(moved).toMatch(/^CH-[0-9A-F]{20}$/);
    expect(moved).not.toBe(person);
    expect(await chronology(person)).toEqual([first.caseId]);
    expect(await chronology(moved)).toEqual([second.caseId]);
    const named = await call('GET', `/api/v1/people/${moved}/contacts`, { token: panel });
    expect(named.body).toMatchObject({ kind: 'child' });
    // The new person's household holds the moved contact as theirs; the first contact is
    // reached only through the adults named in both, its child another person of the household.
    const household = (await call('GET', `/api/v1/people/${moved}/household`, { token: panel })).body;
    expect(household.contacts.map((c: any) => c.caseId)).toContain(second.caseId);
    expect(household.people.find((p: any) => p.link === 'self').personId).toBe(moved);
    expect(household.people.find((p: any) => p.personId === person)?.link).toBe('through_shared_adult');
    // A subject access request or a disclosure report about each goes by the same cases:
    // the moved contact is no longer the first child's to be given out.
    const casesOf = async (id: string) => (await call('GET', `/api/v1/people/${id}/disclosures`, { token: manager })).body.caseIds;
    expect(await casesOf(person)).toEqual([first.caseId]);
    expect(await casesOf(moved)).toEqual([second.caseId]);
    // The same split again: the same new person, nothing more moved.
    expect((await call('POST', `/api/v1/people/${person}/split`, { token: manager, body })).status).toBe(422);
    const entry = await auditOf(second.caseId, 'person.split');
    expect(entry).toMatchObject({ outcome: 201, lookedUp: { personId: person } });
  });
});

describe('people merged and split through the pages', () => {
  it('offers a manager merge and split from the chronology, confirms, refuses at the fields, and shows the result', async () => {
    const t = tag();
    const first = await received(about(`Pagemerge${t}`, 'Rosa'));
    const second = await received(about(`Pagemarge${t}`, 'Rosa'));
    const [a, b] = [first.children[0].personId, second.children[0].personId];
    const mgr = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    const chronologyPage = await mgr.get(`/people/${a}/contacts`);
    expect(chronologyPage.html).toContain(`/people/${a}/merge`);
    expect(chronologyPage.html).toContain(`/people/${a}/split`);
    // Not the panel's: the links are not shown and the pages refused.
    const chair = await pagesSignedIn(stack.baseUrl, 'dev-panel-chair');
    expect((await chair.get(`/people/${a}/contacts`)).html).not.toContain(`/people/${a}/merge`);
    expect((await chair.get(`/people/${a}/merge`)).status).toBe(403);
    expect((await chair.get(`/people/${a}/split`)).status).toBe(403);

    expect((await mgr.get(`/people/${a}/merge`)).status).toBe(200);
    // An id that is no one's: refused at its field before any confirmation.
    const nobody = await mgr.post(`/people/${a}/merge`, { mergeWith: 'CH-00000000000000000000', reason: 'The same girl, her name spelt two ways.' });
    expect(nobody.status).toBe(400);
    expect(nobody.html).toMatch(/id="mergeWith-error"/);
    // Confirmation shows both records; nothing is merged yet.
    const confirm = await mgr.post(`/people/${a}/merge`, { mergeWith: b, reason: 'short' });
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain(b);
    expect(confirm.html).toContain('name="confirmed" value="yes"');
    expect((await call('GET', `/api/v1/people/${a}/contacts`, { token: panel })).body.items).toHaveLength(1);
    // The API's refusal (a reason too short) comes back on the reason field.
    const short = await mgr.post(`/people/${a}/merge`, { mergeWith: b, reason: 'short', confirmed: 'yes' });
    expect(short.status).toBe(400);
    expect(short.html).toMatch(/id="reason-error"/);
    // Merged with itself: the API's 422 on the other record's field.
    const self = await mgr.post(`/people/${a}/merge`, { mergeWith: a, reason: 'The same girl, her name spelt two ways.', confirmed: 'yes' });
    expect(self.status).toBe(422);
    expect(self.html).toMatch(/id="mergeWith-error"/);
    const merged = await mgr.post(`/people/${a}/merge`, { mergeWith: b, reason: 'The same girl, her name spelt two ways.', confirmed: 'yes' });
    expect(merged.status, merged.html.slice(0, 300)).toBe(303);
    expect(merged.location).toBe(`/people/${a}/contacts?done=merged`);
    const after = await mgr.get(merged.location!);
    expect(after.html).toContain('Records merged');
    expect(after.html).toContain(`/cases/${second.caseId}`);

    // A split: the contact chosen, confirmed, moved to a new person.
    const t2 = tag();
    const one = await received(about(`Pagesplit${t2}`, 'Finn'));
    const two = await received(about(`Pagesplit${t2}`, 'Finn'));
    const person = one.children[0].personId;
    const form = await mgr.get(`/people/${person}/split`);
    expect(form.html).toContain(`value="${two.caseId}"`);
    const none = await mgr.post(`/people/${person}/split`, { reason: 'Another boy of the same name.' });
    expect(none.status).toBe(400);
    expect(none.html).toMatch(/id="caseIds-error"/);
    const check = await mgr.post(`/people/${person}/split`, { caseIds: two.caseId, reason: 'Another boy of the same name and date of birth.' });
    expect(check.status).toBe(200);
    expect(check.html).toContain(`name="caseIds" value="${two.caseId}"`);
    const split = await mgr.post(`/people/${person}/split`, { caseIds: two.caseId, reason: 'Another boy of the same name and date of birth.', confirmed: 'yes' });
    expect(split.status, split.html.slice(0, 300)).toBe(303);
    const moved = /^\/people\/(CH-[0-9A-F]{20})\/contacts\?done=split$/.exec(split.location ?? '')?.[1];
    expect(moved).toBeDefined();
    const movedPage = await mgr.get(split.location!);
    expect(movedPage.html).toContain('Contacts split away');
    expect(movedPage.html).toContain(`/cases/${two.caseId}`);
    expect((await call('GET', `/api/v1/people/${person}/contacts`, { token: panel })).body.items.map((i: any) => i.caseId)).toEqual([one.caseId]);
    // The same again: the API refuses (no longer this person's), on the contacts' field.
    const again = await mgr.post(`/people/${person}/split`, { caseIds: two.caseId, reason: 'Another boy of the same name and date of birth.', confirmed: 'yes' });
    expect(again.status).toBe(422);
    expect(again.html).toMatch(/id="caseIds-error"/);
  });
});

describe('the lists and the re-contact flag after a split', () => {
  const chronology = async (personId: string) => (await call('GET', `/api/v1/people/${personId}/contacts`, { token: panel })).body.items.map((c: any) => c.caseId).sort();
  const earlierOf = (c: any) => c.earlierContacts.map((e: any) => e.caseId).sort();

  it("leaves a contact split away out of the next intake's earlier contacts", async () => {
    const t = tag();
    const first = await received(about(`Recount${t}`, 'Theo'));
    const second = await received(about(`Recount${t}`, 'Theo'));
    const person = first.children[0].personId;
    expect(earlierOf(second)).toEqual([first.caseId]);
    const r = await call('POST', `/api/v1/people/${person}/split`, { token: manager, body: { caseIds: [second.caseId], reason: 'Another boy of the same name and date of birth.' } });
    expect(r.status).toBe(201);
    const third = await received(about(`Recount${t}`, 'Theo'));
    expect(third.children[0].personId).toBe(person);
    expect(third.recontact).toBe(true);
    expect(earlierOf(third)).toEqual([first.caseId]);
  });

  it('merged by mistake, then split: each child has only their own contacts in the lists and at the next intake', async () => {
    const t = tag();
    // Two girls of the same given name and birthday, in two families: two records.
    const a1 = await received(about(`Amber${t}`, 'Lily'));
    const b1 = await received(about(`Birch${t}`, 'Lily'));
    const [a, b] = [a1.children[0].personId, b1.children[0].personId];
    expect(a).not.toBe(b);
    const merge = await call('POST', `/api/v1/people/${a}/merge`, { token: manager, body: { mergeWith: b, reason: 'Thought to be the same child, her name spelt two ways.' } });
    expect(merge.status).toBe(201);
    // While merged, a new contact about either counts both records' contacts as earlier.
    const a2 = await received(about(`Amber${t}`, 'Lily'));
    expect(earlierOf(a2)).toEqual([a1.caseId, b1.caseId].sort());
    expect(await chronology(b)).toEqual([a1.caseId, a2.caseId, b1.caseId].sort());

    // Found wrong: the other girl's contact named, so her record is separated whole.
    const partial = await call('POST', `/api/v1/people/${a}/split`, { token: manager, body: { caseIds: [a1.caseId, b1.caseId], reason: 'Two girls: different schools and mothers.' } });
    expect(partial.status).toBe(201); // a1 is A's own: moved to a new person, b1's record separated
    expect(partial.body.separated).toEqual([b]);
    // Undo that part (a1 was hers after all) is another correction: test the plain case on fresh records.
    const t2 = tag();
    const c1 = await received(about(`Cedar${t2}`, 'Mae'));
    const d1 = await received(about(`Drake${t2}`, 'Mae'));
    const [c, d] = [c1.children[0].personId, d1.children[0].personId];
    expect((await call('POST', `/api/v1/people/${c}/merge`, { token: manager, body: { mergeWith: d, reason: 'Thought to be the same child, her name spelt two ways.' } })).status).toBe(201);
    const c2 = await received(about(`Cedar${t2}`, 'Mae'));
    expect(earlierOf(c2)).toEqual([c1.caseId, d1.caseId].sort());
    const split = await call('POST', `/api/v1/people/${c}/split`, { token: manager, body: { caseIds: [d1.caseId], reason: 'Two girls: different schools and mothers.' } });
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({ personId: c, separated: [d], caseIds: [d1.caseId] });
    expect(split.body.newPersonId).toBeUndefined();
    // Each child's contacts list and household: their own only, from either record.
    expect(await chronology(c)).toEqual([c1.caseId, c2.caseId].sort());
    expect(await chronology(d)).toEqual([d1.caseId]);
    const household = (await call('GET', `/api/v1/people/${c}/household`, { token: panel })).body;
    expect(household.contacts.map((x: any) => x.caseId).sort()).toEqual([c1.caseId, c2.caseId].sort());
    // The next intake about each: re-contacts of their own contacts only.
    const c3 = await received(about(`Cedar${t2}`, 'Mae'));
    expect(earlierOf(c3)).toEqual([c1.caseId, c2.caseId].sort());
    const d2 = await received(about(`Drake${t2}`, 'Mae'));
    expect(d2.children[0].personId).toBe(d);
    expect(earlierOf(d2)).toEqual([d1.caseId]);
    // A merged record is separated whole: naming only part of its contacts is refused.
    const t3 = tag();
    const e1 = await received(about(`Elm${t3}`, 'Ada'));
    const f1 = await received(about(`Fir${t3}`, 'Ada'));
    const f2 = await received(about(`Fir${t3}`, 'Ada'));
    const [e, f] = [e1.children[0].personId, f1.children[0].personId];
    expect((await call('POST', `/api/v1/people/${e}/merge`, { token: manager, body: { mergeWith: f, reason: 'Thought to be the same child, her name spelt two ways.' } })).status).toBe(201);
    const part = await call('POST', `/api/v1/people/${e}/split`, { token: manager, body: { caseIds: [f1.caseId], reason: 'Two girls: different schools and mothers.' } });
    expect(part.status).toBe(422);
    expect(JSON.stringify(part.body)).toContain(f2.caseId);
  });
});

describe('linked contacts grouped on the agenda', () => {
  it('names the first of each group on every linked case, shows the later ones after it, and says so on the PIT Stop page', async () => {
    const family = `Group${tag()}`;
    const first = await received(about(family));
    const other = await received(about(`Apart${tag()}`));
    const second = await received(about(family));
    const agenda = (await call('GET', `/api/v1/agenda?date=${first.meeting.date}`, { token: panel })).body;
    const at = (id: string) => agenda.items.findIndex((i: any) => i.caseId === id);
    const item = (id: string) => agenda.items[at(id)];
    // The group's first is whichever the agenda's order (red first, then by deadline) shows first.
    const [head, later] = at(first.caseId) < at(second.caseId) ? [first.caseId, second.caseId] : [second.caseId, first.caseId];
    expect(item(head).linkedGroup).toBe(head);
    expect(item(later).linkedGroup).toBe(head);
    expect(item(other.caseId).linkedGroup).toBeUndefined();
    expect(at(later)).toBe(at(head) + 1);
    // A partner sees no links, so no group either.
    const health = (await call('GET', `/api/v1/agenda?date=${first.meeting.date}`, { token: tokenFor('partner_practitioner', 'health') })).body;
    expect(health.items.find((i: any) => i.caseId === later)?.linkedGroup).toBeUndefined();
    const chair = await pagesSignedIn(stack.baseUrl, 'dev-panel-chair');
    const page = await chair.get(`/pitstop?date=${first.meeting.date}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Taken with ${head}, the first of its linked contacts.`);
  });
});
