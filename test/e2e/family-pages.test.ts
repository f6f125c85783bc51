// What the lists say about a case, through the real stack: the children it is about (named
// as the front door first knew them), the nearest deadline honestly (the statutory
// backstop included), and a queue read a page at a time, ordered and filtered on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInWorkingSet } from '../../shared/db/working-set.js';
import { caseIdFor } from '../../shared/ids.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');

beforeAll(async () => {
  stack = await startStack('family-pages');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

/** Submits a notification and waits until the panel can consider it. */
async function received(changes: (n: any) => void = () => {}): Promise<any> {
  const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification(changes) });
  expect(r.status).toBe(202);
  return eventually(async () => {
    const c = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
    return c.body.stage === 'awaiting_decision' && c.body.meeting && c.body;
  }, 20_000, 'intake');
}

describe('the agenda and the case list name the children', () => {
  it("gives each case's children, with their dates of birth, in the panel's and a partner's agenda and in a search", async () => {
    const c = await received();
    const agenda = (await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: panel })).body;
    const item = agenda.items.find((i: any) => i.caseId === c.caseId);
    expect(item.aboutChildren.map((ch: any) => [ch.givenName, ch.familyName, ch.dateOfBirth])).toEqual([
      ['Ava', 'Testcase', '2017-03-14'],
      ['Leo', 'Testcase', '2022-08-02'],
    ]);
    expect(item.aboutChildren.map((ch: any) => ch.personId)).toEqual(c.children.map((ch: any) => ch.personId));
    // Health is asked for what it knows: its agenda names the same children, and nothing of the assessment.
    const health = (await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: tokenFor('partner_practitioner', 'health') })).body;
    const seen = health.items.find((i: any) => i.caseId === c.caseId);
    expect(seen.aboutChildren.map((ch: any) => ch.givenName)).toEqual(['Ava', 'Leo']);
    expect(seen.rating).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('address');
    const found = await eventually(async () => (await call('GET', '/api/v1/cases?pageSize=100', { token: manager })).body.items.find((i: any) => i.caseId === c.caseId), 10_000, 'the case listed');
    expect(found.aboutChildren.map((ch: any) => ch.givenName)).toEqual(['Ava', 'Leo']);
  });

  it('names a child as the front door first knew them when asked again after their name is corrected (the correction stands on the person, not on the lists)', async () => {
    const c = await received((n) => {
      n.children = [{ ...n.children[0], givenName: 'Mira', familyName: 'Namekept', dateOfBirth: '2016-05-01' }];
    });
    const named = async () =>
      (await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: panel })).body.items.find((i: any) => i.caseId === c.caseId).aboutChildren.map((ch: any) => [ch.givenName, ch.familyName, ch.dateOfBirth]);
    expect(await named()).toEqual([['Mira', 'Namekept', '2016-05-01']]);
    const personId = c.children[0].personId;
    const corrected = await call('POST', `/api/v1/people/${personId}/rectifications`, { token: panel, body: { field: 'givenName', value: 'Myra', reason: 'Spelled so on her birth certificate.' } });
    expect(corrected.status).toBe(201);
    expect(corrected.body.details.givenName).toBe('Myra');
    // Asked again (the name kept by the API once read): the person record's, as before.
    expect(await named()).toEqual([['Mira', 'Namekept', '2016-05-01']]);
  });

  it('counts a green case down to its statutory backstop, not its three working days', async () => {
    const green = await received((n) => {
      n.riskGrading = 'standard';
      delete n.dash;
    });
    expect(green.rating).toBe('green');
    expect(Date.parse(green.statutoryDueAt)).toBeLessThan(Date.parse(green.decisionDueAt));
    expect(green.nearestDeadline).toEqual({ kind: 'statutory', dueAt: new Date(green.statutoryDueAt).toISOString() });
    const agenda = (await call('GET', `/api/v1/agenda?date=${green.meeting.date}`, { token: panel })).body;
    expect(agenda.items.find((i: any) => i.caseId === green.caseId).nearestDeadline.kind).toBe('statutory');
  });
});

/** A case as projected, straight into the store: many at once, in states a test reaches only slowly. */
async function awaitingAuthorisation(reference: string, rating: string, receivedAt: Date, decisionDueAt: Date, incidentType = 'domestic_abuse') {
  const caseId = caseIdFor('HUM', reference);
  const status = { partnerInformation: [], ratingHistory: [], escalations: [], decisions: [], allocations: [] };
  const contact = { source: '6', kind: 'notification', forceCode: 'HUM', policeReference: reference, stage: 'awaiting_authorisation', rating, incidentType, receivedAt, decisionDueAt, projectionSeq: 1, status };
  await stack.models.Contact.create({ _id: caseId, ...contact });
  await recordInWorkingSet(stack.models, caseId, { projectionSeq: 1, stage: 'awaiting_authorisation', rating: rating as never, decisionDueAt, status: status as never }, contact);
  return caseId;
}

describe('GET /api/v1/queues/:queue a page at a time', () => {
  it('orders, filters and pages on the server, and records as consulted only the page shown', async () => {
    const base = Date.now() + 3600_000;
    const ids: Record<string, string> = {};
    const made: [string, string, number, number, string?][] = [
      ['a', 'green', 1, 1],
      ['b', 'red', 5, 2],
      ['c', 'amber', 3, 3],
      ['d', 'red', 2, 4, 'missing_child'],
      ['e', 'amber', 4, 5],
    ];
    for (const [k, rating, receivedHoursAgo, dueInHours, incident] of made) {
      ids[k] = await awaitingAuthorisation(`PAGE-${k}-${Date.now()}`, rating, new Date(Date.now() - receivedHoursAgo * 3600_000), new Date(base + dueInHours * 3600_000), incident);
    }
    const page = async (q: string) => {
      const r = await call('GET', `/api/v1/queues/awaiting_authorisation?${q}`, { token: manager });
      expect(r.status).toBe(200);
      return r.body;
    };
    const ours = (items: any[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.caseId)).filter(Boolean);

    const all = await page('pageSize=100');
    expect(ours(all.items)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const first = await page('pageSize=2&page=1');
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: all.total, sort: 'deadline' });
    expect(first.items).toHaveLength(2);
    const everyPage = [];
    for (let p = 1; p <= Math.ceil(all.total / 2); p++) everyPage.push(...(await page(`pageSize=2&page=${p}`)).items);
    expect(everyPage.map((i: any) => i.caseId)).toEqual(all.items.map((i: any) => i.caseId));

    expect(ours((await page('pageSize=100&sort=received')).items)).toEqual(['b', 'e', 'c', 'd', 'a']);
    expect(ours((await page('pageSize=100&sort=rating')).items)).toEqual(['b', 'd', 'c', 'e', 'a']);
    const red = await page('pageSize=100&rating=red');
    expect(red.items.every((i: any) => i.rating === 'red')).toBe(true);
    expect(ours(red.items)).toEqual(['b', 'd']);
    expect(ours((await page('pageSize=100&rating=red&incidentType=missing_child')).items)).toEqual(['d']);
    expect(ours((await page('pageSize=100&source=partner')).items)).toEqual([]);

    const refused = await call('GET', '/api/v1/queues/awaiting_authorisation?pageSize=1000', { token: manager });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('pageSize');

    // The audit entry of a page names the page's cases, no others.
    const auditor = tokenFor('auditor', 'front_door');
    const queueReads = async (caseId: string) =>
      (await call('GET', `/api/v1/audit?caseId=${caseId}&pageSize=200`, { token: auditor })).body.items.filter((e: any) => e.action === 'queue.read').length;
    const [dBefore, aBefore] = [await queueReads(ids.d), await queueReads(ids.a)];
    await page('pageSize=1&rating=red&incidentType=missing_child');
    await eventually(async () => (await queueReads(ids.d)) === dBefore + 1, 10_000, 'the page audited');
    expect(await queueReads(ids.a)).toBe(aBefore);
  });
});

describe('a household and an adult history', () => {
  it("links a sibling at another address through a shared adult, and gives the panel an adult's history across families", async () => {
    const tag = Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const family = `Hollis${tag}`;
    const perpetrator = { givenName: 'Drew', familyName: `Marsh${tag}`, dateOfBirth: '1985-02-03', role: 'suspect', relationshipToChildren: "mother's partner" };
    const first = await received((n) => {
      n.children = [{ ...n.children[0], givenName: 'Ivy', familyName: family }, { ...n.children[1], givenName: 'Max', familyName: family }];
      n.adults = [{ ...n.adults[0], familyName: family }, perpetrator];
    });
    // The same man, at another address, with another family's child.
    const second = await received((n) => {
      n.incident.location = { addressLine: '2 Other Lane', town: 'Brigg', postcode: 'DN20 0ZZ' };
      n.children = [{ ...n.children[0], givenName: 'Zoe', familyName: `Other${tag}`, dateOfBirth: '2019-05-05' }];
      n.adults = [{ ...n.adults[0], givenName: 'Kim', familyName: `Other${tag}` }, { ...perpetrator, relationshipToChildren: "mother's partner" }];
    });
    const ivy = first.children[0].personId;
    const r = await call('GET', `/api/v1/people/${ivy}/household`, { token: panel });
    expect(r.status).toBe(200);
    const byName = (name: string) => r.body.people.find((p: any) => p.givenName === name);
    expect(byName('Ivy')).toMatchObject({ kind: 'child', link: 'self' });
    expect(byName('Max')).toMatchObject({ kind: 'child', link: 'named_together' });
    const drew = byName('Drew');
    expect(drew).toMatchObject({ kind: 'adult', link: 'named_together' });
    expect(byName('Zoe')).toMatchObject({ kind: 'child', link: 'through_shared_adult', sharedAdults: [drew.personId] });
    // Kim is named only in the other family's contact: not in this household.
    expect(byName('Kim')).toBeUndefined();
    expect(r.body.contacts.map((c: any) => c.caseId).sort()).toEqual([first.caseId, second.caseId].sort());
    expect(r.body.contacts.every((c: any) => c.open)).toBe(true);
    expect(JSON.stringify(r.body)).not.toContain('Other Lane');

    // The adult's history: both families' contacts, to the panel and managers only.
    const history = await call('GET', `/api/v1/people/${drew.personId}/contacts`, { token: manager });
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ kind: 'adult', adult: { givenName: 'Drew', familyName: `Marsh${tag}` } });
    expect(history.body.items.map((c: any) => c.caseId).sort()).toEqual([first.caseId, second.caseId].sort());
    expect((await call('GET', `/api/v1/people/${drew.personId}/contacts`, { token: tokenFor('partner_practitioner', 'health') })).status).toBe(403);
    expect((await call('GET', `/api/v1/people/${ivy}/household`, { token: tokenFor('lead_agency_worker', 'education') })).status).toBe(403);
    expect((await call('GET', '/api/v1/people/XX-1/household', { token: panel })).status).toBe(400);

    // Audited as every other read: each contact shown consulted, the person looked up.
    const auditor = tokenFor('auditor', 'front_door');
    const entries = await eventually(async () => {
      const items = (await call('GET', `/api/v1/audit?caseId=${second.caseId}&pageSize=200`, { token: auditor })).body.items;
      return items.some((e: any) => e.action === 'person.household.read') && items;
    }, 10_000, 'the household read audited');
    expect(entries.find((e: any) => e.action === 'person.household.read').lookedUp).toEqual({ personId: ivy });
  });
});

describe('person matching', () => {
  it('never merges on a name alone: an adult named without a date of birth or NHS number in two contacts is two people', async () => {
    const tag = Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const named = (given: string) => (n: any) => {
      n.children = [{ ...n.children[0], givenName: given, familyName: `Penn${tag}` }];
      n.adults = [{ givenName: 'Alex', familyName: `Nodate${tag}`, role: 'suspect', relationshipToChildren: 'uncle' }];
    };
    const first = await received(named('Ada'));
    const second = await received(named('Bea'));
    const adultsOf = async (c: any) =>
      (await call('GET', `/api/v1/people/${c.children[0].personId}/household`, { token: panel })).body.people.filter((p: any) => p.kind === 'adult');
    const [a, b] = [await adultsOf(first), await adultsOf(second)];
    expect(a.map((p: any) => p.givenName)).toEqual(['Alex']);
    expect(b.map((p: any) => p.givenName)).toEqual(['Alex']);
    expect(a[0].personId).not.toBe(b[0].personId);
    // So neither family's household reaches the other's child through him.
    expect((await adultsOf(first)).length).toBe(1);
    const household = (await call('GET', `/api/v1/people/${first.children[0].personId}/household`, { token: panel })).body;
    expect(household.people.map((p: any) => p.givenName)).not.toContain('Bea');
  });
});

describe('linked contacts', () => {
  it('links contacts about the same children received within the window, and lists them together on the agenda', async () => {
    const tag = Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const about = (family: string) => (n: any) => {
      n.children = [{ ...n.children[0], familyName: family }];
      n.adults = n.adults.map((a: any) => ({ ...a, familyName: family }));
    };
    const police = await received(about(`Link${tag}`));
    const unrelated = await received(about(`Else${tag}`));
    const again = await received(about(`Link${tag}`));
    expect(again.children[0].personId).toBe(police.children[0].personId);
    const agenda = (await call('GET', `/api/v1/agenda?date=${police.meeting.date}`, { token: panel })).body;
    const ids = agenda.items.map((i: any) => i.caseId);
    const item = (id: string) => agenda.items.find((i: any) => i.caseId === id);
    expect(item(police.caseId).linkedContacts).toEqual([again.caseId]);
    expect(item(again.caseId).linkedContacts).toEqual([police.caseId]);
    expect(item(unrelated.caseId).linkedContacts).toEqual([]);
    // Together: the second follows the first, whatever lies between them by deadline.
    expect(Math.abs(ids.indexOf(police.caseId) - ids.indexOf(again.caseId))).toBe(1);
  });
});
