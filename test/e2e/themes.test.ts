// Themes by locality over HTTP: a notification counted in its incident's locality and week,
// the week asked for checked, and the counts read by managers and the panel only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, mondayOf } from '../../shared/working-time.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');

beforeAll(async () => {
  stack = await startStack('themes');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

describe('GET /api/v1/themes', () => {
  it("counts each contact's incident type in its locality's recent weeks", async () => {
    const sent = [
      freshNotification((n) => (n.incident.location.postcode = 'DN15 0ZZ')),
      freshNotification((n) => (n.incident.location.postcode = 'DN15 1ZZ')),
      freshNotification((n) => {
        n.incident.location.postcode = 'DN20 0ZZ';
        n.incident.type = 'missing_child';
      }),
    ];
    const ids = await Promise.all(sent.map(async (body) => (await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body })).body.caseId as string));
    await eventually(async () => (await Promise.all(ids.map((id) => stack.models.Contact.findById(id).lean()))).every((c) => c?.stage === 'awaiting_decision'), 20_000, 'intake');
    const thisWeek = mondayOf(localDate(Date.now(), stack.policy.calendar.timeZone));
    const r = await call('GET', `/api/v1/themes?week=${thisWeek}`, { token: manager });
    expect(r.status).toBe(200);
    expect(r.body.lastWeek).toBe(thisWeek);
    expect(r.body.localities).toContain('Scunthorpe North');
    const trend = (locality: string, theme: string) => r.body.trends.find((t: { locality: string; theme: string }) => t.locality === locality && t.theme === theme);
    expect(trend('Scunthorpe North', 'incident:domestic_abuse')).toMatchObject({ recent: 2, baseline: 0, emerging: false });
    expect(trend('Brigg and the Wolds', 'incident:missing_child')).toMatchObject({ recent: 1, emerging: false });
    // The week before: these contacts are after it, so not counted.
    const before = await call('GET', `/api/v1/themes?week=${addDays(thisWeek, -7)}`, { token: manager });
    expect(before.body.trends.find((t: { locality: string }) => t.locality === 'Brigg and the Wolds')).toBeUndefined();
  });

  it("puts the emerging themes that touch the agenda's cases on the agenda", async () => {
    // Five domestic abuse call-outs in a locality with none before: emerging (a test of its own in test/unit/themes.test.ts).
    const ids = await Promise.all(
      Array.from({ length: 5 }, async () => (await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification((n) => (n.incident.location.postcode = 'DN21 4ZZ')) })).body.caseId as string),
    );
    const meetingOf = async (id: string) => {
      const c = await call('GET', `/api/v1/cases/${id}`, { token: manager });
      return c.body.stage === 'awaiting_decision' ? (c.body.meeting.date as string) : undefined;
    };
    const date = await eventually(async () => meetingOf(ids[0]), 20_000, 'intake');
    await eventually(async () => (await Promise.all(ids.map(meetingOf))).every(Boolean), 20_000, 'intake');
    // The themes count the working set's rows, which a case's projection writes just after
    // its contact: the agenda (whose themes are then kept ten minutes) is asked once all five are there.
    await eventually(async () => (await Promise.all(ids.map((id) => stack.models.OpenCase.findById(id, { _id: 1 }).lean()))).every(Boolean), 20_000, 'the working set');
    const agenda = await call('GET', `/api/v1/agenda?date=${date}`, { token: manager });
    expect(agenda.status).toBe(200);
    const onAgenda = ids.filter((id) => agenda.body.items.some((i: { caseId: string }) => i.caseId === id));
    expect(onAgenda.length).toBeGreaterThan(0);
    const theme = agenda.body.themes.find((t: { locality: string }) => t.locality === 'Winterton and the Villages');
    expect(theme).toMatchObject({ theme: 'incident:domestic_abuse', recent: 5 });
    expect([...theme.caseIds].sort()).toEqual([...onAgenda].sort());
    // No other locality's theme is emerging on two or three contacts.
    expect(agenda.body.themes.map((t: { locality: string }) => t.locality)).toEqual(['Winterton and the Villages']);
  });

  it('refuses a week that is not a Monday with the field, and roles without the need', async () => {
    const bad = await call('GET', '/api/v1/themes?week=2026-12-02', { token: manager });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.week');
    expect((await call('GET', '/api/v1/themes', { token: tokenFor('panel_member', 'childrens_social_care') })).status).toBe(200);
    expect((await call('GET', '/api/v1/themes', { token: tokenFor('partner_practitioner', 'education') })).status).toBe(403);
    // A police API key is no credential here (bearer tokens only, by the contract): 401.
    expect((await call('GET', '/api/v1/themes', { apiKey: testAuth.policeApiKeys.HUM })).status).toBe(401);
  });
});
