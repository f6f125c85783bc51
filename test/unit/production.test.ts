// Refusing to start in production: each development default is named, check by check,
// and a configuration with none of them passes.
import { DEV_ID_KEY } from '../../shared/ids.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadAuthConfig } from '../../api/auth/tokens.js';
import { hashPoliceKey } from '../../shared/police-keys.js';
import { DEV_PAYLOAD_KEY } from '../../shared/payload-codec.js';
import {
  assertProductionReady,
  isProduction,
  NotReadyForProduction,
  productionProblems,
  type Env,
} from '../../shared/production.js';

const secret = () => randomBytes(33).toString('base64url');

/** Everything set as an operator following the README's checklist would. */
const ready = (): Env => ({
  NODE_ENV: 'production',
  OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  WEB_OIDC_CLIENT_ID: 'pitstop-web',
  WEB_OIDC_CLIENT_SECRET: secret(),
  WEB_BASE_URL: 'https://frontdoor.example.gov.uk',
  POLICE_API_KEY_HASHES: JSON.stringify({ HUM: [hashPoliceKey(secret()), hashPoliceKey(secret())], WYP: [hashPoliceKey(secret())] }),
  PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PITSTOP_ID_KEY: secret(),
  POLICE_WEBHOOKS: JSON.stringify({ HUM: 'https://police.example/outcomes' }),
  REFERRER_WEBHOOKS: JSON.stringify({ education: 'https://schools.example/hook' }),
  POLICE_WEBHOOK_SECRETS: JSON.stringify({ HUM: secret() }),
  REFERRER_WEBHOOK_SECRETS: JSON.stringify({ education: secret() }),
});

/** The one problem named for the API (or the worker) after one change to a ready environment. */
function problemsAfter(change: Env, process: 'api' | 'worker' = 'api') {
  const env = { ...ready(), ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete env[k];
  return productionProblems(env, process);
}

describe('production start checks', () => {
  it('pass a production configuration with no development default', () => {
    expect(productionProblems(ready(), 'api')).toEqual([]);
    expect(productionProblems(ready(), 'worker')).toEqual([]);
    expect(() => assertProductionReady(ready(), 'api')).not.toThrow();
  });

  it('are production under NODE_ENV or PITSTOP_ENV, and PITSTOP_ENV cannot switch them off', () => {
    expect(isProduction({})).toBe(false);
    expect(isProduction({ NODE_ENV: 'test' })).toBe(false);
    expect(isProduction({ NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ PITSTOP_ENV: 'production' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'production', PITSTOP_ENV: 'development' })).toBe(true);
    expect(() => isProduction({ PITSTOP_ENV: 'prod' })).toThrow(/PITSTOP_ENV/);
  });

  it('check nothing outside production', () => {
    expect(() => assertProductionReady({}, 'api')).not.toThrow();
  });

  it('name the development identity provider, or one not over https', () => {
    expect(problemsAfter({ OIDC_ISSUER: undefined })).toEqual([expect.stringMatching(/^OIDC_ISSUER is unset, so the development identity provider/)]);
    expect(problemsAfter({ OIDC_ISSUER: 'http://127.0.0.1:3001/' })).toEqual(['OIDC_ISSUER is the development identity provider']);
    expect(problemsAfter({ OIDC_ISSUER: 'http://keycloak.internal/realms/council' })).toEqual([expect.stringMatching(/^OIDC_ISSUER must be the council's identity provider over https/)]);
  });

  it("name the pages' client at its development id or secret, a short secret, and no https address", () => {
    expect(problemsAfter({ WEB_OIDC_CLIENT_ID: undefined })).toEqual([expect.stringMatching(/^WEB_OIDC_CLIENT_ID is unset/)]);
    expect(problemsAfter({ WEB_OIDC_CLIENT_SECRET: undefined })).toEqual([expect.stringMatching(/^WEB_OIDC_CLIENT_SECRET is unset/)]);
    expect(problemsAfter({ WEB_OIDC_CLIENT_SECRET: 'pitstop-web-development-client-secret' })).toEqual(['WEB_OIDC_CLIENT_SECRET is the development default']);
    expect(problemsAfter({ WEB_OIDC_CLIENT_SECRET: 'short' })).toEqual(['WEB_OIDC_CLIENT_SECRET is shorter than 32 characters']);
    expect(problemsAfter({ WEB_BASE_URL: 'http://frontdoor.example.gov.uk' })).toEqual([expect.stringMatching(/^WEB_BASE_URL must be the pages' https:\/\/ address/)]);
  });

  it('name POLICE_API_KEY_HASHES unset, with a development key\'s hash, or malformed, printing no key', () => {
    expect(problemsAfter({ POLICE_API_KEY_HASHES: undefined })).toEqual([expect.stringMatching(/^POLICE_API_KEY_HASHES is unset/)]);
    expect(problemsAfter({ POLICE_API_KEY_HASHES: JSON.stringify({ HUM: [hashPoliceKey('dev-police-key-HUM')] }) })).toEqual([
      'POLICE_API_KEY_HASHES has the hash of a development key for HUM',
    ]);
    // Three at once is not a rotation; a plain key where a hash belongs is refused without being quoted.
    const three = [1, 2, 3].map(() => hashPoliceKey(secret()));
    expect(problemsAfter({ POLICE_API_KEY_HASHES: JSON.stringify({ HUM: three }) })).toEqual([expect.stringMatching(/^POLICE_API_KEY_HASHES is not JSON/)]);
    const plain = 'a-real-looking-key-of-some-length-0123456789';
    for (const bad of [`{"HUM": ["${plain}"]}`, `{"HUM": "${plain}"`]) {
      const problems = problemsAfter({ POLICE_API_KEY_HASHES: bad });
      expect(problems).toEqual([expect.stringMatching(/^POLICE_API_KEY_HASHES is not JSON/)]);
      expect(problems.join()).not.toContain('a-real-looking');
    }
  });

  it('name POLICE_API_KEYS whenever it is set: plain keys are for development only', () => {
    const plain = 'a-real-looking-key-of-some-length-0123456789';
    const problems = problemsAfter({ POLICE_API_KEYS: JSON.stringify({ HUM: plain }) });
    expect(problems).toEqual([expect.stringMatching(/^POLICE_API_KEYS holds plain force keys, which are for development only: set POLICE_API_KEY_HASHES/)]);
    expect(problems.join()).not.toContain('a-real-looking');
  });

  it('name PAYLOAD_ENCRYPTION_KEY unset or at the repository key, for the API and the worker', () => {
    for (const p of ['api', 'worker'] as const) {
      expect(problemsAfter({ PAYLOAD_ENCRYPTION_KEY: undefined }, p)).toEqual([expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEY is the development key/)]);
      expect(problemsAfter({ PAYLOAD_ENCRYPTION_KEY: DEV_PAYLOAD_KEY }, p)).toEqual([expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEY is the development key/)]);
    }
    expect(problemsAfter({ PAYLOAD_ENCRYPTION_KEY: 'c2hvcnQ=' })).toEqual(['PAYLOAD_ENCRYPTION_KEY is not a base64 key of 32 bytes']);
  });

  it('name PITSTOP_ID_KEY unset, at its development default, or short, for the API and the worker', () => {
    for (const p of ['api', 'worker'] as const) {
      expect(problemsAfter({ PITSTOP_ID_KEY: undefined }, p)).toEqual([expect.stringMatching(/^PITSTOP_ID_KEY is unset or the development key/)]);
      expect(problemsAfter({ PITSTOP_ID_KEY: DEV_ID_KEY }, p)).toEqual([expect.stringMatching(/^PITSTOP_ID_KEY is unset or the development key/)]);
    }
    expect(problemsAfter({ PITSTOP_ID_KEY: 'short-key' })).toEqual(['PITSTOP_ID_KEY is shorter than 32 characters']);
  });

  it('name a police or referrer webhook over plain http, by recipient only', () => {
    const plain = 'http://police.example/outcomes?token=abc';
    expect(problemsAfter({ POLICE_WEBHOOKS: JSON.stringify({ HUM: plain }) }, 'worker')).toEqual(['POLICE_WEBHOOKS sends over plain http (not https://) to HUM']);
    expect(problemsAfter({ REFERRER_WEBHOOKS: JSON.stringify({ education: 'http://x.example' }) }, 'worker')).toEqual([
      'REFERRER_WEBHOOKS sends over plain http (not https://) to education',
    ]);
    expect(problemsAfter({ POLICE_WEBHOOKS: undefined, REFERRER_WEBHOOKS: undefined }, 'worker')).toEqual([]);
  });

  it('name a webhook recipient without a signing secret of 32+ characters, never the secret', () => {
    expect(problemsAfter({ POLICE_WEBHOOK_SECRETS: undefined }, 'worker')).toEqual(['POLICE_WEBHOOK_SECRETS has no signing secret of 32+ characters for HUM']);
    const short = 'too-short-secret';
    const problems = problemsAfter({ REFERRER_WEBHOOK_SECRETS: JSON.stringify({ education: short }) }, 'worker');
    expect(problems).toEqual(['REFERRER_WEBHOOK_SECRETS has no signing secret of 32+ characters for education']);
    expect(problems.join(' ')).not.toContain(short);
    // No webhooks, nothing to sign.
    expect(problemsAfter({ POLICE_WEBHOOKS: undefined, POLICE_WEBHOOK_SECRETS: undefined }, 'worker')).toEqual([]);
  });

  it('ask of each process only what it uses', () => {
    // The worker signs nobody in: its checks are the payload key and the webhooks.
    expect(problemsAfter({ OIDC_ISSUER: undefined, WEB_OIDC_CLIENT_SECRET: undefined, POLICE_API_KEY_HASHES: undefined }, 'worker')).toEqual([]);
  });

  it('throw one error naming every variable at fault', () => {
    try {
      assertProductionReady({ NODE_ENV: 'production' }, 'api');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(NotReadyForProduction);
      for (const v of ['OIDC_ISSUER', 'WEB_OIDC_CLIENT_ID', 'WEB_OIDC_CLIENT_SECRET', 'WEB_BASE_URL', 'POLICE_API_KEY_HASHES', 'PAYLOAD_ENCRYPTION_KEY', 'PITSTOP_ID_KEY']) expect((err as Error).message).toContain(v);
    }
  });
});

describe('police keys malformed', () => {
  it('are refused at the API\'s start without quoting any of them', () => {
    const key = 'secret-force-key-0123456789';
    expect(() => loadAuthConfig({ POLICE_API_KEYS: `{"HUM": "${key}",` })).toThrow(/^POLICE_API_KEYS must be JSON/);
    expect(() => loadAuthConfig({ POLICE_API_KEY_HASHES: `{"HUM": ["${key}"]}` })).toThrow(/^POLICE_API_KEY_HASHES must be JSON/);
    for (const env of [{ POLICE_API_KEYS: `{"HUM": "${key}",` }, { POLICE_API_KEY_HASHES: `{"HUM": ["${key}"]}` }, { POLICE_API_KEY_HASHES: `{"HUM": ["${key}"]` }]) {
      try {
        loadAuthConfig(env);
        expect.unreachable();
      } catch (err) {
        expect((err as Error).message).not.toContain('secret-force-key');
      }
    }
  });
});
