// A production start on a development default: the API (with the pages) and the worker,
// as the real processes, exit non-zero at once naming the variable, before they connect to
// anything, and print no key.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/servers.js';
import { hashPoliceKey } from '../../shared/police-keys.js';

const secret = () => randomBytes(33).toString('base64url');

/** Starts a process and waits for it to exit: its code and everything it printed. */
function start(entry: 'server/main.ts' | 'worker/main.ts', env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k];
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, entry)], {
    env: {
      ...full,
      // Nowhere: a process that got past the checks would hang connecting, not exit.
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      MONGODB_URI: 'mongodb://127.0.0.1:1/none?serverSelectionTimeoutMS=20000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((ok) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      ok({ code, output });
    }),
  );
}

const productionReady = {
  OIDC_ISSUER: 'https://keycloak.example.gov.uk/realms/council',
  WEB_OIDC_CLIENT_ID: 'pitstop-web',
  WEB_OIDC_CLIENT_SECRET: secret(),
  WEB_BASE_URL: 'https://frontdoor.example.gov.uk',
  POLICE_API_KEYS: undefined,
  POLICE_API_KEY_HASHES: JSON.stringify({ HUM: [hashPoliceKey(secret())] }),
  PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PITSTOP_ID_KEY: secret(),
  POLICE_WEBHOOKS: undefined,
  REFERRER_WEBHOOKS: undefined,
};

describe('a production start', () => {
  it('of the API exits naming the development identity provider it would have trusted', async () => {
    const r = await start('server/main.ts', { ...productionReady, NODE_ENV: 'production', OIDC_ISSUER: undefined });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/pitstop api: refusing to start in production.*OIDC_ISSUER is unset, so the development identity provider/);
    expect(r.output).not.toMatch(/WEB_OIDC_CLIENT_SECRET|PAYLOAD_ENCRYPTION_KEY/);
  });

  it("of the API under PITSTOP_ENV exits on the pages' development client secret and a malformed key list, printing no key", async () => {
    const r = await start('server/main.ts', {
      ...productionReady,
      NODE_ENV: undefined,
      PITSTOP_ENV: 'production',
      WEB_OIDC_CLIENT_SECRET: undefined,
      POLICE_API_KEY_HASHES: '{"HUM": ["force-key-never-printed-0123456789"]',
    });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/WEB_OIDC_CLIENT_SECRET is unset/);
    expect(r.output).toMatch(/POLICE_API_KEY_HASHES is not JSON/);
    expect(r.output).not.toContain('force-key-never-printed');
  });

  it('of the worker exits on the repository payload key and a plain-http webhook', async () => {
    const r = await start('worker/main.ts', {
      ...productionReady,
      NODE_ENV: 'production',
      PAYLOAD_ENCRYPTION_KEY: undefined,
      POLICE_WEBHOOKS: JSON.stringify({ HUM: 'http://police.example/outcomes' }),
    });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/pitstop worker: refusing to start in production/);
    expect(r.output).toMatch(/PAYLOAD_ENCRYPTION_KEY is the development key/);
    expect(r.output).toMatch(/POLICE_WEBHOOKS sends over plain http \(not https:\/\/\) to HUM/);
  });
});

describe('a start with a council localities file it cannot use', () => {
  it('of the API exits naming the file, before it connects to anything', async () => {
    const r = await start('server/main.ts', { LOCALITIES_FILE: '/nowhere/localities.json' });
    expect(r.code).toBe(1);
    expect(r.output).toContain('pitstop api: LOCALITIES_FILE: cannot read /nowhere/localities.json');
  });
});
