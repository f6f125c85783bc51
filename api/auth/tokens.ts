// How the API authenticates: people with the identity provider's access tokens
// (people.ts), police systems with per-force API keys, and (until the pages sign in at the
// provider themselves) the pages' own short-lived HS256 tokens. Secrets and keys come from
// the environment; the defaults are for development.
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { agencies } from '../../shared/codes.js';
import { DEV_JWT_SECRET } from '../../shared/production.js';
import { DEV_POLICE_KEYS, forceOfKey, policeKeyHashesFromEnv, type PoliceKeyHashes } from '../../shared/police-keys.js';
import { roles, type Principal } from './roles.js';
import { oidcSettingsFromEnv, peopleTokens, type PeopleTokens } from './people.js';

export { DEV_JWT_SECRET, DEV_POLICE_KEYS };

export interface AuthConfig {
  /** People's access tokens from the identity provider. */
  people: PeopleTokens;
  /** Police systems: force code → the SHA-256 hashes of its one or two keys. */
  policeKeyHashes: PoliceKeyHashes;
  /** The pages' internal tokens (web/api-client.ts). */
  jwtSecret: string;
  issuer: string;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return {
    people: peopleTokens(oidcSettingsFromEnv(env)),
    policeKeyHashes: policeKeyHashesFromEnv(env),
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
    issuer: 'pitstop',
  };
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(roles),
  agency: z.union([z.enum(agencies), z.literal('front_door')]),
  force: z.string().optional(),
  organisation: z.string().min(1).optional(),
});

export function mintToken(cfg: AuthConfig, p: Omit<Principal, 'id'> & { id: string }, expiresIn: `${number}h` | `${number}m` = '8h'): string {
  return jwt.sign({ name: p.name, role: p.role, agency: p.agency, ...(p.force ? { force: p.force } : {}), ...(p.organisation ? { organisation: p.organisation } : {}) }, cfg.jwtSecret, {
    algorithm: 'HS256',
    subject: p.id,
    issuer: cfg.issuer,
    expiresIn,
  });
}

export function verifyToken(cfg: AuthConfig, token: string): Principal | undefined {
  try {
    const payload = jwt.verify(token, cfg.jwtSecret, { algorithms: ['HS256'], issuer: cfg.issuer });
    // A token without an expiry would be accepted for ever: refused.
    if (typeof payload !== 'object' || typeof payload.exp !== 'number') return undefined;
    const c = claimsSchema.safeParse(payload);
    if (!c.success) return undefined;
    // A force's identity never comes from a token: police systems send their key.
    if (c.data.role === 'police_system') return undefined;
    // Partners and lead agencies act for a real partner agency, never the front door.
    if ((c.data.role === 'partner_practitioner' || c.data.role === 'lead_agency_worker') && c.data.agency === 'front_door') return undefined;
    return { id: c.data.sub, name: c.data.name, role: c.data.role, agency: c.data.agency, force: c.data.force, ...(c.data.organisation ? { organisation: c.data.organisation } : {}) };
  } catch {
    return undefined;
  }
}

/** A force's system, by one of its keys (never by a token). */
export function verifyPoliceKey(cfg: AuthConfig, key: string): Principal | undefined {
  const force = forceOfKey(cfg.policeKeyHashes, key);
  return force ? { id: `police-system:${force}`, name: `${force} police system`, role: 'police_system', agency: 'police', force } : undefined;
}
