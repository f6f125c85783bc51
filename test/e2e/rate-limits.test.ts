// Rate limits shared by the API's replicas (api/rate-limit.ts): two apps on one database,
// as two replicas behind a load balancer. A credential's requests and an address's failed
// authentications are counted across both: what one replica allowed, the other does not
// allow again (each alone would have).
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
const servers: Server[] = [];
beforeAll(async () => {
  stack = await startStack('rate_limits');
}, 60_000);
afterAll(async () => {
  for (const s of servers) await new Promise((ok) => s.close(ok));
  await stack?.stop();
});

/** Another replica of the API on the same database and Temporal. */
async function replica(opts: { rateLimitPerMinute?: number; failedAuthPerMinute?: number }) {
  const app = createApp({ temporal: stack.temporal, taskQueue: stack.taskQueue, store: stack.store, policy: stack.policy, auth: testAuth }, { log: () => {}, ...opts });
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  servers.push(server);
  return http(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
}

/** Counts are per minute: a test starts with enough of its minute left to finish in it. */
async function freshMinute() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((r) => setTimeout(r, left + 100));
}
/** Long enough for each replica to publish its counts and read the other's (every second). */
const inStep = () => new Promise((r) => setTimeout(r, 2500));

describe('rate limits across replicas', () => {
  it("count a credential's requests on every replica: past the limit, 429 with Retry-After from either", async () => {
    const [a, b] = [await replica({ rateLimitPerMinute: 4 }), await replica({ rateLimitPerMinute: 4 })];
    await freshMinute();
    const manager = tokenFor('front_door_manager', 'front_door', { id: 'rate-m1' });
    const read = (call: typeof a) => call('GET', '/api/v1/queues/breached', { token: manager }).then((r) => r);
    expect((await read(b)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await read(a)).status).toBe(200);
    await inStep();
    // Replica b has answered this credential once; with a's three, the fifth is refused.
    const refused = await read(b);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await read(a)).status).toBe(429);
    // Another credential has its own allowance.
    expect((await b('GET', '/api/v1/queues/breached', { token: tokenFor('front_door_manager', 'front_door', { id: 'rate-m2' }) })).status).toBe(200);
  });

  // Before the failed attempts below: this address has none yet in this minute.
  it('count only refusals: many good requests from one address are never held up', async () => {
    const a = await replica({ failedAuthPerMinute: 3, rateLimitPerMinute: 1000 });
    await freshMinute();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => a('GET', '/api/v1/queues/breached', { token: tokenFor('front_door_manager', 'front_door', { id: 'rate-m3' }) }).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('count failed authentication per address on every replica: past the limit the address gets 429, even with a good key', async () => {
    const [a, b] = [await replica({ failedAuthPerMinute: 3 }), await replica({ failedAuthPerMinute: 3 })];
    await freshMinute();
    const guess = (call: typeof a, n: number) => call('POST', '/api/v1/notifications', { apiKey: `a-guessed-key-${n}-0000`, body: {} });
    expect((await guess(a, 1)).status).toBe(401);
    expect((await guess(a, 2)).status).toBe(401);
    expect((await guess(b, 3)).status).toBe(401);
    await inStep();
    const good = await a('GET', '/api/v1/cases/C-0123456789ABCDEF0123', { apiKey: testAuth.policeApiKeys.HUM });
    expect(good.status).toBe(429);
    expect(good.headers.get('retry-after')).toBeTruthy();
    expect((await guess(b, 4)).status).toBe(429);
  });

});
