// People's tokens for tests, from the embedded OpenID provider the suite's global setup runs
// (test/global-setup.ts): a person signs in through the provider's login page (authorization
// code + PKCE, infra/oidc-login.mjs) exactly as `npm run token` does; nobody mints a token.
//
// `tokenFor` is synchronous (tests build their credentials at the top of a file), so the
// sign-in runs in a worker thread while this thread waits on a shared buffer
// (Atomics.wait). The provider answers from the global setup's process, never this one, so
// waiting here cannot hold it up. Each identity signs in once per test file.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI, AD_HOC_PREFIX } from '../../shared/dev-identity.js';
import { projectRoot } from '../../infra/servers.js';

const loginModule = pathToFileURL(join(projectRoot, 'infra', 'oidc-login.mjs')).href;

// Plain CommonJS for an eval'd worker: it signs in and writes the outcome into the buffer.
const workerSource = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared, 0, 2);
const bytes = new Uint8Array(workerData.shared, 8);
function finish(code, text) {
  const b = Buffer.from(String(text));
  const n = Math.min(b.length, bytes.length);
  bytes.set(b.subarray(0, n));
  Atomics.store(state, 1, n);
  Atomics.store(state, 0, code);
  Atomics.notify(state, 0);
}
import(workerData.loginModule)
  .then((m) => m.signInAtProvider(workerData.request))
  .then((t) => finish(1, t.access_token), (e) => finish(2, e && e.message ? e.message : e));
`;

/** Signs `login` in at `issuer` with the public CLI client and returns the access token; blocks. */
export function signInSync(issuer: string, login: string, timeoutMs = 30_000): string {
  const shared = new SharedArrayBuffer(8 + 64 * 1024);
  const state = new Int32Array(shared, 0, 2);
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { shared, loginModule, request: { issuer, clientId: DEV_CLI_CLIENT_ID, redirectUri: DEV_CLI_REDIRECT_URI, login } },
  });
  try {
    if (Atomics.wait(state, 0, 0, timeoutMs) === 'timed-out') throw new Error(`signing ${login} in at ${issuer} took longer than ${timeoutMs / 1000}s`);
    const text = Buffer.from(new Uint8Array(shared, 8, Atomics.load(state, 1))).toString('utf8');
    if (Atomics.load(state, 0) !== 1) throw new Error(`signing in at the test identity provider failed: ${text}`);
    return text;
  } finally {
    void worker.terminate();
  }
}

export interface AdHocPerson {
  id: string;
  name: string;
  role: string;
  agency: string;
  organisation?: string;
  force?: string;
}

/** The login value of a made-up person (the provider signs them in with `adHocPeople` on). */
export const adHocLogin = (p: AdHocPerson) => `${AD_HOC_PREFIX}${Buffer.from(JSON.stringify(p)).toString('base64url')}`;

const cache = new Map<string, string>();

/** A token for this person from this provider, signed in once per test file. */
export function cachedSignIn(issuer: string, login: string): string {
  const key = `${issuer} ${login}`;
  let token = cache.get(key);
  if (!token) {
    token = signInSync(issuer, login);
    cache.set(key, token);
  }
  return token;
}
