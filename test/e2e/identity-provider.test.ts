// The embedded development identity provider and the API's verifier of its access tokens,
// over HTTP: a synthetic person signs in through the provider's login page (authorization
// code + PKCE), the token carries role, agency and organisation, and the verifier accepts
// it only from that issuer, for that audience, signed with the provider's key, with `exp`.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultClaimsMapping, principalFromClaims } from '../../api/auth/claims.js';
import { peopleTokens, type OidcSettings } from '../../api/auth/people.js';
import { signInAtProvider } from '../../infra/oidc-login.mjs';
import { DEV_API_AUDIENCE, DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI, startIdentityProvider } from '../../infra/oidc-provider.js';
import { startOnFreePort, type RunningServer } from '../../infra/servers.js';

let provider: RunningServer & { issuer?: string };
let settings: OidcSettings;
beforeAll(async () => {
  provider = await startOnFreePort((port) => startIdentityProvider({ port, adHocPeople: true }));
  settings = { issuer: provider.address, audience: DEV_API_AUDIENCE, clockSkewSeconds: 30, claims: defaultClaimsMapping };
});
afterAll(() => provider?.stop());

const signIn = (login: string) => signInAtProvider({ issuer: provider.address, clientId: DEV_CLI_CLIENT_ID, redirectUri: DEV_CLI_REDIRECT_URI, login });

describe('the embedded identity provider', () => {
  it('signs a synthetic person in and the verifier maps role, agency and organisation', async () => {
    const { access_token } = await signIn('dev-school-lead');
    expect(await peopleTokens(settings).verify(access_token)).toEqual({
      id: 'dev-school-lead', name: 'Dev Designated Safeguarding Lead', role: 'lead_agency_worker', agency: 'education', organisation: '990001',
    });
  });

  it('signs in a person a test describes (tests only)', async () => {
    const login = `ad-hoc:${Buffer.from(JSON.stringify({ id: 'auditor-x', name: 'Test Auditor', role: 'auditor', agency: 'front_door' })).toString('base64url')}`;
    const { access_token } = await signIn(login);
    expect(await peopleTokens(settings).verify(access_token)).toMatchObject({ id: 'auditor-x', role: 'auditor', agency: 'front_door' });
  });

  it('refuses an unknown person at the login page', async () => {
    await expect(signIn('nobody')).rejects.toThrow(/did not sign nobody in/);
  });

  it("refuses the provider's token for another audience or from another issuer", async () => {
    const { access_token } = await signIn('dev-front-door-manager');
    expect(await peopleTokens({ ...settings, audience: 'api://elsewhere' }).verify(access_token)).toBeUndefined();
    expect(await peopleTokens({ ...settings, issuer: 'http://127.0.0.1:1' }).verify(access_token)).toBeUndefined();
  });

  it('refuses a token signed with another key, with a shared secret, or without exp', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const claims = { name: 'Forger', roles: ['front_door_manager'], agency: 'front_door' };
    const base = () => new SignJWT(claims).setSubject('forger').setIssuer(provider.address).setAudience(DEV_API_AUDIENCE).setIssuedAt();
    const verifier = peopleTokens(settings);
    expect(await verifier.verify(await base().setExpirationTime('5m').setProtectedHeader({ alg: 'RS256', kid: 'x' }).sign(privateKey))).toBeUndefined();
    expect(await verifier.verify(await base().setExpirationTime('5m').setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32))))).toBeUndefined();
    expect(await verifier.verify(await base().setProtectedHeader({ alg: 'RS256' }).sign(privateKey))).toBeUndefined();
  });
});

describe('claims mapping', () => {
  const mapping = { ...defaultClaimsMapping, roleClaim: 'realm_access.roles', roles: { 'pitstop-manager': 'front_door_manager' as const, 'pitstop-partner': 'partner_practitioner' as const } };

  it('maps a nested role claim (Keycloak realm roles) and ignores other applications\' roles', () => {
    expect(principalFromClaims({ sub: 's', name: 'N', realm_access: { roles: ['offline_access', 'pitstop-manager'] }, agency: 'front_door' }, mapping)).toMatchObject({ role: 'front_door_manager' });
  });

  it('refuses two roles, no role, no agency, a partner at the front door, and a police system', () => {
    expect(principalFromClaims({ sub: 's', realm_access: { roles: ['pitstop-manager', 'pitstop-partner'] }, agency: 'health' }, mapping)).toBeUndefined();
    expect(principalFromClaims({ sub: 's', realm_access: { roles: [] }, agency: 'health' }, mapping)).toBeUndefined();
    expect(principalFromClaims({ sub: 's', realm_access: { roles: ['pitstop-partner'] } }, mapping)).toBeUndefined();
    expect(principalFromClaims({ sub: 's', realm_access: { roles: ['pitstop-partner'] }, agency: 'front_door' }, mapping)).toBeUndefined();
    expect(principalFromClaims({ sub: 's', roles: ['police_system'], agency: 'police' }, defaultClaimsMapping)).toBeUndefined();
  });
});
