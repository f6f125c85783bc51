// The managers' measures over time, from the cases the workflow projected: a point per week
// (per locality when asked), the police no-further-action share beside every source's, CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, mondayOf } from '../../shared/working-time.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { schoolReferral } from '../support/referrals.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');

beforeAll(async () => {
  stack = await startStack('series');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

const stageOf = async (caseId: string) => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body?.stage;

describe('GET /api/v1/figures/series', () => {
  it('gives each week its contacts and shares, police apart from every source, as JSON and CSV', async () => {
    const police = await Promise.all(
      ['DN15 0ZZ', 'DN20 0ZZ'].map(async (postcode) => (await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification((n) => (n.incident.location.postcode = postcode)) })).body.caseId as string),
    );
    const school = (await call('POST', '/api/v1/referrals', { token: tokenFor('partner_practitioner', 'education'), body: schoolReferral() })).body.caseId as string;
    await eventually(async () => (await Promise.all(police.map(stageOf))).every((s) => s === 'awaiting_decision') && (await stageOf(school)) === 'awaiting_rating', 20_000, 'intake');
    const decided = await call('POST', `/api/v1/cases/${police[0]}/decision`, { token: panel, body: { levelOfNeed: 1, outcome: 'no_further_action', factors: ['21'], ...jointly } });
    expect(decided.status).toBe(200);
    // A decision counts once authorised.
    expect((await call('POST', `/api/v1/cases/${police[0]}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    await eventually(async () => (await stack.models.Contact.findById(police[0]).lean())?.outcome === 'no_further_action', 20_000, 'authorisation');

    const today = localDate(Date.now(), stack.policy.calendar.timeZone);
    const r = await call('GET', `/api/v1/figures/series?interval=week&from=${addDays(mondayOf(today), -14)}`, { token: manager });
    expect(r.status).toBe(200);
    expect(r.body.points.map((p: { period: string }) => p.period)).toEqual([-14, -7, 0].map((d) => addDays(mondayOf(today), d)));
    expect(r.body.points[0]).toMatchObject({ contacts: 0, decided: 0, noFurtherActionShare: null });
    expect(r.body.points[2]).toMatchObject({ contacts: 3, policeContacts: 2, decided: 1, noFurtherAction: 1, noFurtherActionShare: 1, policeNoFurtherActionShare: 1 });

    const byLocality = await call('GET', `/api/v1/figures/series?from=${today}&group=locality`, { token: manager });
    const groups = Object.fromEntries(byLocality.body.points.map((p: { group: string; contacts: number }) => [p.group, p.contacts]));
    expect(groups['Scunthorpe North']).toBeGreaterThanOrEqual(1);
    expect(groups['Brigg and the Wolds']).toBe(1);

    const csv = await fetch(`${stack.baseUrl}/api/v1/figures/series?from=${mondayOf(today)}&format=csv`, { headers: { authorization: `Bearer ${manager}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const [head, row] = (await csv.text()).trim().split('\r\n').map((l) => l.split(','));
    expect(head.slice(0, 4)).toEqual(['period', 'group', 'contacts', 'policeContacts']);
    expect(row[0]).toBe(`"${mondayOf(today)}"`);
    // Three contacts leave the front door as fewer than the small-count threshold (5).
    expect(row[2]).toBe('"fewer than 5"');
  });

  it('refuses a period backwards with the field, and roles that are not managers', async () => {
    const r = await call('GET', '/api/v1/figures/series?from=2026-12-01&to=2026-11-01', { token: manager });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('query.from');
    expect((await call('GET', '/api/v1/figures/series', { token: panel })).status).toBe(403);
  });
});
