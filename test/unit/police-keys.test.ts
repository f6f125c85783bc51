// Police systems' keys kept as hashes, two per force at once for rotation.
import { describe, expect, it } from 'vitest';
import { forceOfKey, hashPoliceKey, newPoliceKey, parsePoliceKeyHashes, policeKeyHashesFromEnv } from '../../shared/police-keys.js';

describe('police keys', () => {
  it('are kept as SHA-256 hashes and a presented key finds its force', () => {
    const key = newPoliceKey();
    expect(key.length).toBeGreaterThanOrEqual(44);
    expect(hashPoliceKey(key)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const hashes = parsePoliceKeyHashes(JSON.stringify({ HUM: [hashPoliceKey(key)] }));
    expect(JSON.stringify(hashes)).not.toContain(key);
    expect(forceOfKey(hashes, key)).toBe('HUM');
    expect(forceOfKey(hashes, `${key}x`)).toBeUndefined();
    expect(forceOfKey(hashes, '')).toBeUndefined();
    // The hash itself is not a key.
    expect(forceOfKey(hashes, hashPoliceKey(key))).toBeUndefined();
  });

  it('rotate without downtime: old and new valid together, then only the new', () => {
    const [old, next] = [newPoliceKey(), newPoliceKey()];
    const during = parsePoliceKeyHashes(JSON.stringify({ HUM: [hashPoliceKey(old), hashPoliceKey(next)] }));
    expect([forceOfKey(during, old), forceOfKey(during, next)]).toEqual(['HUM', 'HUM']);
    const after = parsePoliceKeyHashes(JSON.stringify({ HUM: [hashPoliceKey(next)] }));
    expect([forceOfKey(after, old), forceOfKey(after, next)]).toEqual([undefined, 'HUM']);
  });

  it('take POLICE_API_KEY_HASHES, plain POLICE_API_KEYS (development) beside them, or the development key', () => {
    const key = newPoliceKey();
    expect(forceOfKey(policeKeyHashesFromEnv({}), 'dev-police-key-HUM')).toBe('HUM');
    const env = { POLICE_API_KEY_HASHES: JSON.stringify({ WYP: [hashPoliceKey(key)] }), POLICE_API_KEYS: JSON.stringify({ HUM: 'plain-dev-key-0123456789' }) };
    const hashes = policeKeyHashesFromEnv(env);
    expect([forceOfKey(hashes, key), forceOfKey(hashes, 'plain-dev-key-0123456789'), forceOfKey(hashes, 'dev-police-key-HUM')]).toEqual(['WYP', 'HUM', undefined]);
  });
});
