// Every refused attempt is in the audit trail: no credentials (401), a case id that names no
// case (404), a step out of order (409) or against a rule, as a misuse inquiry needs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification, jointly } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const auditor = tokenFor('auditor', 'front_door', { id: 'auditor-refusals' });
const manager = tokenFor('front_door_manager', 'front_door', { id: 'manager-refusals' });
const panel = tokenFor('panel_member', 'childrens_social_care', { id: 'panel-refusals' });

beforeAll(async () => {
  stack = await startStack('refusals-audit');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

type Entry = { action: string; outcome: number; resource: string; reason?: string; caseId?: string; actor: { id: string } };
const trail = async (query: string): Promise<Entry[]> => (await call('GET', `/api/v1/audit?${query}&pageSize=200`, { token: auditor })).body.items;

describe('refused attempts', () => {
  it('are recorded: no credentials, an unknown case id, a step out of order', async () => {
    const unknown = 'C-0000000000000000DEAD';
    expect((await call('GET', `/api/v1/cases/${unknown}`)).status).toBe(401);
    expect((await call('GET', `/api/v1/cases/${unknown}`, { token: 'not.a.token' })).status).toBe(401);
    expect((await call('GET', `/api/v1/cases/${unknown}`, { token: manager })).status).toBe(404);

    const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    await eventually(async () => (await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager })).body?.stage === 'awaiting_decision', 20_000, 'intake');
    const outOfOrder = await call('POST', `/api/v1/cases/${r.body.caseId}/authorisation`, { token: manager, body: { action: 'authorise' } });
    expect(outOfOrder.status).toBe(409);
    const bad = await call('POST', `/api/v1/cases/${r.body.caseId}/decision`, { token: panel, body: { ...jointly, levelOfNeed: 9 } });
    expect(bad.status).toBe(400);

    await eventually(async () => {
      const anonymous = (await trail('userId=unauthenticated')).filter((e) => e.action === 'access.refused' && e.resource === `GET /api/v1/cases/${unknown}`);
      return anonymous.length >= 2 && anonymous.every((e) => e.outcome === 401);
    }, 10_000, 'the 401s recorded');
    const probes = await trail(`caseId=${unknown}`);
    expect(probes.filter((e) => e.action === 'case.not_found')).toMatchObject([{ outcome: 404, actor: { id: 'manager-refusals' } }]);
    const onCase = await trail(`caseId=${r.body.caseId}`);
    expect(onCase.filter((e) => e.action === 'case.request.refused').map((e) => [e.actor.id, e.outcome]).sort()).toEqual([
      ['manager-refusals', 409],
      ['panel-refusals', 400],
    ]);
  });

  it("are recorded at the pages too: a page not for the person's role, a form without its CSRF token", async () => {
    const housing = await pagesSignedIn(stack.baseUrl, 'dev-housing-officer');
    expect((await housing.get('/audit')).status).toBe(403);
    const mgr = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    expect((await mgr.get('/queues/awaiting-authorisation')).status).toBe(200);
    expect((await mgr.post('/cases/C-0000000000000000BEEF/rating', { _csrf: 'forged', rating: 'red', reason: 'x' })).status).toBe(403);
    const refusals = async (userId: string) => (await trail(`userId=${userId}`)).filter((e) => e.action === 'access.refused');
    expect(await refusals('dev-housing-officer')).toEqual([expect.objectContaining({ outcome: 403, resource: 'GET /audit (pages)', reason: 'a page not for this role' })]);
    expect(await refusals('dev-front-door-manager')).toEqual([
      expect.objectContaining({ outcome: 403, resource: 'POST /cases/C-0000000000000000BEEF/rating (pages)', reason: 'the form carried no valid CSRF token' }),
    ]);
  });
});
