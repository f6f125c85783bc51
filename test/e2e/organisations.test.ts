// Need to know per organisation (issue 19), through the real stack: two schools, a GP
// practice and a health visiting team (the synthetic organisations). A case's requests,
// partner actions and allocations go to the children's school and GP as the notification
// names them, else the agency's designated team; need to know lasts while a part is open
// and NEED_TO_KNOW_DAYS_AFTER beyond (0 here: it ends at once); sharing unasked is
// recorded for the panel and gives no access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticOrganisations as orgs } from '../../shared/synthetic-people.js';
import { freshNotification } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { schoolReferral } from '../support/referrals.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door', { id: 'org-mgr' });
const panel = tokenFor('panel_member', 'childrens_social_care', { id: 'org-panel' });
const schoolA = orgs.northfieldPrimary.code;
const schoolB = orgs.riversideAcademy.code;
const surgery = orgs.harbourSurgery.code;
const visiting = orgs.healthVisitingNorth.code;
const dsl = (organisation: string) => tokenFor('partner_practitioner', 'education', { id: `dsl-${organisation}`, organisation });
const schoolLead = (organisation: string) => tokenFor('lead_agency_worker', 'education', { id: `lead-${organisation}`, organisation });
const health = (organisation: string) => tokenFor('partner_practitioner', 'health', { id: `health-${organisation}`, organisation });

beforeAll(async () => {
  stack = await startStack('organisations', { designatedTeams: { health: visiting }, needToKnowDaysAfter: 0 });
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

let counter = 0;
/** A domestic abuse notification about one child of the given school (and GP practice, if any); answers the manager's view once ready. */
async function childAt(schoolUrn: string, gpPracticeCode?: string): Promise<any> {
  counter += 1;
  const body = freshNotification((n) => {
    n.children = [{ ...n.children[0], givenName: `Pupil${counter}${Date.now().toString(36)}`, schoolUrn, ...(gpPracticeCode ? { gpPracticeCode, gp: 'Harbour Lane Surgery' } : {}) }];
  });
  const r = await call('POST', '/api/v1/notifications', { apiKey: police, body });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return eventually(async () => {
    const c = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
    return c.body.stage === 'awaiting_decision' && c.body;
  }, 20_000, 'intake');
}

const read = (caseId: string, token: string) => call('GET', `/api/v1/cases/${caseId}`, { token });

describe('requests go to the child\'s school and GP, else the designated team', () => {
  let a: any;
  let b: any;
  beforeAll(async () => {
    a = await childAt(schoolA, surgery);
    b = await childAt(schoolB);
  });

  it("school A's safeguarding lead reads school A's child's case and is refused school B's (and the other way round)", async () => {
    expect((await read(a.caseId, dsl(schoolA))).body).toMatchObject({ access: 'need_to_know', agency: 'education' });
    const refused = await read(b.caseId, dsl(schoolA));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('outside-need-to-know');
    expect((await read(b.caseId, dsl(schoolB))).status).toBe(200);
    expect((await read(a.caseId, dsl(schoolB))).status).toBe(403);
    // Education as a whole (no school of its own) has no part in a case that names the school.
    expect((await read(a.caseId, tokenFor('partner_practitioner', 'education', { id: 'edu-central' }))).status).toBe(403);
  });

  it("the GP practice named reads its patient's case; health's part of a case naming no GP goes to the designated health visiting team", async () => {
    expect((await read(a.caseId, health(surgery))).status).toBe(200);
    expect((await read(b.caseId, health(surgery))).status).toBe(403);
    expect((await read(b.caseId, health(visiting))).status).toBe(200);
    expect((await read(a.caseId, health(visiting))).status).toBe(403);
  });

  it("each school's information requests and agenda list its own pupils' cases only", async () => {
    const ids = async (path: string, token: string) => ((await call('GET', path, { token })).body.items as { caseId: string }[]).map((i) => i.caseId);
    const queueA = await ids('/api/v1/queues/information_requests', dsl(schoolA));
    expect(queueA).toContain(a.caseId);
    expect(queueA).not.toContain(b.caseId);
    const queueB = await ids('/api/v1/queues/information_requests', dsl(schoolB));
    expect(queueB).toContain(b.caseId);
    expect(queueB).not.toContain(a.caseId);
    const agendaA = await ids(`/api/v1/agenda?date=${a.meeting.date}`, dsl(schoolA));
    expect(agendaA).toContain(a.caseId);
    expect(agendaA).not.toContain(b.caseId);
  });
});

describe("every list presents each role's own view", () => {
  const frontDoorOnly = ['rating', 'outcome', 'leadAgency', 'recontact', 'repeatReferral', 'breached', 'decisionDueAt', 'partnerInformation', 'carriedOverFrom'];

  it("a partner's agenda and information requests show their own organisation's part, never the front door's assessment or other agencies' requests", async () => {
    const c = await childAt(schoolA, surgery);
    const agenda = await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: dsl(schoolA) });
    const onAgenda = agenda.body.items.find((i: { caseId: string }) => i.caseId === c.caseId);
    const requests = await call('GET', '/api/v1/queues/information_requests', { token: dsl(schoolA) });
    const requested = requests.body.items.find((i: { caseId: string }) => i.caseId === c.caseId);
    for (const item of [onAgenda, requested]) {
      for (const key of frontDoorOnly) expect(item, key).not.toHaveProperty(key);
      expect(item).toMatchObject({ caseId: c.caseId, agency: 'education', stage: 'awaiting_decision', incidentType: 'domestic_abuse', meeting: c.meeting, partnerActions: [] });
      // The same part as the case page shows.
      expect(item.informationRequest).toEqual((await read(c.caseId, dsl(schoolA))).body.informationRequest);
      expect(JSON.stringify(item)).not.toMatch(/health|amber|red|green/);
    }
    expect(requested.request).toMatchObject({ agency: 'education', status: 'requested' });
    // The panel's agenda keeps the front door's summary.
    const forPanel = (await call('GET', `/api/v1/agenda?date=${c.meeting.date}`, { token: panel })).body.items.find((i: { caseId: string }) => i.caseId === c.caseId);
    expect(forPanel).toMatchObject({ rating: c.rating, partnerInformation: expect.arrayContaining([expect.objectContaining({ agency: 'health' })]) });
  });
});

describe('need to know cannot be self-granted, and ends', () => {
  it('sharing unasked is recorded for the panel and gives no access: an agency not asked, or another school', async () => {
    const c = await childAt(schoolA);
    const housing = tokenFor('partner_practitioner', 'housing', { id: 'org-housing' });
    for (const [token, marker] of [[housing, 'HOUSING-UNASKED'], [dsl(schoolB), 'SCHOOL-B-UNASKED']] as const) {
      const shared = await call('POST', `/api/v1/cases/${c.caseId}/partner-information`, { token, body: { currentInvolvement: true, involvementSummary: marker } });
      expect(shared.status, JSON.stringify(shared.body)).toBe(200);
      const r = await read(c.caseId, token);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('outside-need-to-know');
    }
    // The panel has both; no request was opened for housing, and school A's is still to answer.
    const forPanel = await call('GET', `/api/v1/cases/${c.caseId}/partner-information`, { token: panel });
    const summaries = forPanel.body.items.map((i: { information: { involvementSummary?: string } }) => i.information.involvementSummary);
    expect(summaries).toEqual(expect.arrayContaining(['HOUSING-UNASKED', 'SCHOOL-B-UNASKED']));
    const now = (await read(c.caseId, manager)).body;
    expect(now.partnerInformation.map((r: { agency: string }) => r.agency)).not.toContain('housing');
    expect(now.partnerInformation.find((r: { agency: string }) => r.agency === 'education').status).toBe('requested');
    const unasked = now.history.filter((e: { type: string; details?: { unsolicited?: boolean } }) => e.type === 'partner_information_received' && e.details?.unsolicited);
    expect(unasked).toHaveLength(2);
  });

  it('a school that has answered reads no more once the time after answering has passed (0 days here)', async () => {
    const c = await childAt(schoolA, surgery);
    expect((await read(c.caseId, dsl(schoolA))).status).toBe(200);
    const answered = await call('POST', `/api/v1/cases/${c.caseId}/partner-information`, { token: dsl(schoolA), body: { currentInvolvement: true, involvementSummary: 'Attendance has dropped.' } });
    expect(answered.status).toBe(200);
    expect((await read(c.caseId, dsl(schoolA))).status).toBe(403);
    // The practice not yet answering still reads.
    expect((await read(c.caseId, health(surgery))).status).toBe(200);
  });

  it("the allocation goes to the child's school: its lead reads and lists it, another school's does not; it ends with the case", async () => {
    const c = await childAt(schoolA);
    const decided = await call('POST', `/api/v1/cases/${c.caseId}/decision`, {
      token: panel,
      body: {
        levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', factors: ['3B'], proposedBy: 'early_help', partnerActions: [], earlyHelpConsent: { status: 'given' },
        rationale: 'Emerging needs after domestic abuse; the school knows the child best and will lead early help.',
        attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test Early Help Lead', agency: 'early_help' }],
      },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect((await call('POST', `/api/v1/cases/${c.caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    await eventually(async () => (await stack.models.Contact.findById(c.caseId).lean())?.stage === 'awaiting_allocation', 20_000, 'allocation');

    const queued = async (token: string) => ((await call('GET', '/api/v1/queues/awaiting_acceptance', { token })).body.items as { caseId: string }[]).map((i) => i.caseId);
    expect(await queued(schoolLead(schoolA))).toContain(c.caseId);
    const listed = (await call('GET', '/api/v1/queues/awaiting_acceptance', { token: schoolLead(schoolA) })).body.items.find((i: { caseId: string }) => i.caseId === c.caseId);
    for (const key of ['rating', 'outcome', 'leadAgency', 'recontact', 'partnerInformation']) expect(listed, key).not.toHaveProperty(key);
    expect(listed).toMatchObject({ agency: 'education', allocation: { status: 'requested' } });
    expect(await queued(schoolLead(schoolB))).not.toContain(c.caseId);
    expect((await read(c.caseId, schoolLead(schoolA))).status).toBe(200);
    const refused = await read(c.caseId, schoolLead(schoolB));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not-allocated');
    // Another school cannot take the allocation either.
    expect((await call('POST', `/api/v1/cases/${c.caseId}/allocation`, { token: schoolLead(schoolB), body: { response: 'accept', leadProfessional: { name: 'X' } } })).status).toBe(403);

    const accepted = await call('POST', `/api/v1/cases/${c.caseId}/allocation`, { token: schoolLead(schoolA), body: { response: 'accept', leadProfessional: { name: 'Test Family Worker' } } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await eventually(async () => (await stack.models.Contact.findById(c.caseId).lean())?.stage === 'closed', 20_000, 'closed');
    expect((await read(c.caseId, schoolLead(schoolA))).status).toBe(403);
  });
});

describe("the outbox is the referring organisation's", () => {
  it("each school reads its own referrals' outcomes, not another school's", async () => {
    const referred: Record<string, string> = {};
    for (const school of [schoolA, schoolB]) {
      const r = await call('POST', '/api/v1/referrals', { token: dsl(school), body: schoolReferral((f) => (f.children[0].schoolUrn = school)) });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      referred[school] = r.body.caseId;
    }
    for (const caseId of Object.values(referred)) {
      await eventually(async () => (await read(caseId, manager)).body.stage === 'awaiting_rating', 20_000, 'awaiting rating');
      expect((await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: manager, body: { rating: 'green', reason: 'Universal needs; the school is working with the family.' } })).status).toBe(200);
      const decided = await call('POST', `/api/v1/cases/${caseId}/decision`, {
        token: panel,
        body: {
          levelOfNeed: 1, outcome: 'information_and_signposting', factors: ['16A'], proposedBy: 'childrens_social_care', partnerActions: [],
          rationale: 'Universal needs; the school is already supporting the family and signposts them to the food bank.',
          attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test Early Help Lead', agency: 'early_help' }],
        },
      });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    }
    const outbox = async (token: string) => ((await call('GET', '/api/v1/outbox', { token })).body.items as { caseId: string }[]).map((i) => i.caseId);
    await eventually(async () => (await outbox(dsl(schoolA))).includes(referred[schoolA]), 20_000, "school A's outbox");
    await eventually(async () => (await outbox(dsl(schoolB))).includes(referred[schoolB]), 20_000, "school B's outbox");
    expect(await outbox(dsl(schoolA))).not.toContain(referred[schoolB]);
    expect(await outbox(dsl(schoolB))).not.toContain(referred[schoolA]);
  });
});

describe('a confidential address (a refuge)', () => {
  it('is withheld from partners and lead agencies, kept for the front door, and never in a disclosure', async () => {
    counter += 1;
    const body = freshNotification((n) => {
      n.children = [{ ...n.children[0], givenName: `Refuge${counter}${Date.now().toString(36)}`, schoolUrn: schoolA,
        address: { addressLine: '1 Sanctuary Refuge Lane', town: 'Scunthorpe', postcode: 'DN15 9ZZ', confidential: true } }];
    });
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const c = await eventually(async () => {
      const m = await read(r.body.caseId, manager);
      return m.body.stage === 'awaiting_decision' && m.body;
    }, 20_000, 'intake');
    // The front door keeps it.
    expect(c.notification.children[0].address).toMatchObject({ addressLine: '1 Sanctuary Refuge Lane', confidential: true });
    // The school asked sees the child, and that the address is withheld, not the address.
    const v = (await read(c.caseId, dsl(schoolA))).body;
    expect(v.children[0]).toMatchObject({ addressWithheld: true });
    expect(v.children[0]).not.toHaveProperty('address');
    expect(JSON.stringify(v)).not.toMatch(/Sanctuary|DN15 9ZZ/);
    for (const path of ['/api/v1/queues/information_requests', `/api/v1/agenda?date=${c.meeting.date}`]) {
      expect(JSON.stringify((await call('GET', path, { token: dsl(schoolA) })).body)).not.toMatch(/Sanctuary|DN15/);
    }
  });

  it("a referral form's household address marked confidential is withheld from partners and absent from the referrer's outbox", async () => {
    const form = schoolReferral((f) => {
      f.children[0].schoolUrn = schoolA;
      f.address = { addressLine: '2 Sanctuary Refuge Lane', town: 'Scunthorpe', postcode: 'DN16 9ZZ', confidential: true };
    });
    const sent = await call('POST', '/api/v1/referrals', { token: dsl(schoolA), body: form });
    expect(sent.status).toBe(202);
    const caseId = sent.body.caseId;
    await eventually(async () => (await read(caseId, manager)).body.stage === 'awaiting_rating', 20_000, 'awaiting rating');
    expect((await call('POST', `/api/v1/cases/${caseId}/initial-rating`, { token: manager, body: { rating: 'green', reason: 'Universal needs; the family is safe in a refuge.' } })).status).toBe(200);
    const v = (await read(caseId, health(visiting))).body;
    expect(v.children[0]).toMatchObject({ addressWithheld: true });
    expect(JSON.stringify(v)).not.toMatch(/Sanctuary|DN16 9ZZ|3 Example Close/);
    const decided = await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: {
        levelOfNeed: 1, outcome: 'information_and_signposting', factors: ['16A'], proposedBy: 'childrens_social_care', partnerActions: [],
        rationale: 'Universal needs; the refuge supports the family and the school signposts them to the food bank.',
        attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test Early Help Lead', agency: 'early_help' }],
      },
    });
    expect(decided.status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    const entry = await eventually(async () => ((await call('GET', '/api/v1/outbox', { token: dsl(schoolA) })).body.items as { caseId: string }[]).find((i) => i.caseId === caseId), 20_000, 'outbox');
    expect(JSON.stringify(entry)).not.toMatch(/Sanctuary|DN16|Scunthorpe/);
    // The information governance lead reads the disclosure (the engine's entries), no address in it, and no case.
    const igLead = tokenFor('auditor', 'front_door', { id: 'org-ig-lead' });
    const disclosures = await eventually(async () => {
      const items = (await call('GET', '/api/v1/audit?userId=pitstop-engine&pageSize=200', { token: igLead })).body.items as { action: string; caseId: string }[];
      return items.filter((i) => i.caseId === caseId && i.action.startsWith('disclosure.')).length > 0 && items.filter((i) => i.caseId === caseId);
    }, 20_000, 'the disclosure audited');
    expect(disclosures.map((d) => d.action)).toContain('disclosure.referrer_outcome');
    expect(JSON.stringify(disclosures)).not.toMatch(/Sanctuary|DN16|Scunthorpe/);
    for (const path of [`/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/timeline`, `/api/v1/cases/${caseId}/partner-information`]) {
      expect((await call('GET', path, { token: igLead })).status).toBe(403);
    }
  });
});

describe("marking an existing case's address confidential (the family has moved to a refuge)", () => {
  it('is a front-door step, audited without its reason, and from then on withholds the address from partners; a partner may not take it', async () => {
    counter += 1;
    const body = freshNotification((n) => {
      n.children = [{ ...n.children[0], givenName: `Moved${counter}${Date.now().toString(36)}`, schoolUrn: schoolA,
        address: { addressLine: '7 Former Home Road', town: 'Scunthorpe', postcode: 'DN15 8ZZ' } }];
    });
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const caseId = r.body.caseId;
    await eventually(async () => (await read(caseId, manager)).body.stage === 'awaiting_decision', 20_000, 'intake');
    expect((await read(caseId, dsl(schoolA))).body.children[0].address).toMatchObject({ addressLine: '7 Former Home Road' });

    const reason = 'Mother and child moved to a refuge this morning; the address must not be shared.';
    const path = `/api/v1/cases/${caseId}/address-confidentiality`;
    expect((await call('POST', path, { token: dsl(schoolA), body: { reason } })).status).toBe(403);
    expect((await call('POST', path, { token: manager, body: {} })).status).toBe(400);
    const marked = await call('POST', path, { token: manager, body: { reason } });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    // Once is enough: a second marking is out of order.
    expect((await call('POST', path, { token: panel, body: { reason } })).status).toBe(409);

    const v = (await read(caseId, dsl(schoolA))).body;
    expect(v.children[0]).toMatchObject({ addressWithheld: true });
    expect(JSON.stringify(v)).not.toMatch(/Former Home|DN15 8ZZ/);
    // Beyond need to know, too.
    const other = await call('GET', `/api/v1/cases/${caseId}`, { token: tokenFor('partner_practitioner', 'education', { id: 'refuge-beyond', organisation: schoolB }), headers: { 'x-reason': 'Checking a sibling link before the panel meets.' } });
    expect(JSON.stringify(other.body)).not.toMatch(/Former Home|DN15 8ZZ/);
    // The front door keeps it, and when and by whom it was marked.
    const full = (await read(caseId, manager)).body;
    expect(full.notification.children[0].address).toMatchObject({ addressLine: '7 Former Home Road' });
    expect(full.history.map((e: { type: string }) => e.type)).toContain('address_marked_confidential');

    const trail = (await call('GET', `/api/v1/audit?caseId=${caseId}&pageSize=200`, { token: tokenFor('auditor', 'front_door', { id: 'org-aud' }) })).body.items;
    const entries = trail.filter((e: { action: string }) => e.action === 'case.address.confidential');
    expect(entries).toMatchObject([{ actor: { id: 'org-mgr' }, outcome: 200 }]);
    expect(entries[0].timelineEntry).toMatch(new RegExp(`^${caseId}:\\d+$`));
    expect(JSON.stringify(trail)).not.toContain(reason);
  });
});

describe("marking an existing case's address confidential, at the pages", () => {
  it('is offered to a manager on the case page, asks the reason, and then withholds the address from partners', async () => {
    const c = await childAt(schoolA);
    const manager = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    const page = await manager.get(`/cases/${c.caseId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`/cases/${c.caseId}/address-confidentiality`);
    const form = await manager.get(`/cases/${c.caseId}/address-confidentiality`);
    expect(form.status).toBe(200);
    expect((await manager.post(`/cases/${c.caseId}/address-confidentiality`, { reason: '' })).status).toBe(400);
    const done = await manager.post(`/cases/${c.caseId}/address-confidentiality`, { reason: 'The family moved to a refuge last night.' });
    expect(done.status, done.html.slice(0, 300)).toBe(303);
    expect(done.location).toBe(`/cases/${c.caseId}?done=address`);
    expect((await manager.get(`/cases/${c.caseId}`)).html).toContain('Confidential: withheld from everyone outside the front door');
    expect((await read(c.caseId, dsl(schoolA))).body.children[0]).toMatchObject({ addressWithheld: true });
    // Not a partner's page.
    expect((await (await pagesSignedIn(stack.baseUrl, 'dev-housing-officer')).get(`/cases/${c.caseId}/address-confidentiality`)).status).toBe(403);
  });
});

describe('a police update naming a new school or GP practice re-addresses the parts', () => {
  it("moves the open request to the newly named school and GP practice; the old school's need to know ends with its part", async () => {
    counter += 1;
    const first = freshNotification((n) => {
      n.children = [{ ...n.children[0], givenName: `Mover${counter}${Date.now().toString(36)}`, schoolUrn: schoolA }];
    });
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: first });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const caseId = r.body.caseId;
    await eventually(async () => (await read(caseId, manager)).body.stage === 'awaiting_decision', 20_000, 'intake');
    expect((await read(caseId, dsl(schoolA))).status).toBe(200);
    expect((await read(caseId, dsl(schoolB))).status).toBe(403);
    // No GP named: health's part is its designated team's.
    expect((await read(caseId, health(visiting))).status).toBe(200);
    expect((await read(caseId, health(surgery))).status).toBe(403);

    // The force learns the child has moved to school B, and names their GP practice.
    const update = structuredClone(first);
    update.sentAt = new Date(Date.parse(first.sentAt) + 3_600_000).toISOString();
    update.children[0] = { ...update.children[0], schoolUrn: schoolB, gpPracticeCode: surgery, gp: 'Harbour Lane Surgery' };
    const sent = await call('POST', '/api/v1/notifications', { apiKey: police, body: update });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ updated: true, version: 2 });
    const c = await eventually(async () => {
      const m = (await read(caseId, manager)).body;
      return m.history.some((e: { type: string }) => e.type === 'notification_updated') && m;
    }, 20_000, 'the update recorded');
    const event = c.history.find((e: { type: string }) => e.type === 'notification_updated');
    expect(event.details.readdressed).toEqual({ education: { from: [schoolA], to: [schoolB] }, health: { from: [visiting], to: [surgery] } });

    // The newly named organisations read the case and list its request; the old ones no longer.
    expect((await read(caseId, dsl(schoolB))).body).toMatchObject({ access: 'need_to_know', informationRequest: { status: 'requested' } });
    expect((await read(caseId, health(surgery))).status).toBe(200);
    expect((await read(caseId, dsl(schoolA))).status).toBe(403);
    expect((await read(caseId, health(visiting))).status).toBe(403);
    const listed = async (token: string) => ((await call('GET', '/api/v1/queues/information_requests', { token })).body.items as { caseId: string }[]).some((i) => i.caseId === caseId);
    expect(await listed(dsl(schoolB))).toBe(true);
    expect(await listed(dsl(schoolA))).toBe(false);
    // School B answers: the request is its own (an answer, not shared unasked).
    const shared = await call('POST', `/api/v1/cases/${caseId}/partner-information`, { token: dsl(schoolB), body: { currentInvolvement: true, involvementSummary: 'Joined Riverside this week.' } });
    expect(shared.status).toBe(200);
    const answered = (await read(caseId, manager)).body.history.find((e: { type: string; details: { agency?: string } }) => e.type === 'partner_information_received' && e.details.agency === 'education');
    expect(answered.details.unsolicited).toBeUndefined();
  });
});

describe('break-glass reads are listed for review and counted per person', () => {
  it('lists each read beyond need to know with its reason for managers and the auditor, counted per person; nobody else sees the list', async () => {
    const c = await childAt(schoolA);
    const reason = 'Sibling attends Riverside; checking for a joint safety plan before the panel.';
    const yot = tokenFor('partner_practitioner', 'youth_justice', { id: 'bg-yot' });
    for (const [token, n] of [[dsl(schoolB), 2], [yot, 1]] as const) {
      for (let i = 0; i < n; i++) expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token, headers: { 'x-reason': reason } })).status).toBe(200);
    }
    // A read within need to know is not break-glass.
    expect((await read(c.caseId, dsl(schoolA))).status).toBe(200);
    for (const token of [manager, tokenFor('auditor', 'front_door', { id: 'bg-ig-lead' })]) {
      const r = await call('GET', '/api/v1/break-glass', { token });
      expect(r.status).toBe(200);
      const mine = r.body.items.filter((i: { caseId: string }) => i.caseId === c.caseId);
      expect(mine.map((i: { actor: { id: string } }) => i.actor.id).sort()).toEqual(['bg-yot', `dsl-${schoolB}`, `dsl-${schoolB}`]);
      expect(mine.every((i: { action: string; reason: string }) => i.action === 'case.read.beyond_need_to_know' && i.reason === reason)).toBe(true);
      expect(r.body.byPerson.find((p: { id: string }) => p.id === `dsl-${schoolB}`)).toMatchObject({ reads: 2, agency: 'education' });
      expect(r.body.byPerson.find((p: { id: string }) => p.id === 'bg-yot')).toMatchObject({ reads: 1 });
    }
    for (const token of [dsl(schoolA), panel, schoolLead(schoolA)]) expect((await call('GET', '/api/v1/break-glass', { token })).status).toBe(403);
  });

  it('is a page for managers and the information governance lead: each read with its reason, and each person\'s count', async () => {
    const c = await childAt(schoolA);
    const reason = 'Checking a sibling link before the panel meets this morning.';
    for (let i = 0; i < 3; i++) expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token: dsl(schoolB), headers: { 'x-reason': reason } })).status).toBe(200);
    for (const person of ['dev-front-door-manager', 'dev-auditor']) {
      const page = await (await pagesSignedIn(stack.baseUrl, person)).get('/break-glass');
      expect(page.status, page.html.slice(0, 500)).toBe(200);
      expect(page.html).toContain('Reads beyond need to know');
      expect(page.html).toContain(reason);
      expect(page.html).toContain(c.caseId);
      // The count per person: dsl-<school B> made three (and more in the test above).
      const row = new RegExp(`dsl-${schoolB}[\\s\\S]*?<td[^>]*>\\s*(\\d+)\\s*</td>`).exec(page.html);
      expect(Number(row?.[1])).toBeGreaterThanOrEqual(3);
    }
    for (const person of ['dev-housing-officer', 'dev-panel-chair']) {
      expect((await (await pagesSignedIn(stack.baseUrl, person)).get('/break-glass')).status).toBe(403);
    }
  });
});
