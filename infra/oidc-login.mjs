// Signing in at an OpenID provider the way a browser does, over HTTP: the authorization
// code flow with PKCE through the provider's own login page, then the code exchanged for
// tokens. `npm run token` and the tests get people's tokens this way from the embedded
// development provider (infra/oidc-provider.ts): the API sees exactly the tokens a
// council's provider would send, and no one signs a token with a shared secret.
// Plain JavaScript: the tests run it in a worker thread (test/support/stack.ts).
import { createHash, randomBytes } from 'node:crypto';

const b64url = (buf) => buf.toString('base64url');

/** Follows the provider's redirects by hand, keeping its cookies, until `stop` matches. */
async function browse(url, init, jar, stop) {
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (!location || res.status < 300 || res.status >= 400) return { res, url };
    url = new URL(location, url).toString();
    if (stop(url)) return { res, url };
    init = { method: 'GET' };
  }
  throw new Error('the identity provider redirected too often');
}

/**
 * Signs `login` in at the provider (its login form posts `login`) for a public client and
 * returns the token response (access_token, id_token, expires_in).
 */
export async function signInAtProvider({ issuer, clientId, redirectUri, login, scope = 'openid profile api' }) {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(16));
  const auth = new URL(discovery.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state,
    nonce: b64url(randomBytes(16)),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  const jar = new Map();
  const atRedirect = (u) => u.startsWith(redirectUri);
  const page = await browse(auth.toString(), { method: 'GET' }, jar, atRedirect);
  const form = /<form method="post" action="([^"]+)"/.exec(await page.res.text());
  if (!form) throw new Error(`the identity provider showed no login form (${page.res.status} ${page.url})`);
  const done = await browse(new URL(form[1].replace(/&#47;/g, '/'), page.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login }).toString(),
  }, jar, atRedirect);
  if (!atRedirect(done.url)) throw new Error(`the identity provider did not sign ${login} in (${done.res.status}: ${(await done.res.text()).slice(0, 200)})`);
  const back = new URL(done.url).searchParams;
  if (back.get('state') !== state) throw new Error('the identity provider answered another sign-in');
  if (!back.get('code')) throw new Error(`the identity provider refused: ${back.get('error')} ${back.get('error_description') ?? ''}`);
  const token = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.get('code'), redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }).toString(),
  });
  const body = await token.json();
  if (!token.ok) throw new Error(`the identity provider refused the code: ${body.error} ${body.error_description ?? ''}`);
  return body;
}
