// The embedded development identity provider: a real OpenID Connect provider
// (`oidc-provider`) that `npm start` and the test suite run, so sign-in works out of the box
// the way it will against the council's own provider (Entra ID, Keycloak). It signs people
// in from the synthetic people (shared/synthetic-people.ts) on its own login page, issues
// RS256 JWT access tokens for the engine's API (audience `api://pitstop`) carrying the
// people's claims, and ends sessions (RP-initiated logout). In memory: a restart forgets
// its sessions and its signing key. Production refuses it (shared/production.ts).
import Provider from 'oidc-provider';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { InfraError, type RunningServer } from './servers.js';
import { syntheticPeople, syntheticPersonById, type SyntheticPerson } from '../shared/synthetic-people.js';

import { AD_HOC_PREFIX, DEV_API_AUDIENCE, DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI, DEV_WEB_CLIENT_ID, DEV_WEB_CLIENT_SECRET } from '../shared/dev-identity.js';

export { AD_HOC_PREFIX, DEV_API_AUDIENCE, DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI, DEV_WEB_CLIENT_ID, DEV_WEB_CLIENT_SECRET };

export interface IdentityProviderOptions {
  port: number;
  /** Where the pages live, for the web client's redirect and post-logout addresses. */
  webBaseUrls?: string[];
  /**
   * Tests only: also sign in a person described in the login value itself
   * (`ad-hoc:` + base64url JSON of a SyntheticPerson), so a test can sign in whoever it needs.
   */
  adHocPeople?: boolean;
  /**
   * Tests only: the pages' client may return to any loopback port (each test file's
   * server listens on its own), as a native client's loopback redirect may (RFC 8252).
   */
  anyLoopbackWebClient?: boolean;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The person a login value names: a synthetic person's id or, with `adHocPeople`, a made-up
 * person (registered under their own id, which becomes the token's `sub`).
 */
function lookUp(adHoc: Map<string, SyntheticPerson> | undefined, login: string): SyntheticPerson | undefined {
  if (adHoc && login.startsWith(AD_HOC_PREFIX)) {
    try {
      const p = JSON.parse(Buffer.from(login.slice(AD_HOC_PREFIX.length), 'base64url').toString('utf8')) as SyntheticPerson;
      if (typeof p.id !== 'string' || !p.id || syntheticPersonById(p.id)) return undefined;
      adHoc.set(p.id, { ...p, description: '' });
      return adHoc.get(p.id);
    } catch {
      return undefined;
    }
  }
  return syntheticPersonById(login) ?? adHoc?.get(login);
}

/** The claims a council's provider would put in a person's token. */
const claimsOf = (p: SyntheticPerson) => ({
  name: p.name,
  roles: [p.role],
  agency: p.agency,
  ...(p.organisation ? { organisation: p.organisation } : {}),
});

function loginPage(uid: string, clientId: string): string {
  const items = syntheticPeople
    .map((p, i) => `<div><input type="radio" name="login" id="p${i}" value="${escapeHtml(p.id)}"${i === 0 ? ' required' : ''}>
<label for="p${i}">${escapeHtml(p.name)} – ${escapeHtml(p.role.replace(/_/g, ' '))}, ${escapeHtml(p.agency.replace(/_/g, ' '))}${p.organisation ? ` (${escapeHtml(p.organisation)})` : ''}</label>
<div class="hint">${escapeHtml(p.description)}</div></div>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in – development identity provider</title>
<style>body{font-family:Arial,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}.hint{color:#505a5f;margin:0 0 .8rem 1.6rem}
label{font-weight:bold}button{font-size:1.1rem;padding:.5rem 1rem;background:#00703c;color:#fff;border:0}</style></head><body>
<h1>Sign in to the PIT Stop</h1>
<p><strong>Development identity provider.</strong> Synthetic people only; a council signs its staff in with its own provider (with multi-factor authentication). Signing in for <code>${escapeHtml(clientId)}</code>.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><fieldset><legend>Who are you signing in as?</legend>
${items}</fieldset><button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new InfraError('login form too large');
  }
  return new URLSearchParams(body);
}

/** What the engine's clients are granted: the person's claims, a refresh token, the API. */
function grantEverything(grant: { addOIDCScope(s: string): void; addOIDCClaims(c: string[]): void; addResourceScope(r: string, s: string): void }) {
  grant.addOIDCScope('openid profile offline_access');
  grant.addOIDCClaims(['name', 'roles', 'agency', 'organisation']);
  grant.addResourceScope(DEV_API_AUDIENCE, 'api');
}

export function createIdentityProvider(issuer: string, opts: Omit<IdentityProviderOptions, 'port'> = {}) {
  const adHoc = opts.adHocPeople ? new Map<string, SyntheticPerson>() : undefined;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const webBases = opts.anyLoopbackWebClient ? ['http://127.0.0.1'] : (opts.webBaseUrls ?? []);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEV_WEB_CLIENT_ID,
        client_secret: DEV_WEB_CLIENT_SECRET,
        redirect_uris: webBases.map((b) => `${b}/auth/callback`),
        post_logout_redirect_uris: webBases.map((b) => `${b}/signed-out`),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        ...(opts.anyLoopbackWebClient ? { application_type: 'native' as const } : {}),
      },
      {
        client_id: DEV_CLI_CLIENT_ID,
        redirect_uris: [DEV_CLI_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'roles', 'agency', 'organisation'] },
    conformIdTokenClaims: false,
    ttl: { AccessToken: 3600, IdToken: 3600, Interaction: 600, Session: 14 * 24 * 3600, Grant: 14 * 24 * 3600, AuthorizationCode: 60, RefreshToken: 24 * 3600 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutSource },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Every token is for the engine's API unless a client asks for another resource.
        defaultResource: () => DEV_API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== DEV_API_AUDIENCE) throw new InfraError(`unknown resource ${resource}`);
          return { scope: 'api', audience: DEV_API_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    async findAccount(_ctx: unknown, id: string) {
      const person = lookUp(adHoc, id);
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claimsOf(person) }) };
    },
    async extraTokenClaims(_ctx: unknown, token: { accountId?: string; kind?: string }) {
      if (!token.accountId) return undefined;
      const person = lookUp(adHoc, token.accountId);
      return person ? claimsOf(person) : undefined;
    },
    // The pages' client gets a refresh token (as Entra ID or Keycloak give one for
    // offline_access), without a consent prompt of its own.
    async issueRefreshToken(_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) {
      return client.grantTypeAllowed('refresh_token');
    },
    // The engine's own clients: consent is the council's, given once for everyone.
    async loadExistingGrant(ctx: any) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const found = await ctx.oidc.provider.Grant.find(grantId);
        if (found) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grantEverything(grant);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  // Plain http on loopback in development; the provider trusts no proxy headers.
  provider.proxy = false;

  // The login form posts here and is redirected back to the pages (CSP form-action covers the redirect).
  const formTargets = opts.anyLoopbackWebClient ? 'http://127.0.0.1:* http://localhost:*' : webBases.map((b) => new URL(b).origin).join(' ');
  const providerCallback = provider.callback();
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url?.split('?')[0] ?? '');
    if (!m) return providerCallback(req, res);
    try {
      const details: any = await provider.interactionDetails(req, res);
      // Consent is the council's, given once for everyone: a consent prompt (a native
      // client asks on every sign-in) is answered with the engine's grant, unseen.
      if (req.method === 'GET' && !m[2] && details.prompt.name === 'consent' && details.session?.accountId) {
        const Grant = (provider as any).Grant;
        const grant = (details.grantId ? await Grant.find(details.grantId) : undefined) ?? new Grant({ clientId: String(details.params.client_id), accountId: details.session.accountId });
        grantEverything(grant);
        return await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      }
      if (req.method === 'GET' && !m[2]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets}` });
        return res.end(loginPage(details.uid, String(details.params.client_id)));
      }
      if (req.method === 'POST' && m[2]) {
        const person = lookUp(adHoc, (await readForm(req)).get('login') ?? '');
        if (!person) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          return res.end('no such person');
        }
        return await provider.interactionFinished(req, res, { login: { accountId: person.id } }, { mergeWithLastSubmission: false });
      }
      res.writeHead(405).end();
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { provider, handle };
}

/** Signing out at the provider: a button, no question asked about other sites. */
async function logoutSource(ctx: { body: string }, form: string) {
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body>
${form}<p>Sign out of the development identity provider?</p><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></body></html>`;
}

/** Starts the provider on loopback; its issuer is http://127.0.0.1:<port>. */
export async function startIdentityProvider(opts: IdentityProviderOptions): Promise<RunningServer & { issuer: string }> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const { handle } = createIdentityProvider(issuer, opts);
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(new InfraError(err.code === 'EADDRINUSE' ? `port ${opts.port} for the identity provider is already in use: set PITSTOP_OIDC_PORT to another port` : err.message)),
    );
    server.listen(opts.port, '127.0.0.1', () => ok());
  });
  const stop = () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
  return { name: 'identity provider', address: issuer, issuer, pid: process.pid, stop, kill: stop };
}
