// From a person's access token to who they are at the front door: role, agency and
// organisation come from the council's identity provider's claims through a mapping the
// council configures (docs/access.md, "Signing people in"). A group or app-role value maps
// to a role; an agency claim (or a group) to an agency; an organisation claim is the
// school's URN, the GP practice's ODS code or a team. A person's token never makes a
// police system: a force's identity comes from its own key alone.
import { z } from 'zod';
import { agencies } from '../../shared/codes.js';
import { roles, type Principal, type Role } from './roles.js';

/** The roles a person can hold (not `police_system`). */
export const personRoles = roles.filter((r) => r !== 'police_system') as Exclude<Role, 'police_system'>[];
export type PersonRole = (typeof personRoles)[number];

export interface ClaimsMapping {
  /** Claim holding the person's roles or groups (a dotted path, e.g. `realm_access.roles`). */
  roleClaim: string;
  /** Claim value → role. Values not listed are ignored (other applications' roles). */
  roles: Record<string, PersonRole>;
  /** Claim holding the agency (a string or a list; e.g. a group claim). */
  agencyClaim: string;
  /** Claim value → agency (`front_door` for the front door's own staff). */
  agencies: Record<string, string>;
  organisationClaim: string;
  nameClaim: string;
}

/**
 * The front door and every partner agency, the police's people included (an officer on
 * the panel): a force's system is a role (`police_system`), never a person's claim.
 */
const agencyNames = ['front_door', ...agencies];

/** The embedded provider's claims, as it names them: the identity mapping. */
export const defaultClaimsMapping: ClaimsMapping = {
  roleClaim: 'roles',
  roles: Object.fromEntries(personRoles.map((r) => [r, r])),
  agencyClaim: 'agency',
  agencies: Object.fromEntries(agencyNames.map((a) => [a, a])),
  organisationClaim: 'organisation',
  nameClaim: 'name',
};

function jsonMap<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[]): Record<string, T> | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON: {"claim value": "${values[0]}", …}`);
  }
  const r = z.record(z.enum(values as [T, ...T[]])).safeParse(parsed);
  if (!r.success) throw new Error(`${name} maps claim values to one of: ${values.join(', ')}`);
  return r.data;
}

/** OIDC_ROLE_CLAIM, OIDC_ROLE_MAP, OIDC_AGENCY_CLAIM, OIDC_AGENCY_MAP, OIDC_ORGANISATION_CLAIM, OIDC_NAME_CLAIM. */
export function claimsMappingFromEnv(env: NodeJS.ProcessEnv = process.env): ClaimsMapping {
  return {
    roleClaim: env.OIDC_ROLE_CLAIM || defaultClaimsMapping.roleClaim,
    roles: jsonMap(env, 'OIDC_ROLE_MAP', personRoles) ?? defaultClaimsMapping.roles,
    agencyClaim: env.OIDC_AGENCY_CLAIM || defaultClaimsMapping.agencyClaim,
    agencies: jsonMap(env, 'OIDC_AGENCY_MAP', agencyNames) ?? defaultClaimsMapping.agencies,
    organisationClaim: env.OIDC_ORGANISATION_CLAIM || defaultClaimsMapping.organisationClaim,
    nameClaim: env.OIDC_NAME_CLAIM || defaultClaimsMapping.nameClaim,
  };
}

/** A claim by dotted path (`realm_access.roles`), as a list of strings. */
function claimValues(payload: Record<string, unknown>, path: string): string[] {
  let v: unknown = payload;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const distinct = <T>(xs: T[]) => [...new Set(xs)];

/**
 * The principal, or undefined when the claims do not name exactly one role and one agency
 * (two roles are ambiguous: the council gives a person one role in this service).
 */
export function principalFromClaims(payload: Record<string, unknown>, m: ClaimsMapping): Principal | undefined {
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  const role = distinct(claimValues(payload, m.roleClaim).flatMap((v) => (m.roles[v] ? [m.roles[v]] : [])));
  const agency = distinct(claimValues(payload, m.agencyClaim).flatMap((v) => (m.agencies[v] ? [m.agencies[v]] : [])));
  if (!sub || role.length !== 1 || agency.length !== 1) return undefined;
  // Partners and lead agencies act for a real partner agency, never the front door.
  if ((role[0] === 'partner_practitioner' || role[0] === 'lead_agency_worker') && agency[0] === 'front_door') return undefined;
  const name = claimValues(payload, m.nameClaim)[0] ?? sub;
  const organisation = claimValues(payload, m.organisationClaim)[0];
  return { id: sub, name, role: role[0], agency: agency[0], ...(organisation ? { organisation } : {}) };
}
