// A police system's API key where the contract asks for a person's bearer token: the
// OpenAPI document secures operations police systems may not call with `bearer` alone, so
// the key is no credential there and the answer is 401 with WWW-Authenticate, as for no
// credentials (the fuzzer found 403). A police operation refused to a police system
// (another force's case) stays 403, and so does a bearer token of a role not allowed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi.js';
import { freshNotification } from '../support/fixtures.js';
import { http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
beforeAll(async () => {
  stack = await startStack('police_credentials');
  call = http(stack.baseUrl);
}, 60_000);
afterAll(() => stack?.stop());

describe("a police system's API key", () => {
  it('is answered 401 with WWW-Authenticate on every operation the contract secures with a bearer token alone', async () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> };
    const bearerOnly = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security && op.security.every((s) => 'bearer' in s))
        .map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'C-0123456789ABCDEF0123') })),
    );
    expect(bearerOnly.length).toBeGreaterThan(20);
    for (const { method, path } of bearerOnly.filter((o) => o.method === 'GET' || o.method === 'POST')) {
      const r = await call(method, path, { apiKey: testAuth.policeApiKeys.HUM, ...(method === 'POST' ? { body: {} } : {}) });
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer/);
      expect(r.body.code).toBe('unauthorized');
    }
  });

  it('still gets 403 where the contract takes it but the rules refuse, and a bearer token of a role not allowed gets 403', async () => {
    const wyp = freshNotification((n) => (n.force = { code: 'WYP', name: 'West Yorkshire Police' }));
    expect((await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: wyp })).status).toBe(403);
    // A person's token is never a police system's (401, access.test.ts); a role the queue is not for: 403.
    const partner = tokenFor('partner_practitioner', 'health');
    expect((await call('GET', '/api/v1/queues/breached', { token: partner })).status).toBe(403);
  });
});
