// A documented path under a method it does not take answers 405 with `Allow` (RFC 9110),
// before the body is read or the caller asked for (the fuzzer found 415 and 404 here).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, testAuth, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack('methods');
}, 60_000);
afterAll(() => stack?.stop());

/** TRACE, which fetch refuses to send. */
const trace = (path: string) =>
  new Promise<{ status: number; allow?: string }>((ok, fail) => {
    const req = request(`${stack.baseUrl}${path}`, { method: 'TRACE' }, (res) => {
      res.resume();
      ok({ status: res.statusCode!, allow: res.headers.allow });
    });
    req.on('error', fail);
    req.end();
  });

const send = (method: string, path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, { method, ...init });

describe('methods a path does not take', () => {
  it('answer 405 with Allow as problem+json, whoever asks and whatever the body', async () => {
    const put = await send('PUT', '/api/v1/cases/C-0123456789ABCDEF0123', { body: 'not json', headers: { 'content-type': 'text/plain' } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    expect(put.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await put.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });

    expect(await trace('/health')).toEqual({ status: 405, allow: 'GET, HEAD' });

    const getNotifications = await send('GET', '/api/v1/notifications', { headers: { 'x-api-key': testAuth.policeApiKeys.HUM } });
    expect(getNotifications.status).toBe(405);
    expect(getNotifications.headers.get('allow')).toBe('POST');

    const deleteDecision = await send('DELETE', '/api/v1/cases/C-0123456789ABCDEF0123/decision');
    expect(deleteDecision.status).toBe(405);
    expect(deleteDecision.headers.get('allow')).toBe('POST');
  });

  it('leave methods a path takes, and paths the API does not have, as they were', async () => {
    expect((await send('GET', '/health')).status).not.toBe(405);
    expect((await send('HEAD', '/health')).status).not.toBe(405);
    // Not authenticated: 401, not 405.
    expect((await send('GET', '/api/v1/cases/C-0123456789ABCDEF0123')).status).toBe(401);
    expect((await send('PUT', '/api/v1/nowhere', { body: '{}', headers: { 'content-type': 'application/json' } })).status).not.toBe(405);
    expect((await send('DELETE', '/nowhere')).status).toBe(404);
  });
});
