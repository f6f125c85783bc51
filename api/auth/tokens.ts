// How the API authenticates: people with the identity provider's access tokens
// (people.ts: discovery, JWKS, `iss`, `aud`, `exp`), police systems with their force's
// API key, kept as hashes (shared/police-keys.ts). Nothing here signs a token: the
// engine holds no signing secret.
import { DEV_POLICE_KEYS, forceOfKey, policeKeyHashesFromEnv, type PoliceKeyHashes } from '../../shared/police-keys.js';
import type { Principal } from './roles.js';
import { oidcSettingsFromEnv, peopleTokens, type PeopleTokens } from './people.js';

export { DEV_POLICE_KEYS };

export interface AuthConfig {
  /** People's access tokens from the identity provider. */
  people: PeopleTokens;
  /** Police systems: force code → the SHA-256 hashes of its one or two keys. */
  policeKeyHashes: PoliceKeyHashes;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return { people: peopleTokens(oidcSettingsFromEnv(env)), policeKeyHashes: policeKeyHashesFromEnv(env) };
}

/** A force's system, by one of its keys (never by a token). */
export function verifyPoliceKey(cfg: AuthConfig, key: string): Principal | undefined {
  const force = forceOfKey(cfg.policeKeyHashes, key);
  return force ? { id: `police-system:${force}`, name: `${force} police system`, role: 'police_system', agency: 'police', force } : undefined;
}
