// Benchmark: the engine's intake against the floor of this stack, both on the file-backed
// servers as `npm start` runs them (the Temporal dev server on an SQLite file, WAL with
// synchronous FULL, so a 202 is durable; FerretDB on SQLite), each on fresh servers in a
// temporary data directory, in the same run. Prints figures; asserts nothing. Run:
//   npm run bench -- --count 300 --concurrency 20 [--history DIR [--in-place]] [--profile DIR]
// --history DIR: the intake's FerretDB starts on a copy of a `bench:scale --keep DIR`
// database (years of contacts kept), to see whether intake slows as history grows.
// --in-place: on that database itself, not a copy (a million contacts take some 40 GB,
// too much to copy twice); it keeps the run's contacts, which later reads count too.
// --earlier N (default 1000): after the intake run, on the same servers, N contacts about
// each child of `concurrency` families are recorded in their histories (as the store
// writes a log whole, all within the last twelve months: each a re-contact for the next),
// then `count` notifications about those families and `count` about new families, in
// turn in one run, are timed alike ("family" lines): intake about a child with N earlier contacts should
// cost what intake about a new child costs. --earlier 0 leaves it out.
// --slow MS: the engine's worker and API log each database command slower than MS ms (or
// failed), and each wait that long for a connection (MONGODB_SLOW_MS); summed up at the end
// by process, command and collection (bench/slow-commands.ts).
// --one-family: every notification of the intake run about one family (the processes test's
// backlog is): each intake appends to the same four people's histories.
// --profile DIR: the engine's worker and API, and the floor's worker, write V8 CPU
// profiles (.cpuprofile, open in Chrome DevTools) into DIR when they stop: where each
// notification's CPU goes.
//
// - floor: an empty workflow (bench/floor-workflow.ts, bundled on its own) that runs one
//   activity inserting one document; `count` started by a Temporal client, `concurrency`
//   at a time, its own worker process.
// - intake: `count` police notifications, `concurrency` at a time, POSTed to the API
//   process, worked by the worker process (worker/main.ts and server/main.ts, as npm start
//   runs them), until every contact is on a PIT Stop agenda (stage awaiting_decision).
//
// accepted = count / time from the first request to the last acknowledgement (a started
// workflow, a 202); processed = count / time from the first request until the last one
// was done (the floor: its workflow completed; intake: its case projected as awaiting the
// decision, the moment the activity writing it reported to Temporal). Exact times come
// from Temporal's visibility records and histories, read after the run, so nothing polls
// hard while it is measured.
import { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI, startIdentityProvider } from '../infra/oidc-provider.js';
import { signInAtProvider } from '../infra/oidc-login.mjs';
import { hashPoliceKey } from '../shared/police-keys.js';
import {
  durableTemporalSqlitePragmas,
  freePort,
  projectRoot,
  startFerretDB,
  startOnFreePort,
  startTemporalDevServer,
  workerNiceness,
  yieldingCommand,
  type RunningServer,
} from '../infra/servers.js';
import { connectDatabase } from '../shared/db/connect.js';
import { keepEndHint } from '../shared/db/log-back.js';
import { insertAll, readEachById, type Models } from '../shared/db/models.js';
import { matchPeople, type PersonInput } from '../shared/db/people.js';
import { personLogSlots } from '../shared/db/person-history.js';
import { caseIdFor, workflowIdFor } from '../shared/ids.js';
import { SlowCommands } from './slow-commands.js';
import { letters } from './synthetic.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
    history: { type: 'string' },
    'in-place': { type: 'boolean', default: false },
    profile: { type: 'string' },
    earlier: { type: 'string', default: '1000' },
    slow: { type: 'string' },
    'one-family': { type: 'boolean', default: false },
  },
});
/** --slow MS: the engine's worker and API log each database command slower than MS (MONGODB_SLOW_MS), summed up at the end. */
const slowCommands = new SlowCommands();
/** A `bench:scale --keep` directory: intake runs against a copy of its contacts (database `scale`), or `--in-place` on them. */
const historyDir = values.history;
if (values['in-place'] && !historyDir) throw new Error('--in-place needs --history DIR');
if (historyDir && !existsSync(join(historyDir, 'scale.sqlite'))) throw new Error(`--history ${historyDir}: no bench:scale --keep database there (scale.sqlite)`);
/** How far the workers yield the CPU, as under `npm start` (WORKER_NICENESS). */
const niceness = workerNiceness();
const count = Number(values.count);
const concurrency = Number(values.concurrency);
/** The known family's earlier contacts, for the comparison of intake about them with intake about new families (0: none). */
const earlier = Number(values.earlier);

const EventType = protos.temporal.api.enums.v1.EventType;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number) => `${n.toFixed(0)} ms`;
const rate = (n: number, elapsedMs: number) => n / (elapsedMs / 1000);
const tsMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

// ---- Processes ---------------------------------------------------------------------

interface Servers {
  temporal: RunningServer;
  ferret: RunningServer;
  stop(): Promise<void>;
}

/** Fresh file-backed servers, as `npm start` starts them, in a temporary directory. */
async function freshServers(label: string, history?: string): Promise<Servers> {
  const dataDir = mkdtempSync(join(tmpdir(), `pitstop-bench-${label}-`));
  const inPlace = history !== undefined && values['in-place'];
  if (history && !inPlace) cpSync(history, join(dataDir, 'ferretdb'), { recursive: true });
  const [temporal, ferret] = await Promise.all([
    freePort().then((port) => startTemporalDevServer({ port, dbFile: join(dataDir, 'temporal.sqlite') })),
    freePort().then((port) => startFerretDB({ port, dataDir: inPlace ? history : join(dataDir, 'ferretdb') })),
  ]);
  return {
    temporal,
    ferret,
    async stop() {
      await Promise.all([temporal.stop(), ferret.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const children: ChildProcess[] = [];

interface NodeProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startNode(entry: string, env: Record<string, string>, ready: string): Promise<NodeProcess> {
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
  // Workers run as `npm start` runs them, yielding the CPU to acceptance (infra/servers.ts).
  const [command, args] = yieldingCommand([...profile, '--import', 'tsx', join(projectRoot, entry)], /worker/.test(entry) ? niceness : 0);
  const child = spawn(command, args, {
    // At info, as npm start runs them: the ready lines waited for are info lines of the structured log.
    env: { ...process.env, LOG_LEVEL: 'INFO', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-4000);
    if (values.slow) slowCommands.take(entry.split('/')[0], c.toString());
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 120_000;
  while (!output.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${entry} did not start: ${output.trim().split('\n').slice(-3).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Processes watched over a run: resident memory sampled every half second (at rest
 * before the run, and the peak), and the CPU time each used during it (where the work went).
 */
class ProcessSampler {
  private readonly idle = new Map<string, number>();
  private readonly peak = new Map<string, number>();
  private readonly cpuAtStart = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly pids: Record<string, number>) {}

  /** utime + stime, in seconds (clock ticks of 1/100 s on Linux). */
  private static cpuSeconds(pid: number): number {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  }

  private static rssMb(pid: number): number {
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      return line ? Number(line[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }

  private sample() {
    for (const [name, pid] of Object.entries(this.pids)) this.peak.set(name, Math.max(this.peak.get(name) ?? 0, ProcessSampler.rssMb(pid)));
  }

  start() {
    for (const [name, pid] of Object.entries(this.pids)) this.cpuAtStart.set(name, ProcessSampler.cpuSeconds(pid));
    for (const [name, pid] of Object.entries(this.pids)) this.idle.set(name, ProcessSampler.rssMb(pid));
    this.sample();
    this.timer = setInterval(() => this.sample(), 500);
  }

  stop(): { memory: string; cpu: string } {
    clearInterval(this.timer);
    this.sample();
    const names = Object.keys(this.pids);
    return {
      memory: names.map((name) => `${name} ${this.idle.get(name)!.toFixed(0)} → peak ${this.peak.get(name)!.toFixed(0)} MB`).join(', '),
      cpu: names.map((name) => `${name} ${(ProcessSampler.cpuSeconds(this.pids[name]) - this.cpuAtStart.get(name)!).toFixed(1)} s`).join(', '),
    };
  }
}

/** Runs `task(i)` for i < count, `concurrency` at a time; latencies and the time it took. */
async function pool(task: (i: number) => Promise<void>, n = count): Promise<{ startedAt: number; elapsedMs: number; latencies: number[]; latencyOf: number[] }> {
  const latencyOf: number[] = [];
  let next = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencyOf[i] = performance.now() - t;
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  const latencies = [...latencyOf].sort((a, b) => a - b);
  return { startedAt, elapsedMs, latencies, latencyOf };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** One workflow's history summed up: events, workflow tasks, activities by name, timers. */
async function historySummary(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const of = (t: number) => events.filter((e) => e.eventType === t).length;
  const activities = events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
  const local = events.flatMap((e) => {
    const m = localActivityMarker(e);
    return m ? [m.type] : [];
  });
  return (
    `${events.length} events: ${of(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)} workflow tasks, ` +
    `${activities.length} activities (${activities.join(', ')}), ` +
    (local.length ? `${local.length} local activities (${local.join(', ')}), ` : '') +
    `${of(EventType.EVENT_TYPE_TIMER_STARTED)} timers started` +
    (of(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) ? `, ${of(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)} workflow tasks timed out` : '')
  );
}

type HistoryEvent = protos.temporal.api.history.v1.IHistoryEvent;

/** A local activity's marker (Temporal's core SDK records its type and times as JSON in `data`). */
function localActivityMarker(e: HistoryEvent): { type: string; scheduledAt: number; completedAt: number } | undefined {
  const m = e.markerRecordedEventAttributes;
  if (e.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED || m?.markerName !== 'core_local_activity') return undefined;
  const raw = m.details?.data?.payloads?.[0]?.data;
  if (!raw) return undefined;
  const data = JSON.parse(Buffer.from(raw).toString('utf8'));
  const at = (t: unknown) => (typeof t === 'string' ? Date.parse(t) : tsMs(t as { seconds?: unknown; nanos?: number }));
  return { type: data.activity_type, scheduledAt: at(data.original_schedule_time), completedAt: at(data.complete_time) };
}

interface ActivityTiming {
  wait: number;
  run: number;
  completedAt: number;
}

/** Each completed activity of a workflow: its wait for a worker slot (scheduled → started) and its run (started → completed). */
async function activityTimings(client: Client, workflowId: string): Promise<Map<string, ActivityTiming[]>> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const out = new Map<string, ActivityTiming[]>();
  for (const e of events) {
    const local = localActivityMarker(e);
    // A local activity: run by the workflow task's worker, so no wait for a slot is recorded apart.
    if (local) out.set(local.type, [...(out.get(local.type) ?? []), { wait: 0, run: local.completedAt - local.scheduledAt, completedAt: local.completedAt }]);
    if (e.eventType !== EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) continue;
    const a = e.activityTaskCompletedEventAttributes!;
    const scheduled = byId.get(Number(a.scheduledEventId))!;
    const started = byId.get(Number(a.startedEventId))!;
    const name = scheduled.activityTaskScheduledEventAttributes!.activityType!.name!;
    const t = { wait: tsMs(started.eventTime) - tsMs(scheduled.eventTime), run: tsMs(e.eventTime) - tsMs(started.eventTime), completedAt: tsMs(e.eventTime) };
    out.set(name, [...(out.get(name) ?? []), t]);
  }
  return out;
}

/** Activity timings over many workflows (in order), as lines: p50 overall, of the first and of the last 50. */
async function activityLines(client: Client, workflowIds: string[]): Promise<{ lines: string[]; byWorkflow: Map<string, ActivityTiming[]>[] }> {
  const byWorkflow: Map<string, ActivityTiming[]>[] = [];
  for (const id of workflowIds) byWorkflow.push(await activityTimings(client, id));
  const names = [...new Set(byWorkflow.flatMap((m) => [...m.keys()]))];
  const p50 = (ys: number[]) => pct([...ys].sort((a, b) => a - b), 50).toFixed(0);
  const firstLast = (xs: number[]) => {
    const n = Math.min(50, Math.floor(xs.length / 2));
    return `p50 ${p50(xs)} ms (first ${n} ${p50(xs.slice(0, n))}, last ${n} ${p50(xs.slice(-n))})`;
  };
  const lines = names.map((name) => {
    const t = byWorkflow.flatMap((m) => m.get(name) ?? []);
    return `${name}: run ${firstLast(t.map((x) => x.run))}; waited for a slot ${firstLast(t.map((x) => x.wait))}`;
  });
  return { lines, byWorkflow };
}

/** Median of `reps` sequential runs, in ms. */

// ---- The floor ---------------------------------------------------------------------

async function floor() {
  const servers = await freshServers('floor');
  const taskQueue = 'bench-floor';
  const worker = await startNode(
    'bench/floor-worker.ts',
    { TEMPORAL_ADDRESS: servers.temporal.address, MONGODB_URI: `${servers.ferret.address}floor`, TEMPORAL_TASK_QUEUE: taskQueue },
    'polling task queue',
  );
  const connection = await Connection.connect({ address: servers.temporal.address });
  const client = new Client({ connection });
  const watch = new ProcessSampler({ worker: worker.child.pid!, temporal: servers.temporal.pid, ferretdb: servers.ferret.pid, bench: process.pid });
  watch.start();
  const run = await pool(async (i) => {
    await client.workflow.start('floorWorkflow', { taskQueue, workflowId: `floor-${i}`, args: [`floor-${i}`] });
  });
  const done = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`;
  await waitFor('every floor workflow completing', async () => (await client.workflow.count(done)).count >= count, 600_000, 500);
  const usage = watch.stop();
  let lastClose = 0;
  for await (const w of client.workflow.list({ query: done })) lastClose = Math.max(lastClose, w.closeTime?.getTime() ?? 0);
  const history = await historySummary(client, 'floor-0');
  const { lines } = await activityLines(client, Array.from({ length: count }, (_, i) => `floor-${i}`));
  await worker.stop();
  await connection.close();
  await servers.stop();
  return {
    started: rate(count, run.elapsedMs),
    completed: rate(count, lastClose - run.startedAt),
    latencies: run.latencies,
    history,
    activityLines: lines,
    usage,
  };
}

// ---- The engine's intake -----------------------------------------------------------


/** The bench's own force key, and the identity provider its manager signs in at. */
interface BenchAuth {
  policeApiKeys: { HUM: string };
}

interface Run {
  base: string;
  auth: BenchAuth;
  models: Models;
  client: Client;
}

type Notification = { policeReference: string } & Record<string, unknown>;

/** The example notification with its own police reference, its family named `family`. */
function exampleAbout(example: any, policeReference: string, family: string): Notification {
  return {
    ...example,
    policeReference,
    children: example.children.map((c: object) => ({ ...c, familyName: family })),
    adults: example.adults.map((a: object) => ({ ...a, familyName: family })),
  };
}

/** Posts `count` notifications, `concurrency` at a time, and waits until every contact is on an agenda. */
async function postAll({ base, auth, models }: Run, notificationFor: (i: number) => Notification, n = count) {
  const caseIds = Array.from({ length: n }, (_, i) => caseIdFor('HUM', notificationFor(i).policeReference));
  // Made before the clock starts, as the floor's inputs are: the bench's own CPU is not the engine's.
  const bodies = Array.from({ length: n }, (_, i) => JSON.stringify(notificationFor(i)));
  const posted = await pool(async (i) => {
    const res = await fetch(`${base}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': auth.policeApiKeys.HUM },
      body: bodies[i],
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`submission ${i} answered ${res.status}`);
  }, n);
  // This run's contacts, by `_id` (a history kept beside them has contacts awaiting decisions too).
  let contactsNow: ({ stage?: string; meetingDate?: string | null } | null)[] = [];
  const onAgendaNow = async () => {
    // One `_id` $in read, not one read a case: the bench's polling takes little from the run.
    contactsNow = await readEachById<{ stage?: string; meetingDate?: string | null }>(models.Contact, caseIds, { stage: 1, meetingDate: 1 });
    return contactsNow.filter((c) => c?.stage === 'awaiting_decision').length;
  };
  // Seldom: the exact times come from the histories.
  await waitFor('every contact on an agenda', async () => (await onAgendaNow()) >= n, 1_800_000, 5000);
  return { posted, caseIds, contactsNow };
}

/**
 * When each case was done: its intake (receiveContact, which projects it as awaiting the
 * decision; before that activity, the first recordCaseEvent) reported complete to
 * Temporal. And where the time went, by activity, for the first and the last 50 cases
 * (the database grows in between).
 */
async function doneTimes(client: Client, caseIds: string[]) {
  const completed = (m: Map<string, { completedAt?: number }[]>) => (m.get('receiveContact') ?? m.get('recordCaseEvent'))?.[0]?.completedAt;
  let { lines, byWorkflow } = await activityLines(client, caseIds.map(workflowIdFor));
  // A contact is on its agenda a moment before its workflow task reports the intake to
  // Temporal (a long moment on a loaded machine): its history is read again until it has.
  for (let tries = 0; tries < 60 && byWorkflow.some((m) => !completed(m)); tries++) {
    await new Promise((ok) => setTimeout(ok, 1000));
    ({ lines, byWorkflow } = await activityLines(client, caseIds.map(workflowIdFor)));
  }
  const lastDone = Math.max(
    ...byWorkflow.map((m, k) => {
      const done = (m.get('receiveContact') ?? m.get('recordCaseEvent'))?.[0]?.completedAt;
      if (!done) throw new Error(`case ${caseIds[k]} has no completed projection in its history`);
      return done;
    }),
  );
  return { lines, byWorkflow, lastDone };
}

/**
 * Intake about families already known for `earlier` contacts each beside intake about new
 * families, on the same servers, in turn in one run. As many known families as
 * notifications run at once, each named in turn, so that (as with new families) intakes
 * at the same moment are about different children: two about the same child queue for
 * its log, which is not what this compares. The earlier contacts are written into the
 * children's histories as the store writes a log whole (a build), spread over the last
 * 330 days, so every one is inside the twelve months a new contact looks back over.
 */
async function familyComparison(run: Run, example: any): Promise<string[]> {
  const t0 = performance.now();
  const families = Array.from({ length: Math.min(count, concurrency) }, (_, f) => `Bench${letters(process.pid)}k${letters(f)}`);
  const span = 330 * 86_400_000;
  const from = Date.now() - span;
  for (const [f, family] of families.entries()) {
    const named = (people: PersonInput[]) => people.map((p) => ({ ...p, familyName: family }));
    const [{ ids }] = await Promise.all([matchPeople(run.models, 'child', named(example.children)), matchPeople(run.models, 'adult', named(example.adults))]);
    for (const id of ids) {
      const entries = Array.from({ length: earlier }, (_, k) => ({ kind: 'contact' as const, caseId: `BENCH-EARLIER-${process.pid}-${f}-${k}`, at: new Date(from + (k * span) / earlier) }));
      await insertAll(run.models.PersonHistoryEntry, personLogSlots(id, entries));
      await keepEndHint(run.models.PersonHistoryEntry, id, earlier);
    }
  }
  const lines = [`family            ${families.length} families known, ${earlier} earlier contacts about each child, recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s`];
  // One run, the two kinds in turn, so both meet the same conditions (the first requests
  // after the seeding met a database still writing it out).
  const known = (i: number) => i % 2 === 0;
  const { posted, caseIds } = await postAll(
    run,
    (i) => known(i) ? exampleAbout(example, `HUM-BENCH-${process.pid}-K${i}`, families[(i / 2) % families.length]) : exampleAbout(example, `HUM-BENCH-${process.pid}-N${i}`, `Bench${letters(process.pid)}n${letters(i)}`),
    2 * count,
  );
  const { byWorkflow } = await doneTimes(run.client, caseIds);
  for (const [label, isKnown] of [[`known (${earlier} earlier)`, true], ['new families', false]] as const) {
    const mine = (_: unknown, i: number) => known(i) === isKnown;
    const intakes = byWorkflow.filter(mine).flatMap((m) => (m.get('receiveContact') ?? []).map((t) => t.run)).sort((a, b) => a - b);
    const lastDone = Math.max(...byWorkflow.filter(mine).map((m) => m.get('receiveContact')?.[0]?.completedAt ?? Infinity));
    const latencies = posted.latencyOf.filter(mine).sort((a, b) => a - b);
    lines.push(
      `family            ${label.padEnd(20)} ${count} in turn with the other: processed ${rate(count, lastDone - posted.startedAt).toFixed(1)}/s  ` +
        `202 p50 ${ms(pct(latencies, 50))} p99 ${ms(pct(latencies, 99))}  receiveContact run p50 ${ms(pct(intakes, 50))} p95 ${ms(pct(intakes, 95))}`,
    );
  }
  return lines;
}

async function intake() {
  const servers = await freshServers('intake', historyDir);
  const auth: BenchAuth = { policeApiKeys: { HUM: 'bench-police-key-HUM' } };
  // The embedded identity provider, as `npm start` runs it: the bench's manager signs in there.
  const provider = await startOnFreePort((p) => startIdentityProvider({ port: p }));
  const port = await freePort();
  const env = {
    TEMPORAL_ADDRESS: servers.temporal.address,
    MONGODB_URI: `${servers.ferret.address}${historyDir ? 'scale' : 'pitstop'}`,
    TEMPORAL_TASK_QUEUE: 'bench-intake',
    PORT: String(port),
    OIDC_ISSUER: provider.address,
    POLICE_API_KEY_HASHES: JSON.stringify({ HUM: [hashPoliceKey(auth.policeApiKeys.HUM)] }),
    RATE_LIMIT_PER_MINUTE: '1000000000',
    ...(values.slow ? { MONGODB_SLOW_MS: values.slow } : {}),
  };
  const [worker, api] = await Promise.all([
    startNode('worker/main.ts', env, 'polling task queue'),
    startNode('server/main.ts', env, 'listening'),
  ]);
  const watch = new ProcessSampler({
    worker: worker.child.pid!,
    api: api.child.pid!,
    temporal: servers.temporal.pid,
    ferretdb: servers.ferret.pid,
    bench: process.pid,
  });
  const { conn, models } = await connectDatabase(env.MONGODB_URI);
  const connection = await Connection.connect({ address: servers.temporal.address });
  const client = new Client({ connection });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const example = JSON.parse(readFileSync(join(projectRoot, '..', 'shared', 'examples', 'police-notification.json'), 'utf8'));
  // A different family each time (most contacts are), so people are matched and recorded
  // afresh, and in each run (a run on a kept database finds the families of the runs before).
  // --one-family: every notification about the same family (as the processes test's backlog): each appends to the same people's histories.
  const notificationFor = (i: number) => exampleAbout(example, `HUM-BENCH-${process.pid}-${i}`, `Bench${letters(process.pid)}x${letters(values['one-family'] ? 0 : i)}`);
  const run = { base, auth, models, client };
  watch.start();
  const { posted, caseIds, contactsNow } = await postAll(run, notificationFor);
  const usage = watch.stop();
  const { lines, lastDone } = await doneTimes(client, caseIds);
  const history = await historySummary(client, workflowIdFor(caseIds[0]));

  // On the agenda, as the API shows it; and a case as a person opens it.
  const manager: string = (await signInAtProvider({ issuer: provider.address, clientId: DEV_CLI_CLIENT_ID, redirectUri: DEV_CLI_REDIRECT_URI, login: 'dev-front-door-manager' })).access_token;
  const mine = new Set(caseIds);
  const dates = new Set(contactsNow.map((c) => String(c?.meetingDate)));
  let onAgenda = 0;
  for (const date of dates) {
    const res = await fetch(`${base}/agenda?date=${date}`, { headers: { authorization: `Bearer ${manager}` } });
    onAgenda += ((await res.json()) as { items: { caseId: string }[] }).items.filter((c) => mine.has(c.caseId)).length;
  }
  const reads: number[] = [];
  for (const id of caseIds.slice(0, Math.min(50, count))) {
    const t = performance.now();
    const res = await fetch(`${base}/cases/${id}`, { headers: { authorization: `Bearer ${manager}` } });
    await res.arrayBuffer();
    reads.push(performance.now() - t);
  }
  reads.sort((a, b) => a - b);
  // What the run stored. Not with history kept: FerretDB counts by reading every document
  // (a quarter of an hour at 1M), and the counts would be the history's.
  const documents: Record<string, number> = historyDir
    ? {}
    : Object.fromEntries(
        await Promise.all(
          (['Notification', 'Contact', 'Person', 'Timeline', 'Audit'] as const).map(async (m) => [m, await models[m].estimatedDocumentCount()] as const),
        ),
      );

  const families = earlier > 0 ? await familyComparison(run, example) : [];

  await Promise.all([worker.stop(), api.stop()]);
  await connection.close();
  await conn.close();
  await servers.stop();
  await provider.stop();
  return {
    accepted: rate(count, posted.elapsedMs),
    processed: rate(count, lastDone - posted.startedAt),
    processedSeconds: (lastDone - posted.startedAt) / 1000,
    latencies: posted.latencies,
    families,
    onAgenda,
    reads,
    history,
    activityLines: lines,
    documents,
    usage,
  };
}

async function main() {
  console.log(
    `PIT Stop intake benchmark: ${count} notifications, ${concurrency} at a time; file-backed servers as npm start runs them ` +
      `(Temporal SQLite ${durableTemporalSqlitePragmas.join(' ')}; FerretDB SQLite WAL, synchronous FULL), fresh for each part` +
      (historyDir ? `; intake against ${values['in-place'] ? '' : 'a copy of '}the contacts kept in ${historyDir}` : ''),
  );
  const f = await floor();
  console.log(`floor started     ${f.started.toFixed(1)}/s  start p50 ${ms(pct(f.latencies, 50))} p99 ${ms(pct(f.latencies, 99))}`);
  console.log(`floor completed   ${f.completed.toFixed(1)}/s`);
  console.log(`floor history     ${f.history}`);
  for (const line of f.activityLines) console.log(`floor activity    ${line}`);
  console.log(`floor cpu         ${f.usage.cpu}`);
  const i = await intake();
  console.log(`intake 202        p50 ${ms(pct(i.latencies, 50))}  p95 ${ms(pct(i.latencies, 95))}  p99 ${ms(pct(i.latencies, 99))}`);
  console.log(`intake done       ${i.processedSeconds.toFixed(1)} s until every contact was on an agenda (${i.onAgenda}/${count} on the API's agendas)`);
  console.log(`intake history    ${i.history}`);
  for (const line of i.activityLines) console.log(`intake activity   ${line}`);
  if (!historyDir) console.log(`intake documents  ${Object.entries(i.documents).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`case read         p50 ${ms(pct(i.reads, 50))}  p95 ${ms(pct(i.reads, 95))}  (${i.reads.length} reads after intake)`);
  console.log(`intake cpu        ${i.usage.cpu} (the run: first request to every case on an agenda)`);
  console.log(`memory (rss)      ${i.usage.memory}`);
  console.log(`intake accepted ${i.accepted.toFixed(1)}/s floor ${f.started.toFixed(1)}/s ratio ${(i.accepted / f.started).toFixed(2)}`);
  console.log(`intake processed ${i.processed.toFixed(1)}/s floor ${f.completed.toFixed(1)}/s ratio ${(i.processed / f.completed).toFixed(2)}`);
  console.log(`intake 202 p99 ${pct(i.latencies, 99).toFixed(0)} ms`);
  for (const line of i.families) console.log(line);
  if (values.slow) for (const line of slowCommands.lines()) console.log(`slow (≥ ${values.slow} ms) ${line}`);
  const goal = (met: boolean) => (met ? 'met' : 'NOT met');
  console.log(
    `goals: accepted ≥ 0.8× floor ${goal(i.accepted >= 0.8 * f.started)}; processed ≥ 0.8× floor ${goal(i.processed >= 0.8 * f.completed)}; ` +
      `202 p99 ≤ 500 ms ${goal(pct(i.latencies, 99) <= 500)}`,
  );
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  // The servers stop with this process (their guards); the worker and API processes here.
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  process.exit(1);
});
