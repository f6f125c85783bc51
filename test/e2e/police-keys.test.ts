// Police systems authenticate with their force's key only: a key held as a hash, two at
// once while a force rotates; no key, a wrong key or a person's token claiming the police
// system role is 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPoliceKey, newPoliceKey } from '../../shared/police-keys.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

const [oldKey, newKey, otherForce] = [newPoliceKey(), newPoliceKey(), newPoliceKey()];
let stack: TestStack;
let call: ReturnType<typeof http>;
beforeAll(async () => {
  // Humberside mid-rotation: its old and new keys both valid.
  const auth = { ...testAuth, policeKeyHashes: { HUM: [hashPoliceKey(oldKey), hashPoliceKey(newKey)], WYP: [hashPoliceKey(otherForce)] } };
  stack = await startStack('police-keys', {}, { auth });
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

describe('a police system', () => {
  it('submits with either of its force\'s two keys and reads its notification back', async () => {
    const a = await call('POST', '/api/v1/notifications', { apiKey: oldKey, body: freshNotification() });
    const b = await call('POST', '/api/v1/notifications', { apiKey: newKey, body: freshNotification() });
    expect([a.status, b.status]).toEqual([202, 202]);
    await eventually(async () => (await call('GET', `/api/v1/cases/${a.body.caseId}`, { apiKey: newKey })).status === 200, 20_000, 'the case');
    // Another force's key is another force.
    expect((await call('GET', `/api/v1/cases/${a.body.caseId}`, { apiKey: otherForce })).status).toBe(403);
  });

  it('is 401 with no credentials, a wrong key, or the hash in place of the key', async () => {
    for (const creds of [{}, { apiKey: `${newKey}x` }, { apiKey: hashPoliceKey(newKey) }, { apiKey: testAuth.policeApiKeys.HUM }]) {
      const r = await call('POST', '/api/v1/notifications', { ...creds, body: freshNotification() });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it("is never a person's token claiming the role", async () => {
    const claimed = tokenFor('police_system', 'police', { force: 'HUM', id: 'police-system:HUM' });
    expect((await call('POST', '/api/v1/notifications', { token: claimed, body: freshNotification() })).status).toBe(401);
  });
});
