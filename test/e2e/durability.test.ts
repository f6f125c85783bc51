// kill -9 against the file-backed servers as `npm start` runs them: the Temporal dev
// server on its SQLite file (WAL, synchronous FULL), FerretDB on its SQLite files, and
// the worker and API as their own processes. A burst of notifications is submitted;
// part-way through, one of them is SIGKILLed (no shutdown, nothing flushed), then
// restarted on the same data. Every notification that got a 202 must become a case
// awaiting its decision without being sent again (nothing acknowledged lost), and after
// the police systems resend the whole burst, every notification is exactly one case,
// one contact, one workflow and one intake event (nothing doubled).
//
// Checked the other way round: with the dev server in memory (no --db-filename) the
// first test fails (the acknowledged workflows are not found after the restart). A kill
// -9 proves crash safety only; that a 202 also survives a power cut rests on synchronous
// FULL (an fsync of the WAL at every commit, see durableTemporalSqlitePragmas), which
// no process kill can tell apart from synchronous=normal.
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection as MongooseConnection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, projectRoot, startFerretDB, startTemporalDevServer, type RunningServer } from '../../infra/servers.js';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { caseIdFor, workflowIdFor } from '../../shared/ids.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, testAuth } from '../support/stack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-durability-'));
const taskQueue = 'durability';
let temporalPort: number;
let mongoPort: number;
let apiPort: number;
let temporal: RunningServer | undefined;
let ferret: RunningServer | undefined;
let worker: Service | undefined;
let api: Service | undefined;
let db: { conn: MongooseConnection; models: Models };
let connection: Connection;
let client: Client;

// The same calls `npm start` makes (infra/start.ts), on this test's ports and data.
const startTemporal = async () => (temporal = await startTemporalDevServer({ port: temporalPort, dbFile: join(dataDir, 'temporal.sqlite') }));
const startFerret = async () => (ferret = await startFerretDB({ port: mongoPort, dataDir: join(dataDir, 'ferretdb') }));

interface Service {
  child: ChildProcess;
  started: Promise<void>;
  output: () => string;
}

function service(entry: 'server/main.ts' | 'worker/main.ts', ready: string): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, entry)], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      MONGODB_URI: `mongodb://127.0.0.1:${mongoPort}/pitstop`,
      TEMPORAL_TASK_QUEUE: taskQueue,
      POLICE_API_KEYS: JSON.stringify(testAuth.policeApiKeys),
      PORT: String(apiPort),
      RATE_LIMIT_PER_MINUTE: '100000',
      // Info: the ready lines ("polling task queue", "listening") are info lines of the structured log.
      LOG_LEVEL: 'INFO',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output = (output + c).slice(-8000)));
  child.stderr!.on('data', (c) => (output = (output + c).slice(-8000)));
  const started = (async () => {
    const deadline = Date.now() + 60_000;
    while (!output.includes(ready)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${entry} did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { child, started, output: () => output };
}
const startWorker = async () => {
  worker = service('worker/main.ts', 'polling task queue');
  await worker.started;
};
const startApi = async () => {
  api = service('server/main.ts', 'listening');
  await api.started;
};
function sigkill(s: Service | undefined): Promise<void> {
  return new Promise((ok) => {
    if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return ok();
    s.child.once('exit', () => ok());
    s.child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  [temporalPort, mongoPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  await Promise.all([startTemporal(), startFerret()]);
  await Promise.all([startWorker(), startApi()]);
  db = await connectDatabase(`mongodb://127.0.0.1:${mongoPort}/pitstop`);
  connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  client = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await Promise.all([sigkill(worker), sigkill(api)]);
  await connection?.close().catch(() => {});
  await db?.conn.close().catch(() => {});
  await Promise.all([temporal?.stop(), ferret?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (...args: Parameters<ReturnType<typeof http>>) => http(`http://127.0.0.1:${apiPort}`)(...args);
const submit = (n: unknown) => call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n }).catch(() => undefined);

/**
 * Submits `count` notifications, `concurrency` at a time; once `killAfter` have been
 * answered 202, `crash` runs while the rest are still being sent.
 */
async function burst(label: string, count: number, killAfter: number, crash: () => Promise<void>) {
  const notifications = Array.from({ length: count }, () => freshNotification());
  const caseIds = notifications.map((n) => caseIdFor(n.force.code, n.policeReference));
  const answers: Awaited<ReturnType<typeof submit>>[] = [];
  let next = 0;
  let answered = 0;
  let acknowledged = 0;
  let crashed: Promise<void> | undefined;
  let inFlightAtKill = 0;
  let intakeUnfinishedAtKill = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < count) {
        const i = next++;
        answers[i] = await submit(notifications[i]);
        answered += 1;
        if (answers[i]?.status === 202 && ++acknowledged === killAfter) {
          inFlightAtKill = next - answered;
          const stages = await stagesOf(caseIds);
          intakeUnfinishedAtKill = caseIds.filter((id, j) => answers[j]?.status === 202 && stages.get(id) !== 'awaiting_decision').length;
          crashed = crash();
        }
      }
    }),
  );
  expect(crashed, 'the crash happened mid-burst').toBeDefined();
  await crashed;
  const acknowledgedIds = caseIds.filter((_, i) => answers[i]?.status === 202);
  const statuses = answers.map((a) => a?.status ?? 'no answer').join(' ');
  console.log(`${label}: killed with ${inFlightAtKill} submissions in flight and ${intakeUnfinishedAtKill} acknowledged cases not yet through intake; answers: ${statuses}`);
  return { notifications, caseIds, acknowledgedIds, inFlightAtKill, intakeUnfinishedAtKill };
}

async function stagesOf(caseIds: string[]): Promise<Map<string, string>> {
  const contacts = await db.models.Contact.find({ _id: { $in: caseIds } }, { stage: 1 }).lean();
  return new Map(contacts.map((c) => [String(c._id), String(c.stage)]));
}

/** Every case awaiting its decision (intake done), within `timeoutMs`. */
async function allAwaitingDecision(caseIds: string[], timeoutMs: number, what: string) {
  await eventually(async () => {
    const stages = await stagesOf(caseIds);
    return caseIds.every((id) => stages.get(id) === 'awaiting_decision');
  }, timeoutMs, what);
}

/** The police resend the whole burst: then each notification is exactly one of everything. */
async function resendAndCount(b: Awaited<ReturnType<typeof burst>>) {
  const again = await Promise.all(b.notifications.map((n) => submit(n)));
  expect(again.map((r) => r?.status).every((s) => s === 200 || s === 202)).toBe(true);
  expect(again.map((r) => r!.body.caseId)).toEqual(b.caseIds);
  // Acknowledged before the crash: a resend is recognised, never started afresh.
  for (const id of b.acknowledgedIds) expect(again[b.caseIds.indexOf(id)]!.body.duplicate).toBe(true);

  await allAwaitingDecision(b.caseIds, 60_000, 'every resent notification through intake');
  const { Contact, Notification, Timeline } = db.models;
  expect(await Contact.countDocuments({ _id: { $in: b.caseIds } })).toBe(b.caseIds.length);
  expect(await Notification.countDocuments({ _id: { $in: b.caseIds } })).toBe(b.caseIds.length);
  const intakeEvents = await Timeline.aggregate<{ _id: string; n: number }>([
    { $match: { type: 'contact_received', caseId: { $in: b.caseIds } } },
    { $group: { _id: '$caseId', n: { $sum: 1 } } },
  ]);
  expect(intakeEvents).toHaveLength(b.caseIds.length);
  expect(intakeEvents.every((e) => e.n === 1)).toBe(true);
  // Each collection in the audit trail once: written by the case's intake from the
  // workflow's input, so a crash after the 202 loses none and a retried intake adds none.
  // The receipt is written beside the children's histories once the contact (already
  // awaiting its decision) is in: a resent case's intake may still be writing it.
  const collectedOnce = () =>
    db.models.Audit.aggregate<{ _id: string; n: number }>([
      { $match: { action: 'notification.submit', caseId: { $in: b.caseIds } } },
      { $group: { _id: '$caseId', n: { $sum: 1 } } },
    ]);
  const collected = await eventually(async () => {
    const found = await collectedOnce();
    return found.length === b.caseIds.length && found;
  }, 60_000, 'every collection in the audit trail');
  expect(collected.every((e) => e.n === 1)).toBe(true);
  // One workflow execution (one run) per case.
  for (const id of b.caseIds) {
    const runs = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowIdFor(id)}'` })) runs.push(w.runId);
    expect(runs, id).toHaveLength(1);
  }
}

/**
 * Logs how long each phase of a test took: a test that runs long names the phase that
 * stalled (a request to the API once hung for ever here, when the MongoDB driver lost a
 * write to a connection FerretDB's kill had closed: every operation is bounded since,
 * MONGODB_TIMEOUT_MS, test/e2e/database-stall.test.ts).
 */
function phaseTimer(label: string): (phase: string) => void {
  let last = Date.now();
  return (phase) => {
    console.log(`${label}: ${phase} took ${((Date.now() - last) / 1000).toFixed(1)} s`);
    last = Date.now();
  };
}

describe('kill -9 mid-burst on the file-backed servers as npm start runs them', () => {
  it('the Temporal dev server: every 202 survives, nothing doubles', async () => {
    const b = await burst('Temporal', 30, 8, async () => {
      await temporal!.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await startTemporal();
    });
    expect(b.acknowledgedIds.length).toBeGreaterThanOrEqual(8);
    // Nothing is resent yet: the acknowledged cases come back from the SQLite file alone.
    for (const id of b.acknowledgedIds) await client.workflow.getHandle(workflowIdFor(id)).describe();
    await allAwaitingDecision(b.acknowledgedIds, 60_000, 'every acknowledged case through intake after the restart');
    await resendAndCount(b);
    // The worker and the API rode out the restart without being restarted themselves.
    expect(worker!.child.exitCode).toBeNull();
    expect(api!.child.exitCode).toBeNull();
  }, 150_000);

  it('FerretDB: every 202 survives, nothing doubles', async () => {
    const phases = phaseTimer('FerretDB');
    const b = await burst('FerretDB', 30, 8, async () => {
      await ferret!.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await startFerret();
    });
    phases('burst');
    await allAwaitingDecision(b.acknowledgedIds, 90_000, 'every acknowledged case through intake after the restart');
    phases('intake after the restart');
    await resendAndCount(b);
    phases('resend and count');
    expect(worker!.child.exitCode).toBeNull();
    expect(api!.child.exitCode).toBeNull();
  }, 150_000);

  it('the worker: every 202 survives, nothing doubles', async () => {
    const b = await burst('worker', 30, 8, async () => {
      await sigkill(worker);
      await startWorker();
    });
    // Activities the dead worker held are retried once their 30 s start-to-close runs out.
    await allAwaitingDecision(b.acknowledgedIds, 90_000, 'every acknowledged case through intake after the restart');
    await resendAndCount(b);
  }, 150_000);
});
