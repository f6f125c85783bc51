// Who may do what: every role against every endpoint. Write requests carry an empty body,
// so a role that is allowed gets 400 (validated, nothing written) and one that is not
// gets 403 before anything is read; reads by allowed roles get 200.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
let caseId: string;
let childId: string;

const credentials: Record<Role, { token?: string; apiKey?: string }> = {
  police_system: { apiKey: testAuth.policeApiKeys.HUM },
  partner_practitioner: { token: tokenFor('partner_practitioner', 'health') },
  panel_member: { token: tokenFor('panel_member', 'childrens_social_care') },
  front_door_manager: { token: tokenFor('front_door_manager', 'front_door') },
  lead_agency_worker: { token: tokenFor('lead_agency_worker', 'education') },
  auditor: { token: tokenFor('auditor', 'front_door') },
};
const roles = Object.keys(credentials) as Role[];

beforeAll(async () => {
  stack = await startStack('access');
  call = http(stack.baseUrl);
  const r = await call('POST', '/api/v1/notifications', { ...credentials.police_system, body: freshNotification() });
  caseId = r.body.caseId;
  await eventually(async () => (await stack.models.Contact.findById(caseId).lean())?.stage === 'awaiting_decision', 20_000, 'intake');
  childId = (await stack.models.Contact.findById(caseId).lean())!.childPersonIds[0];
});
afterAll(async () => stack?.stop());

/** `allowedStatus`: what an allowed role's empty-bodied write gets when an empty body is valid. */
type Row = { method: 'GET' | 'POST'; path: () => string; allowed: Role[]; allowedStatus?: number };
const W = 400; // allowed write with an empty body
const rows: Row[] = [
  { method: 'POST', path: () => '/api/v1/notifications', allowed: ['police_system'] },
  { method: 'GET', path: () => '/api/v1/cases', allowed: ['front_door_manager'] },
  // Need to know (api/policies.ts): health is asked for its information on a domestic abuse
  // notification, so its practitioner reads the case; the lead agency worker's agency
  // (education) has no allocation on it yet. Other agencies: test/e2e/need-to-know.test.ts.
  { method: 'GET', path: () => `/api/v1/cases/${caseId}`, allowed: ['police_system', 'partner_practitioner', 'panel_member', 'front_door_manager'] },
  { method: 'GET', path: () => `/api/v1/cases/${caseId}/timeline`, allowed: ['panel_member', 'front_door_manager'] },
  { method: 'GET', path: () => `/api/v1/cases/${caseId}/partner-information`, allowed: ['partner_practitioner', 'panel_member', 'front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/rating`, allowed: ['panel_member', 'front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/partner-information`, allowed: ['partner_practitioner'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/decision`, allowed: ['panel_member'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/authorisation`, allowed: ['front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/amendments`, allowed: ['front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/allocation`, allowed: ['lead_agency_worker'] },
  // The front door withholds an address from everyone else (a refuge).
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/address-confidentiality`, allowed: ['panel_member', 'front_door_manager'] },
  // A manager marks a contact a duplicate of another, and merges or splits people.
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/duplicate`, allowed: ['front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/people/${childId}/merge`, allowed: ['front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/people/${childId}/split`, allowed: ['front_door_manager'] },
  { method: 'GET', path: () => '/api/v1/agenda', allowed: ['partner_practitioner', 'panel_member', 'front_door_manager'] },
  { method: 'GET', path: () => '/api/v1/queues/breached', allowed: ['front_door_manager'] },
  { method: 'GET', path: () => '/api/v1/queues/awaiting_acceptance', allowed: ['front_door_manager', 'lead_agency_worker'] },
  { method: 'GET', path: () => '/api/v1/figures', allowed: ['front_door_manager'] },
  { method: 'GET', path: () => '/api/v1/audit', allowed: ['auditor'] },
  // Reads beyond need to know, for review: managers and the information governance lead.
  { method: 'GET', path: () => '/api/v1/break-glass', allowed: ['front_door_manager', 'auditor'] },
  { method: 'GET', path: () => '/api/v1/queues/information_requests', allowed: ['partner_practitioner'] },
  { method: 'GET', path: () => `/api/v1/people/${childId}/contacts`, allowed: ['panel_member', 'front_door_manager'] },
  { method: 'GET', path: () => `/api/v1/people/${childId}/household`, allowed: ['panel_member', 'front_door_manager'] },
  // Contacts from anyone: partners refer, the front door records calls and rates; partners read their agency's outcomes.
  { method: 'POST', path: () => '/api/v1/referrals', allowed: ['partner_practitioner', 'front_door_manager'] },
  { method: 'POST', path: () => `/api/v1/cases/${caseId}/initial-rating`, allowed: ['panel_member', 'front_door_manager'] },
  { method: 'GET', path: () => '/api/v1/outbox', allowed: ['partner_practitioner'] },
  // The PIT Stop meeting: its minutes name children (need to know); the panel and managers record it.
  { method: 'GET', path: () => '/api/v1/meetings/2026-11-16', allowed: ['panel_member', 'front_door_manager', 'auditor'] },
  { method: 'POST', path: () => '/api/v1/meetings/2026-11-16/open', allowed: ['panel_member', 'front_door_manager'] },
  { method: 'POST', path: () => '/api/v1/meetings/2026-11-16/register', allowed: ['panel_member', 'front_door_manager'] },
  // An empty body is a valid closing (the end defaults to now): refused as never opened.
  { method: 'POST', path: () => '/api/v1/meetings/2026-11-16/close', allowed: ['panel_member', 'front_door_manager'], allowedStatus: 409 },
];

describe('role × endpoint', () => {
  for (const row of rows) {
    it(`${row.method} ${row.path().replace(/C-undefined|C-[0-9A-F]+|undefined/, ':id')}`, async () => {
      const timelineBefore = await stack.models.Timeline.countDocuments({ caseId });
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const role of roles) {
        const r = await call(row.method, row.path(), { ...credentials[role], ...(row.method === 'POST' ? { body: {} } : {}) });
        got[role] = r.status;
        // A police system's API key is no credential on an operation only people may call
        // (the contract secures it with a bearer token alone): 401, not 403.
        const refused = role === 'police_system' ? 401 : 403;
        want[role] = row.allowed.includes(role) ? (row.method === 'POST' ? (row.allowedStatus ?? W) : 200) : refused;
      }
      const anonymous = await call(row.method, row.path(), row.method === 'POST' ? { body: {} } : {});
      got.anonymous = anonymous.status;
      want.anonymous = 401;
      expect(got).toEqual(want);
      expect(await stack.models.Timeline.countDocuments({ caseId })).toBe(timelineBefore);
      expect(await stack.models.MeetingRecord.countDocuments({})).toBe(0);
    });
  }
});

describe('agency and force boundaries', () => {
  it('keeps a force to its own notifications and out of partners\' information', async () => {
    const other = { apiKey: testAuth.policeApiKeys.WYP };
    expect((await call('GET', `/api/v1/cases/${caseId}`, other)).status).toBe(403);
    const own = await call('GET', `/api/v1/cases/${caseId}`, credentials.police_system);
    expect(Object.keys(own.body).sort()).toEqual(['caseId', 'forceCode', 'policeReference', 'receivedAt', 'stage', 'url']);
  });

  it('records refused attempts in the audit log', async () => {
    await call('GET', `/api/v1/cases/${caseId}`, { apiKey: testAuth.policeApiKeys.WYP });
    const log = await call('GET', `/api/v1/audit?userId=police-system:WYP`, credentials.auditor);
    expect(log.body.items[0]).toMatchObject({ action: 'access.refused', caseId, outcome: 403, reason: "another force's notification" });
  });

  it("never takes a force's identity from a person's token", async () => {
    // A provider's token claiming the police system role (and a force) signs nobody in.
    const claimed = tokenFor('police_system', 'police', { force: 'HUM', id: 'police-system:HUM' });
    expect((await call('GET', `/api/v1/cases/${caseId}`, { token: claimed })).status).toBe(401);
    expect((await call('POST', '/api/v1/notifications', { token: claimed, body: freshNotification() })).status).toBe(401);
  });

  it('refuses a partner or lead agency token that names no partner agency', async () => {
    for (const role of ['partner_practitioner', 'lead_agency_worker'] as const) {
      expect((await call('GET', '/api/v1/agenda', { token: tokenFor(role, 'front_door') })).status).toBe(401);
    }
  });

  it("rejects a forged token: the provider's token altered", async () => {
    // A character inside the signature (the last one carries padding bits a decoder may ignore).
    const [head, body, signature] = credentials.front_door_manager.token!.split('.');
    const forged = [head, body, `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`].join('.');
    const r = await call('GET', '/api/v1/cases', { token: forged });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('rejects a token signed with a shared secret (the development secret of old), with or without an expiry', async () => {
    const { SignJWT } = await import('jose');
    const oldSecret = new TextEncoder().encode('pitstop-development-secret-not-for-production');
    const claims = { name: 'x', role: 'front_door_manager', agency: 'front_door', roles: ['front_door_manager'] };
    const hs256 = () => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('pitstop').setIssuedAt();
    expect((await call('GET', '/api/v1/cases', { token: await hs256().setExpirationTime('5m').sign(oldSecret) })).status).toBe(401);
    expect((await call('GET', '/api/v1/cases', { token: await hs256().sign(oldSecret) })).status).toBe(401);
  });

  it('sets security headers and a request id on every answer', async () => {
    const r = await call('GET', '/api/v1/cases', { ...credentials.front_door_manager, headers: { 'x-request-id': 'trace-123' } });
    expect(r.headers.get('x-request-id')).toBe('trace-123');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});
