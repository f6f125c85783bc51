// Police systems' API keys (X-API-Key), one or two per force so a force's key can be
// rotated without downtime: the new key is added beside the old, the force moves to it,
// the old one is removed. The engine keeps only their SHA-256 hashes
// (POLICE_API_KEY_HASHES); a presented key is hashed and compared with every hash in
// constant time. A key is 32+ random characters, so a plain SHA-256 is enough (there is
// nothing to guess a dictionary of). Plain keys (POLICE_API_KEYS) are for development
// only: production refuses them (shared/production.ts).
//
// Nothing here ever prints a key, a hash or the text it could not read.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Development only: the force key the engine accepts when no key is configured. */
export const DEV_POLICE_KEYS: Readonly<Record<string, string>> = { HUM: 'dev-police-key-HUM' };
/** Two at once: the current key and the next (or the last). */
export const MAX_KEYS_PER_FORCE = 2;

const HASH = /^sha256:[0-9a-f]{64}$/;
const FORCE = /^[A-Z0-9]{2,10}$/;

export const hashPoliceKey = (key: string): string => `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;

/** A new key for a force: 33 random bytes, base64url (44 characters). */
export const newPoliceKey = (): string => randomBytes(33).toString('base64url');

/** Force code → hashes. */
export type PoliceKeyHashes = Record<string, string[]>;

function parseJson(raw: string, name: string, shape: string): unknown {
  // JSON.parse's own message quotes the text it choked on: keys or hashes. Never pass it on.
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON ${shape}`);
  }
}

const hashesShape = `{"FORCE": ["sha256:<64 hex digits>", …]} with one or ${MAX_KEYS_PER_FORCE} hashes per force (npm run police-key)`;

/** POLICE_API_KEY_HASHES: {"HUM": ["sha256:…", "sha256:…"]}. */
export function parsePoliceKeyHashes(raw: string): PoliceKeyHashes {
  const parsed = parseJson(raw, 'POLICE_API_KEY_HASHES', hashesShape);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`POLICE_API_KEY_HASHES must be JSON ${hashesShape}`);
  const out: PoliceKeyHashes = {};
  for (const [force, hashes] of Object.entries(parsed)) {
    const list = typeof hashes === 'string' ? [hashes] : hashes;
    if (!FORCE.test(force) || !Array.isArray(list) || list.length < 1 || list.length > MAX_KEYS_PER_FORCE || !list.every((h) => typeof h === 'string' && HASH.test(h))) {
      throw new Error(`POLICE_API_KEY_HASHES must be JSON ${hashesShape}; the entry for ${FORCE.test(force) ? force : 'a force'} is not`);
    }
    out[force] = list as string[];
  }
  return out;
}

/** POLICE_API_KEYS (development only): {"HUM": "key"} or {"HUM": ["key", "next key"]}, each 16+ characters. */
export function parsePlainPoliceKeys(raw: string): PoliceKeyHashes {
  const shape = '{"FORCE": "key of 16+ characters"} (or a list of two keys)';
  const parsed = parseJson(raw, 'POLICE_API_KEYS', shape);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`POLICE_API_KEYS must be JSON ${shape}`);
  const out: PoliceKeyHashes = {};
  for (const [force, keys] of Object.entries(parsed)) {
    const list = typeof keys === 'string' ? [keys] : keys;
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_KEYS_PER_FORCE || !list.every((k) => typeof k === 'string' && k.length >= 16)) {
      throw new Error(`POLICE_API_KEYS must be JSON ${shape}`);
    }
    out[force] = (list as string[]).map(hashPoliceKey);
  }
  return out;
}

/**
 * The hashes in force: POLICE_API_KEY_HASHES, with POLICE_API_KEYS (development) beside
 * them; the development key when neither is set.
 */
export function policeKeyHashesFromEnv(env: Record<string, string | undefined> = process.env): PoliceKeyHashes {
  const hashed = env.POLICE_API_KEY_HASHES ? parsePoliceKeyHashes(env.POLICE_API_KEY_HASHES) : undefined;
  const plain = env.POLICE_API_KEYS ? parsePlainPoliceKeys(env.POLICE_API_KEYS) : undefined;
  if (!hashed && !plain) return Object.fromEntries(Object.entries(DEV_POLICE_KEYS).map(([f, k]) => [f, [hashPoliceKey(k)]]));
  const out: PoliceKeyHashes = { ...(hashed ?? {}) };
  for (const [force, list] of Object.entries(plain ?? {})) out[force] = [...new Set([...(out[force] ?? []), ...list])].slice(0, MAX_KEYS_PER_FORCE);
  return out;
}

/** The force whose key this is, or undefined. Every stored hash is compared, in constant time. */
export function forceOfKey(hashes: PoliceKeyHashes, key: string): string | undefined {
  const presented = Buffer.from(hashPoliceKey(key));
  let found: string | undefined;
  for (const [force, list] of Object.entries(hashes)) {
    for (const stored of list) {
      const expected = Buffer.from(stored);
      if (expected.length === presented.length && timingSafeEqual(expected, presented)) found ??= force;
    }
  }
  return found;
}

/** A hash of a development key, anywhere among the hashes: the forces using one. */
export function forcesWithDevelopmentKeys(hashes: PoliceKeyHashes): string[] {
  const dev = new Set(Object.values(DEV_POLICE_KEYS).map(hashPoliceKey));
  return Object.entries(hashes).filter(([, list]) => list.some((h) => dev.has(h))).map(([f]) => f);
}
