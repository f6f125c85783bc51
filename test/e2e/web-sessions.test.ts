// The pages' sessions over HTTP, as a browser keeps them: signed in at the identity
// provider (authorization code + PKCE), kept server-side, the person's own access token
// refreshed when it expires, a refresh the provider refuses ending the session, and the
// cookies `__Host-` and Secure in production.
import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebConfig } from '../../web/config.js';
import { webRoutes } from '../../web/routes.js';
import { hashOf } from '../../web/session.js';
import { follow, signedInAtPages, type Jar } from '../../infra/http-browser.js';
import { http, startStack, testAuth, testIssuer, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack('web-sessions');
});
afterAll(async () => stack?.stop());

/** The raw value of the session cookie the pages set for the person (what a browser holds). */
const sessionCookieOf = (browser: { cookie(): string }) => /(?:^|; )pitstop_session=([^;]+)/.exec(browser.cookie())![1];

/** Signs a synthetic person in through the pages, as a browser does (infra/http-browser.ts), and the session's id in the database. */
async function signIn(person: string, path = '/figures', base = stack.baseUrl) {
  const browser = await signedInAtPages(base, person, path);
  return { browser, raw: sessionCookieOf(browser), id: hashOf(sessionCookieOf(browser)) };
}

describe('a session', () => {
  it('is kept server-side: the cookie is a random value, the database holds its hash, the person and their tokens', async () => {
    const { raw } = await signIn('dev-front-door-manager');
    const found = await stack.store.readWebSession(hashOf(raw));
    expect(found!.session.user).toMatchObject({ id: 'dev-front-door-manager', role: 'front_door_manager', agency: 'front_door' });
    expect(found!.session.tokens.refreshToken).toBeTruthy();
    expect(await stack.store.readWebSession(raw)).toBeUndefined();
  });

  it("calls the API with the person's own access token, refreshed when it has expired", async () => {
    const { browser, id } = await signIn('dev-front-door-manager');
    const before = (await stack.store.readWebSession(id))!.session.tokens;
    // The API accepts the session's token: it is the provider's, for this person.
    expect((await http(stack.baseUrl)('GET', '/api/v1/cases', { token: before.accessToken })).status).toBe(200);
    await stack.store.updateWebSession(id, { tokens: { ...before, accessExpiresAt: new Date(Date.now() - 1000) } });
    const page = await browser.get('/figures');
    expect([page.status, page.location]).toEqual([200, null]);
    const after = (await stack.store.readWebSession(id))!.session.tokens;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(+new Date(after.accessExpiresAt)).toBeGreaterThan(Date.now());
  });

  it('ends when the provider refuses the refresh (the person removed there): the next page signs in again', async () => {
    const { browser, id } = await signIn('dev-front-door-manager');
    const tokens = (await stack.store.readWebSession(id))!.session.tokens;
    await stack.store.updateWebSession(id, { tokens: { ...tokens, refreshToken: 'revoked-at-the-provider', accessExpiresAt: new Date(Date.now() - 1000) } });
    const page = await browser.get('/figures');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/sign-in/);
    expect(await stack.store.readWebSession(id)).toBeUndefined();
  });

  it('ends after the idle timeout and at its absolute end', async () => {
    for (const change of [{ seenAt: new Date(Date.now() - 31 * 60_000) }]) {
      const { browser, id } = await signIn('dev-auditor', '/audit');
      await stack.store.updateWebSession(id, change);
      expect((await browser.get('/audit')).location).toMatch(/^\/sign-in/);
      expect(await stack.store.readWebSession(id)).toBeUndefined();
    }
  });

  it('refuses a person whose token names no role in the service, and starts no session', async () => {
    const jar: Jar = new Map();
    const login = await follow(jar, `${stack.baseUrl}/sign-in`);
    const action = /<form method="post" action="([^"]+)"/.exec(await login.answer.text())![1].replace(/&#47;/g, '/');
    // An ad-hoc person claiming the police system role: a person's token never makes a force.
    const adHoc = `ad-hoc:${Buffer.from(JSON.stringify({ id: 'claims-police', name: 'Claims Police', role: 'police_system', agency: 'police' })).toString('base64url')}`;
    const back = await follow(jar, new URL(action, login.url).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: adHoc }).toString() });
    expect(back.answer.status).toBe(403);
    expect(await back.answer.text()).toContain('Your account has no role in this service');
    expect(jar.get(`${new URL(stack.baseUrl).host} pitstop_session`)).toBeUndefined();
  });
});

describe('as npm start runs it', () => {
  it("signs in at the embedded provider configured for the pages' own address (no test-only client)", async () => {
    const { createServer } = await import('../../server/app.js');
    const { startIdentityProvider } = await import('../../infra/oidc-provider.js');
    const { freePort } = await import('../../infra/servers.js');
    const { loadAuthConfig } = await import('../../api/auth/tokens.js');
    const port = await freePort();
    const provider = await startIdentityProvider({ port: await freePort(), webBaseUrls: [`http://127.0.0.1:${port}`] });
    const env = { ...process.env, OIDC_ISSUER: provider.address };
    const app = createServer(
      { temporal: stack.temporal, taskQueue: stack.taskQueue, store: stack.store, policy: stack.policy, auth: loadAuthConfig(env) },
      { log: () => {}, web: loadWebConfig(env) },
    );
    const server: Server = await new Promise((ok) => {
      const s = app.listen(port, '127.0.0.1', () => ok(s));
    });
    try {
      const { id } = await signIn('dev-school-lead-riverside', '/allocations', `http://127.0.0.1:${port}`);
      expect((await stack.store.readWebSession(id))!.session.user).toMatchObject({ id: 'dev-school-lead-riverside', agency: 'education', organisation: '990002' });
    } finally {
      await new Promise((ok) => server.close(ok));
      await provider.stop();
    }
  });
});

describe('cookies in production', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(webRoutes({ auth: testAuth, policy: stack.policy, sessionStore: stack.store, config: { ...loadWebConfig({ OIDC_ISSUER: testIssuer() }), production: true } }));
    server = await new Promise((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((ok) => server?.close(ok)));

  it('are __Host- and Secure', async () => {
    const res = await fetch(`${base}/sign-in`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-pitstop_signin=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
  });
});
