// Tests get people's tokens from the suite's identity provider, not from a back door:
// tokenFor signs a made-up person in at the provider's login page (synchronously), and the
// API accepts exactly that token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { http, startStack, testIssuer, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack('people-tokens');
});
afterAll(async () => stack?.stop());

describe('tokenFor', () => {
  it("is the provider's RS256 access token for the API, carrying role, agency and organisation", () => {
    const token = tokenFor('lead_agency_worker', 'education', { id: 'dsl-tokens', name: 'Test DSL', organisation: '990002' });
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    expect(decodeJwt(token)).toMatchObject({ iss: testIssuer(), aud: 'api://pitstop', sub: 'dsl-tokens', roles: ['lead_agency_worker'], agency: 'education', organisation: '990002' });
    expect(typeof decodeJwt(token).exp).toBe('number');
    // Once per identity in a file.
    expect(tokenFor('lead_agency_worker', 'education', { id: 'dsl-tokens', name: 'Test DSL', organisation: '990002' })).toBe(token);
  });

  it('is accepted by the API, which takes the person from the claims', async () => {
    const r = await http(stack.baseUrl)('GET', '/api/v1/cases', { token: tokenFor('front_door_manager', 'front_door', { id: 'mgr-tokens' }) });
    expect(r.status).toBe(200);
  });
});

describe('npm run token', () => {
  it("prints a synthetic person's access token from the provider, which the API accepts", async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { projectRoot } = await import('../../infra/servers.js');
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'api/auth/sign-in-token.ts', ...args], { cwd: projectRoot, env: { ...process.env, OIDC_ISSUER: testIssuer() } });
    const { stdout } = await run(['--person', 'dev-front-door-manager']);
    const token = stdout.trim();
    expect(decodeJwt(token)).toMatchObject({ iss: testIssuer(), sub: 'dev-front-door-manager', roles: ['front_door_manager'] });
    expect((await http(stack.baseUrl)('GET', '/api/v1/cases', { token })).status).toBe(200);
    const byRole = (await run(['--role', 'lead_agency_worker', '--agency', 'education'])).stdout.trim();
    expect(decodeJwt(byRole)).toMatchObject({ roles: ['lead_agency_worker'], agency: 'education' });
    await expect(run(['--role', 'police_system'])).rejects.toMatchObject({ code: 2 });
  });
});
