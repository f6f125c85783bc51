// Refusing to start in production on anything a development default can open. Every
// development secret, key, provider and user ships in this repository, so a production
// process that falls back to one of them is open to anyone who has read the code. Each
// process (the API with the pages, the worker) calls assertProductionReady at start: in
// production it exits naming every variable still at a development value, before it
// connects to anything. Outside production nothing is checked.
//
// A check never prints the value it found (a malformed key list must not reach the log).
import { DEV_ID_KEY, ID_KEY_MIN_LENGTH } from './ids.js';
import { usesDevelopmentPayloadKey } from './payload-codec.js';
import { DEV_POLICE_KEYS, forcesWithDevelopmentKeys, parsePoliceKeyHashes } from './police-keys.js';
import { DEV_OIDC_ISSUER, DEV_WEB_CLIENT_SECRET } from './dev-identity.js';

export { DEV_POLICE_KEYS };


/** Secrets shorter than this are refused in production (256 bits as base64 is 44). */
export const MIN_SECRET_LENGTH = 32;

export type Env = Record<string, string | undefined>;
export type ProcessName = 'api' | 'worker';

/**
 * Production when NODE_ENV or PITSTOP_ENV says so. Either is enough: an explicit
 * PITSTOP_ENV=development cannot switch the checks off under NODE_ENV=production.
 */
export function isProduction(env: Env): boolean {
  const explicit = env.PITSTOP_ENV?.trim();
  if (explicit && explicit !== 'production' && explicit !== 'development') {
    throw new Error('PITSTOP_ENV must be production or development');
  }
  return explicit === 'production' || env.NODE_ENV?.trim() === 'production';
}

export interface ProductionCheck {
  /** The variable the operator sets to fix it. */
  variable: string;
  /** The processes that use it. */
  usedBy: readonly ProcessName[];
  /** What is wrong with it in production, or undefined when it is fine. */
  problem(env: Env): string | undefined;
}

function secretProblem(value: string | undefined, devDefault: string): string | undefined {
  if (value === undefined || value === '') return 'is unset, so the development default is used';
  if (value === devDefault) return 'is the development default';
  if (value.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  return undefined;
}

/** JSON object of strings, or a reason it is not (never quoting the text). */
function jsonRecord(raw: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'is not valid JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'must be a JSON object';
  return parsed as Record<string, unknown>;
}

function webhooksProblem(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const hooks = jsonRecord(raw);
  if (typeof hooks === 'string') return hooks;
  const plain = Object.entries(hooks).filter(([, url]) => typeof url !== 'string' || !url.startsWith('https://')).map(([k]) => k);
  // The recipient's code (a force, an agency) is not a secret; the address is not shown.
  return plain.length ? `sends over plain http (not https://) to ${plain.join(', ')}` : undefined;
}

/** A recipient whose outcomes would go unsigned, or signed with a short secret (never shown). */
function unsignedProblem(hooksRaw: string | undefined, secretsRaw: string | undefined): string | undefined {
  if (!hooksRaw) return undefined;
  const hooks = jsonRecord(hooksRaw);
  if (typeof hooks === 'string') return undefined; // reported under the webhooks' own row
  const secrets = secretsRaw ? jsonRecord(secretsRaw) : {};
  if (typeof secrets === 'string') return secrets;
  const missing = Object.keys(hooks).filter((k) => typeof secrets[k] !== 'string' || (secrets[k] as string).length < MIN_SECRET_LENGTH);
  return missing.length ? `has no signing secret of ${MIN_SECRET_LENGTH}+ characters for ${missing.join(', ')}` : undefined;
}

/** Every check, one row per variable. */
export const productionChecks: readonly ProductionCheck[] = [
  {
    variable: 'OIDC_ISSUER',
    usedBy: ['api'],
    // The embedded provider signs in anyone as anyone: the council's provider, over https.
    problem: (env) => {
      const issuer = env.OIDC_ISSUER?.trim();
      if (!issuer) return 'is unset, so the development identity provider (synthetic people, no password) is trusted';
      if (issuer.replace(/\/$/, '') === DEV_OIDC_ISSUER) return 'is the development identity provider';
      return issuer.startsWith('https://') ? undefined : 'must be the council\'s identity provider over https://';
    },
  },
  {
    variable: 'WEB_OIDC_CLIENT_ID',
    usedBy: ['api'],
    problem: (env) => (env.WEB_OIDC_CLIENT_ID?.trim() ? undefined : 'is unset, so the pages sign in as the development provider\'s client'),
  },
  {
    variable: 'WEB_OIDC_CLIENT_SECRET',
    usedBy: ['api'],
    problem: (env) => secretProblem(env.WEB_OIDC_CLIENT_SECRET, DEV_WEB_CLIENT_SECRET),
  },
  {
    variable: 'WEB_BASE_URL',
    usedBy: ['api'],
    // Otherwise the sign-in's return address would come from the request's Host header.
    problem: (env) => (env.WEB_BASE_URL?.startsWith('https://') ? undefined : 'must be the pages\' https:// address, as registered at the identity provider'),
  },
  {
    variable: 'POLICE_API_KEYS',
    usedBy: ['api'],
    // Plain keys in configuration are for development: production keeps only their hashes.
    problem: (env) => (env.POLICE_API_KEYS ? 'holds plain force keys, which are for development only: set POLICE_API_KEY_HASHES (npm run police-key) and unset it' : undefined),
  },
  {
    variable: 'POLICE_API_KEY_HASHES',
    usedBy: ['api'],
    problem: (env) => {
      if (!env.POLICE_API_KEY_HASHES) return 'is unset, so the development force key is accepted';
      let hashes;
      try {
        hashes = parsePoliceKeyHashes(env.POLICE_API_KEY_HASHES);
      } catch {
        return 'is not JSON {"FORCE": ["sha256:<64 hex digits>", …]} with one or two hashes per force';
      }
      const dev = forcesWithDevelopmentKeys(hashes);
      return dev.length ? `has the hash of a development key for ${dev.join(', ')}` : undefined;
    },
  },
  {
    variable: 'PAYLOAD_ENCRYPTION_KEY',
    usedBy: ['api', 'worker'],
    problem: (env) => {
      try {
        return usesDevelopmentPayloadKey(env) ? 'is the development key (or unset): Temporal payloads would be readable by anyone with the repository' : undefined;
      } catch {
        return 'is not a base64 key of 32 bytes';
      }
    },
  },
  {
    variable: 'PITSTOP_ID_KEY',
    usedBy: ['api', 'worker'],
    problem: (env) =>
      !env.PITSTOP_ID_KEY || env.PITSTOP_ID_KEY === DEV_ID_KEY
        ? 'is unset or the development key: anyone with the repository could compute a child\'s or a case\'s id from their details'
        : env.PITSTOP_ID_KEY.length < ID_KEY_MIN_LENGTH
          ? `is shorter than ${ID_KEY_MIN_LENGTH} characters`
          : undefined,
  },
  {
    variable: 'POLICE_WEBHOOKS',
    usedBy: ['worker'],
    problem: (env) => webhooksProblem(env.POLICE_WEBHOOKS),
  },
  {
    variable: 'REFERRER_WEBHOOKS',
    usedBy: ['worker'],
    problem: (env) => webhooksProblem(env.REFERRER_WEBHOOKS),
  },
  {
    variable: 'POLICE_WEBHOOK_SECRETS',
    usedBy: ['worker'],
    problem: (env) => unsignedProblem(env.POLICE_WEBHOOKS, env.POLICE_WEBHOOK_SECRETS),
  },
  {
    variable: 'REFERRER_WEBHOOK_SECRETS',
    usedBy: ['worker'],
    problem: (env) => unsignedProblem(env.REFERRER_WEBHOOKS, env.REFERRER_WEBHOOK_SECRETS),
  },
];

/** Each variable the process uses that is not fit for production, with why. */
export function productionProblems(env: Env, process: ProcessName, checks: readonly ProductionCheck[] = productionChecks): string[] {
  return checks.filter((c) => c.usedBy.includes(process)).flatMap((c) => {
    const problem = c.problem(env);
    return problem ? [`${c.variable} ${problem}`] : [];
  });
}

export class NotReadyForProduction extends Error {
  constructor(readonly problems: string[]) {
    super(`refusing to start in production (NODE_ENV or PITSTOP_ENV is production): ${problems.join('; ')} (see README.md, "Production")`);
    this.name = 'NotReadyForProduction';
  }
}

/** In production, throws naming every development default in use; elsewhere, nothing. */
export function assertProductionReady(env: Env, process: ProcessName): void {
  if (!isProduction(env)) return;
  const problems = productionProblems(env, process);
  if (problems.length) throw new NotReadyForProduction(problems);
}
