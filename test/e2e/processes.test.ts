// The worker and the API as the real processes `npm start` and production run (plain
// Node ESM via tsx, not vitest's module loader): they take a case through together, and
// the API stops gracefully, answering requests in flight after SIGTERM before it exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, projectRoot } from '../../infra/servers.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, testAuth, testProcessEnv, tokenFor } from '../support/stack.js';
import { historiesOf } from '../support/workflow-history.js';

const running: ChildProcess[] = [];
afterAll(() => running.forEach((p) => p.exitCode === null && p.kill('SIGKILL')));

function service(entry: 'server/main.ts' | 'worker/main.ts', env: Record<string, string>, ready: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, entry)], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      POLICE_API_KEYS: JSON.stringify(testAuth.policeApiKeys),
      ...testProcessEnv(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const started = (async () => {
    const deadline = Date.now() + 60_000;
    while (!output.includes(ready)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${entry} did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { child, exited, started, output: () => output };
}

/** Exactly `total` cases in the case list, and one intake event (`contact_received`) on each case's timeline. */
async function expectOneCaseAndIntakeEach(call: ReturnType<typeof http>, token: string, caseIds: Iterable<string>, total: number) {
  const page = await call('GET', '/api/v1/cases?pageSize=1', { token });
  expect(page.body.total).toBe(total);
  for (const id of caseIds) {
    const timeline = await call('GET', `/api/v1/cases/${id}/timeline`, { token });
    expect(timeline.body.events.filter((e: { type: string }) => e.type === 'contact_received')).toHaveLength(1);
  }
}

describe('worker and API processes', () => {
  it('take a notification through intake together', async () => {
    const queue = `processes-${randomUUID().slice(0, 8)}`;
    const env = { TEMPORAL_TASK_QUEUE: queue, MONGODB_URI: `${inject('mongoBaseUri')}t_processes` };
    const port = await freePort();
    const worker = service('worker/main.ts', env, 'polling task queue');
    const api = service('server/main.ts', { ...env, PORT: String(port) }, 'listening');
    await Promise.all([worker.started, api.started]);
    const call = http(`http://127.0.0.1:${port}`);
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    expect(submitted.status).toBe(202);
    const manager = tokenFor('front_door_manager', 'front_door');
    const c = await eventually(async () => {
      const r = await call('GET', `/api/v1/cases/${submitted.body.caseId}`, { token: manager });
      return r.body?.stage === 'awaiting_decision' && r.body;
    }, 30_000, 'intake by the worker process');
    expect(c).toMatchObject({ rating: 'amber', source: '6' });
    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await api.exited).toBe(0);
  }, 120_000);

  it('finishes a request in flight after SIGTERM, then exits cleanly', async () => {
    const port = await freePort();
    const api = service(
      'server/main.ts',
      {
        PORT: String(port),
        MONGODB_URI: `${inject('mongoBaseUri')}t_shutdown`,
        // No worker polls this queue, so a step waits the full step timeout.
        TEMPORAL_TASK_QUEUE: 'shutdown-no-worker',
        STEP_TIMEOUT_MS: '3000',
      },
      'listening',
    );
    await api.started;
    const base = `http://127.0.0.1:${port}`;
    const call = http(base);
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    expect(submitted.status).toBe(202);

    const started = Date.now();
    const inFlight = call('POST', `/api/v1/cases/${submitted.body.caseId}/decision`, {
      token: tokenFor('panel_member', 'childrens_social_care'),
      body: { levelOfNeed: 1, outcome: 'no_further_action', ...jointly },
    });
    await new Promise((r) => setTimeout(r, 700));
    api.child.kill('SIGTERM');
    const answer = await inFlight;
    // The step could not be confirmed (no worker), and the caller is told so: an
    // answer, not a dropped connection.
    expect(answer.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(await api.exited).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  }, 60_000);

  // At load 20-30 the worker was gone in 12.4, 14.3 and 12.9 s, but twice one case of the 60
  // was still at "received" 6 minutes after the new worker started: open, narrowed in
  // docs/operations.md (shutdown): intakes crawling at that load, their workflow tasks timing
  // out and retried ever later. STUCK_DUMP=dir writes the histories of the cases not through after 90 s.
  it('stops the worker within 15 s of SIGTERM with a backlog in flight, and a new worker finishes every case once', async () => {
    const queue = `backlog-${randomUUID().slice(0, 8)}`;
    const env = { TEMPORAL_TASK_QUEUE: queue, MONGODB_URI: `${inject('mongoBaseUri')}t_backlog` };
    const port = await freePort();
    const call = http(`http://127.0.0.1:${port}`);
    let worker = service('worker/main.ts', env, 'polling task queue');
    const api = service('server/main.ts', { ...env, PORT: String(port) }, 'listening');
    await Promise.all([worker.started, api.started]);

    // A backlog of 60 notifications, twenty at a time: every one acknowledged.
    const caseIds: string[] = [];
    for (let i = 0; i < 60; i += 20) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() })));
      for (const r of answers) expect(r.status).toBe(202);
      caseIds.push(...answers.map((r) => r.body.caseId as string));
    }
    // SIGTERM while intake is under way (local activities and workflow tasks in flight).
    const stopAt = Date.now();
    worker.child.kill('SIGTERM');
    await worker.exited;
    const stoppedInMs = Date.now() - stopAt;
    expect(stoppedInMs, worker.output()).toBeLessThan(15_000);
    if (process.env.STUCK_DUMP) writeFileSync(`${process.env.STUCK_DUMP}/first-worker-${Date.now()}.txt`, worker.output());

    // What the stopped worker had not finished waits in Temporal; the next worker takes it.
    worker = service('worker/main.ts', env, 'polling task queue');
    await worker.started;
    const manager = tokenFor('front_door_manager', 'front_door');
    const restartedAt = Date.now();
    let dumped = false;
    // A shared machine under load takes minutes over a backlog: the bound is generous.
    await eventually(async () => {
      const stages = await Promise.all(caseIds.map(async (id) => (await call('GET', `/api/v1/cases/${id}`, { token: manager })).body?.stage));
      // Through intake: the case's own record says so, and so does the case list (the
      // working set, written last by intake): a stopped worker's intake may have written
      // the first and not the second; the case is through only when its workflow is.
      const listed = new Set(((await call('GET', '/api/v1/cases?pageSize=100', { token: manager })).body?.items ?? []).map((c: { caseId: string }) => c.caseId));
      const through = (id: string, i: number) => stages[i] === 'awaiting_decision' && listed.has(id);
      if (caseIds.every(through)) return true;
      if (process.env.STUCK_DUMP && !dumped && Date.now() - restartedAt > 90_000) {
        dumped = true;
        const stuck = caseIds.filter((id, i) => !through(id, i));
        const text = await historiesOf(stuck, process.env.STUCK_DUMP);
        writeFileSync(`${process.env.STUCK_DUMP}/summary-${Date.now()}.txt`, `stopped in ${stoppedInMs} ms\n${worker.output()}\n${text}`);
      }
      const counts: Record<string, number> = { unlisted: caseIds.filter((id) => !listed.has(id)).length };
      for (const s of stages) counts[String(s)] = (counts[String(s)] ?? 0) + 1;
      throw new Error(`stages ${JSON.stringify(counts)}`);
    }, 360_000, `every case of the backlog through intake after the restart (the worker stopped in ${stoppedInMs} ms)`);
    await expectOneCaseAndIntakeEach(call, manager, caseIds, 60);
    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    await Promise.all([worker.exited, api.exited]);
  }, 600_000);

  it('loses nothing when the worker and the API are killed mid-flight (SIGKILL) and restarted', async () => {
    const queue = `faults-${randomUUID().slice(0, 8)}`;
    const env = { TEMPORAL_TASK_QUEUE: queue, MONGODB_URI: `${inject('mongoBaseUri')}t_faults` };
    const port = await freePort();
    const call = http(`http://127.0.0.1:${port}`);
    let worker = service('worker/main.ts', env, 'polling task queue');
    let api = service('server/main.ts', { ...env, PORT: String(port) }, 'listening');
    await Promise.all([worker.started, api.started]);

    const notifications = Array.from({ length: 20 }, () => freshNotification());
    // A burst of submissions; both processes die without warning part-way through.
    const firstTry = notifications.map((n, i) =>
      new Promise((r) => setTimeout(r, i * 15)).then(() => call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n }).catch(() => undefined)),
    );
    await new Promise((r) => setTimeout(r, 150));
    worker.child.kill('SIGKILL');
    api.child.kill('SIGKILL');
    const answered = (await Promise.all(firstTry)).filter((r) => r && (r.status === 202 || r.status === 200));

    worker = service('worker/main.ts', env, 'polling task queue');
    api = service('server/main.ts', { ...env, PORT: String(port) }, 'listening');
    await Promise.all([worker.started, api.started]);
    // Police systems resend whatever was not acknowledged, and some that were.
    const again = await Promise.all(notifications.map((n) => call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n })));
    expect(again.every((r) => r.status === 200 || r.status === 202)).toBe(true);
    const caseIds = new Set(again.map((r) => r.body.caseId));
    expect(caseIds.size).toBe(20);
    // Every notification acknowledged before the crash is among them.
    for (const r of answered) expect(caseIds.has(r!.body.caseId)).toBe(true);

    const manager = tokenFor('front_door_manager', 'front_door');
    await eventually(async () => {
      const stages = await Promise.all([...caseIds].map(async (id) => (await call('GET', `/api/v1/cases/${id}`, { token: manager })).body.stage));
      return stages.every((s) => s === 'awaiting_decision');
    }, 90_000, 'every case through intake after the restart');
    // Exactly one case, one contact and one intake event per notification.
    await expectOneCaseAndIntakeEach(call, manager, caseIds, 20);
    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    await Promise.all([worker.exited, api.exited]);
  }, 180_000);
});
