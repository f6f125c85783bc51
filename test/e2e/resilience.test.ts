// When MongoDB or Temporal is unreachable the API says so (503, Retry-After) and
// acknowledges nothing; when the database comes back, nothing was lost.
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { startFerretDB, startOnFreePort, startTemporalDevServer, type RunningServer } from '../../infra/servers.js';
import { loadPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import { createStore } from '../../shared/db/store.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, testDatabase, tokenFor } from '../support/stack.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function listen(app: ReturnType<typeof createApp>) {
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  cleanups.push(() => new Promise((ok) => server.close(ok)));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('dependencies down', () => {
  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const stack = await startStack('mongo-down');
    cleanups.push(() => stack.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-down-'));
    const ferret: RunningServer = await startOnFreePort((port) => startFerretDB({ port, dataDir }));
    const { conn, models } = await connectDatabase(`${ferret.address}down`);
    cleanups.push(() => conn.close());
    const base = await listen(createApp({ temporal: stack.temporal, taskQueue: stack.taskQueue, store: createStore(models), policy: loadPolicy(), auth: testAuth }, { log: () => {} }));
    await ferret.stop();
    const call = http(base);
    const r = await call('GET', `/api/v1/cases?pageSize=1`, { token: tokenFor('front_door_manager', 'front_door') });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.body.detail).toMatch(/database is unreachable/);
    const health = await call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'down', temporal: 'up' });

    // Ready only when a worker polls: the stack's queue has one; a queue no worker polls is
    // `degraded` (still 200: notifications are accepted and wait for a worker).
    expect((await http(stack.baseUrl)('GET', '/health')).body).toEqual({ status: 'ok', database: 'up', temporal: 'up', worker: 'polling' });
    const unpolled = await listen(createApp({ temporal: stack.temporal, taskQueue: `unpolled-${Date.now()}`, store: stack.store, policy: stack.policy, auth: testAuth }, { log: () => {} }));
    const degraded = await http(unpolled)('GET', '/health');
    expect(degraded.status).toBe(200);
    expect(degraded.body).toEqual({ status: 'degraded', database: 'up', temporal: 'up', worker: 'none' });
  });

  it('answers 503 to a notification when Temporal is unreachable, and stores nothing', async () => {
    const temporal = await startOnFreePort((port) => startTemporalDevServer({ port }));
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const { conn, models, store } = await testDatabase('temporal-down');
    cleanups.push(() => conn.close());
    const base = await listen(
      createApp({ temporal: new Client({ connection }), taskQueue: 'nowhere', store, policy: loadPolicy(), auth: testAuth }, { log: () => {} }),
    );
    await temporal.stop();
    const r = await http(base)('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(await models.Audit.countDocuments({ action: 'notification.submit' })).toBe(0);
    expect(await models.Contact.countDocuments()).toBe(0);
  });
});

describe('rate limits', () => {
  it('limits requests per credential with 429 and Retry-After', async () => {
    const stack = await startStack('rate');
    cleanups.push(() => stack.stop());
    const base = await listen(createApp({ temporal: stack.temporal, taskQueue: stack.taskQueue, store: stack.store, policy: stack.policy, auth: testAuth }, { log: () => {}, rateLimitPerMinute: 3 }));
    const call = http(base);
    const manager = tokenFor('front_door_manager', 'front_door');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/api/v1/queues/breached', { token: manager })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call('GET', '/api/v1/queues/breached', { token: manager });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another credential has its own allowance.
    expect((await call('GET', '/api/v1/queues/breached', { token: tokenFor('front_door_manager', 'front_door', { id: 'm2' }) })).status).toBe(200);
  });
});

describe('worker down', () => {
  it('answers 503 to a step no worker confirms, and after the worker returns the step is applied once', async () => {
    const stack = await startStack('worker-down', {}, { stepTimeoutMs: 3000 });
    cleanups.push(() => stack.stop());
    const call = http(stack.baseUrl);
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    const { caseId } = submitted.body;
    await eventually(async () => (await stack.models.Contact.findById(caseId).lean())?.stage === 'awaiting_decision', 20_000, 'intake');
    await stack.stopWorker();
    const panel = tokenFor('panel_member', 'childrens_social_care');
    const decision = { ...jointly, levelOfNeed: 1, outcome: 'no_further_action' };
    const r = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');

    await stack.startWorker();
    // The caller retries as told; whether or not the first attempt was applied meanwhile,
    // the decision is recorded exactly once.
    // A worker just started may take a moment to confirm: the caller keeps retrying on 503.
    const retry = await eventually(async () => {
      const again = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision });
      return again.status !== 503 && again;
    }, 30_000, 'a retry the restarted worker confirms');
    expect([200, 409]).toContain(retry.status);
    await eventually(async () => (await stack.models.Contact.findById(caseId).lean())?.stage === 'awaiting_authorisation', 20_000, 'decision applied');
    expect(await stack.models.Timeline.countDocuments({ caseId, type: 'decision_recorded' })).toBe(1);
  });
});
