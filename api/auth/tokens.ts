// Bearer tokens for people (HS256 JWT) and per-force API keys for police systems. The
// signing secret and keys come from the environment; the defaults are for development.
import jwt from 'jsonwebtoken';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { agencies } from '../../shared/codes.js';
import { DEV_JWT_SECRET, DEV_POLICE_KEYS } from '../../shared/production.js';
import { roles, type Principal } from './roles.js';

export { DEV_JWT_SECRET, DEV_POLICE_KEYS };

export interface AuthConfig {
  jwtSecret: string;
  policeApiKeys: Record<string, string>;
  issuer: string;
}

export function loadAuthConfig(): AuthConfig {
  let policeApiKeys: Record<string, string> = { ...DEV_POLICE_KEYS };
  if (process.env.POLICE_API_KEYS) {
    // JSON.parse's own message quotes the text it choked on: the keys. Never pass it on.
    let raw: unknown;
    try {
      raw = JSON.parse(process.env.POLICE_API_KEYS);
    } catch {
      raw = undefined;
    }
    const parsed = z.record(z.string().min(16)).safeParse(raw);
    if (!parsed.success) throw new Error('POLICE_API_KEYS must be JSON {"FORCE": "key of 16+ characters"}');
    policeApiKeys = parsed.data;
  }
  return { jwtSecret: process.env.JWT_SECRET ?? DEV_JWT_SECRET, policeApiKeys, issuer: 'pitstop' };
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
    if (c.data.role === 'police_system' && !c.data.force) return undefined;
    // Partners and lead agencies act for a real partner agency, never the front door.
    if ((c.data.role === 'partner_practitioner' || c.data.role === 'lead_agency_worker') && c.data.agency === 'front_door') return undefined;
    return { id: c.data.sub, name: c.data.name, role: c.data.role, agency: c.data.agency, force: c.data.force, ...(c.data.organisation ? { organisation: c.data.organisation } : {}) };
  } catch {
    return undefined;
  }
}

export function verifyPoliceKey(cfg: AuthConfig, key: string): Principal | undefined {
  for (const [force, expected] of Object.entries(cfg.policeApiKeys)) {
    const a = Buffer.from(key);
    const b = Buffer.from(expected);
    if (a.length === b.length && timingSafeEqual(a, b)) {
      return { id: `police-system:${force}`, name: `${force} police system`, role: 'police_system', agency: 'police', force };
    }
  }
  return undefined;
}
