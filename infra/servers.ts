// Starts the real servers the engine runs on in development and tests: the Temporal
// CLI's dev server and the embedded FerretDB. Each starts on loopback, is waited on
// until it answers (never a fixed sleep), and is stopped by its owner. Production does
// not use this file: it points TEMPORAL_ADDRESS and MONGODB_URI at real clusters.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..');

export const toolPaths = {
  temporal: process.env.TEMPORAL_CLI_PATH ?? join(projectRoot, '.tools', 'venv', 'bin', 'temporal'),
  temporalTestServer:
    process.env.TEMPORAL_TEST_SERVER_PATH ?? join(projectRoot, '.tools', 'venv', 'bin', 'temporal-test-server'),
  ferretdb: process.env.FERRETDB_PATH ?? join(projectRoot, '.tools', 'bin', 'pitstop-ferretdb'),
  schemathesis: join(projectRoot, '.tools', 'venv', 'bin', 'schemathesis'),
};

export class InfraError extends Error {}

export interface RunningServer {
  name: string;
  address: string;
  /** The server process's id (tests and benchmarks read its memory, or kill it). */
  pid: number;
  /** SIGTERM, then SIGKILL after `graceMs` (10 s when absent). */
  stop(graceMs?: number): Promise<void>;
  /** Settles with the exit code or signal once the server has exited, asked to or not (`npm start` restarts it). */
  exited?: Promise<string>;
  /** SIGKILL, as a power cut or an OOM kill would: no shutdown, nothing flushed. Resolves once it has exited. */
  kill(): Promise<void>;
}

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts a server on a port picked by `freePort()`, and on a fresh port again (at most three tries) when
 * the start fails. Picking a port and binding it are two steps: in a parallel test run another process
 * (or the Temporal dev server's own randomly placed internal services) can take the port in between, and
 * the start then dies on a bind error that says nothing about the code under test.
 */
export async function startOnFreePort(start: (port: number) => Promise<RunningServer>, tries = 3): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (attempt >= tries) throw err;
    }
  }
}

export async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new InfraError(
          err.code === 'EADDRINUSE'
            ? `port ${port} for ${what} is already in use: stop whatever holds it, or set ${variable} to another port`
            : `cannot listen on port ${port} for ${what}: ${err.message}`,
        ),
      ),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok()));
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once('connect', () => (s.destroy(), ok(true)));
    s.once('timeout', () => (s.destroy(), ok(false)));
    s.once('error', () => (s.destroy(), ok(false)));
    s.connect(port, '127.0.0.1');
  });
}

/** Polls until `ready()` resolves true, the child dies, or the time runs out. */
async function waitUntil(
  child: ChildProcess,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new InfraError(`${what} exited during start-up (${child.exitCode ?? child.signalCode}): ${output().trim().split('\n').slice(-3).join(' | ')}`);
    }
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new InfraError(`${what} did not answer within ${timeoutMs / 1000}s: ${output().trim().split('\n').slice(-3).join(' | ')}`);
}

/**
 * A detached watcher that stops `child` when this process dies, even by SIGKILL, so a
 * killed `npm start` or test run never leaves a server holding its port.
 */
export function stopWithOwner(child: ChildProcess): void {
  const guard = `
    const [owner, server] = process.argv.slice(1).map(Number);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    setInterval(() => {
      if (!alive(server)) process.exit(0);
      if (!alive(owner)) { try { process.kill(server, 'SIGTERM'); } catch {} process.exit(0); }
    }, 1000);`;
  spawn(process.execPath, ['-e', guard, String(process.pid), String(child.pid)], { detached: true, stdio: 'ignore' }).unref();
}

function startProcess(name: string, cmd: string, args: string[]): { child: ChildProcess; output: () => string } {
  if (!existsSync(cmd)) {
    throw new InfraError(`${name} binary not found at ${cmd}: run \`npm run setup\` (or set the path variable in the README)`);
  }
  // Its own process group: a terminal's Ctrl-C reaches only its owner, which stops the
  // parts in order (infra/start.ts), rather than the servers under a draining worker.
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  stopWithOwner(child);
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => out };
}

function exited(child: ChildProcess): Promise<string> {
  return new Promise((ok) => child.once('exit', (code, signal) => ok(String(code ?? signal))));
}

function killer(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGKILL');
    });
}

function stopper(child: ChildProcess): (graceMs?: number) => Promise<void> {
  return (graceMs = 10_000) =>
    new Promise((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => (clearTimeout(force), ok()));
      child.kill('SIGTERM');
    });
}

/**
 * SQLite settings of a file-backed dev server (`npm start`, `npm run bench`, the kill -9
 * test). Write-ahead log: a commit appends to the WAL instead of rewriting pages through
 * a rollback journal, about twice the starts per second of SQLite's defaults here.
 * synchronous FULL (SQLite's default, stated so no build's default can change it): the
 * WAL is fsynced at every commit, so a workflow start Temporal has acknowledged survives
 * a power cut as well as a crash. `synchronous=normal` would be faster still, but in WAL
 * mode it fsyncs only at checkpoints, and a power cut may roll back the last commits:
 * an acknowledged 202 could vanish. Not used. Traced (strace, 50 workflow starts):
 * 220 fsyncs with `journal_mode=wal` alone and the same with `synchronous=full` (so
 * FULL is what WAL mode runs with), 12 with `synchronous=normal`.
 */
export const durableTemporalSqlitePragmas = ['journal_mode=wal', 'synchronous=full'] as const;

/**
 * When the worker shares a machine with the API and the servers (`npm start`), it yields
 * the CPU to them: a police system waits on its 202, while the work behind an accepted
 * notification is already safe in Temporal and has hours to be done in, not milliseconds.
 * Measured (`npm run bench`, the floor's worker lowered alike; three pairs of runs, each
 * pair one after the other): accepted 0.58×, 0.57×, 0.61× the floor at an equal priority
 * against 0.66×, 0.65×, 0.63× yielding, and processed 0.59×, 0.52×, 0.65× against 0.65×,
 * 0.62×, 0.67×: the worker's intakes had taken CPU the API and Temporal needed to accept,
 * and contention slowed everyone. WORKER_NICENESS (0 to 19; 10 by default) sets how far;
 * 0 leaves it equal. The worker also runs the steps people take (an update waits for its
 * workflow task): on a busy machine those yield by the same few milliseconds. Raising a
 * niceness needs no privilege. A deployment that runs the worker on its own machines has
 * nothing to share, and this is not used there.
 *
 * Started through `nice`, so that every thread of the worker has it (Linux sets a
 * niceness per thread, and a thread started before a later change would keep its own).
 * Where there is no `nice` (Windows), at an equal priority.
 */
export function yieldingCommand(args: string[], niceness = workerNiceness()): [string, string[]] {
  if (niceness === 0 || process.platform === 'win32') return [process.execPath, args];
  return ['nice', ['-n', String(niceness), process.execPath, ...args]];
}

/** WORKER_NICENESS, checked (read it before starting anything, so a bad value stops nothing half way). */
export function workerNiceness(): number {
  const niceness = Number(process.env.WORKER_NICENESS ?? 10);
  if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) throw new InfraError(`WORKER_NICENESS must be a whole number from 0 to 19, not "${process.env.WORKER_NICENESS}"`);
  return niceness;
}

export interface TemporalDevServerOptions {
  port: number;
  /** SQLite file for persistent history; in-memory when absent. */
  dbFile?: string;
  /** `--sqlite-pragma` values for a file-backed server; `durableTemporalSqlitePragmas` when absent. */
  sqlitePragmas?: readonly string[];
  /** Web UI port; headless when absent. */
  uiPort?: number;
  namespace?: string;
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<RunningServer> {
  await assertPortFree(opts.port, 'the Temporal dev server', 'PITSTOP_TEMPORAL_PORT');
  if (opts.uiPort) await assertPortFree(opts.uiPort, 'the Temporal Web UI', 'PITSTOP_TEMPORAL_UI_PORT');
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'error'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    mkdirSync(resolve(opts.dbFile, '..'), { recursive: true });
    args.push('--db-filename', opts.dbFile);
    for (const pragma of opts.sqlitePragmas ?? durableTemporalSqlitePragmas) args.push('--sqlite-pragma', pragma);
  }
  if (opts.namespace && opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  const { child, output } = startProcess('Temporal CLI', toolPaths.temporal, args);
  const address = `127.0.0.1:${opts.port}`;
  // The gRPC port opens a little before the frontend serves; ask it for system info.
  const { Connection } = await import('@temporalio/client');
  await waitUntil(
    child,
    'Temporal dev server',
    async () => {
      if (!(await portAnswers(opts.port))) return false;
      try {
        const conn = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await conn.workflowService.describeNamespace({ namespace: opts.namespace ?? 'default' });
          return true;
        } finally {
          await conn.close();
        }
      } catch {
        return false;
      }
    },
    60_000,
    output,
  );
  return { name: 'temporal', address, pid: child.pid!, stop: stopper(child), kill: killer(child), exited: exited(child) };
}

/**
 * FerretDB on SQLite files under `dataDir`. Its SQLite is already as durable as Temporal's
 * here, with nothing to pass: FerretDB v1.24 adds `_pragma=journal_mode(wal)` to the URL
 * itself (internal/backends/sqlite/metadata/pool/uri.go), and its driver (modernc.org/sqlite
 * v1.32) is built with SQLite's default synchronous FULL, in WAL mode too
 * (SQLITE_DEFAULT_WAL_SYNCHRONOUS = 2): traced, one fsync per insert.
 */
export async function startFerretDB(opts: { port: number; dataDir: string }): Promise<RunningServer> {
  await assertPortFree(opts.port, 'FerretDB', 'PITSTOP_MONGO_PORT');
  mkdirSync(opts.dataDir, { recursive: true });
  const { child, output } = startProcess('FerretDB', toolPaths.ferretdb, [
    '-listen',
    `127.0.0.1:${opts.port}`,
    '-data-dir',
    opts.dataDir,
  ]);
  const { default: mongoose } = await import('mongoose');
  await waitUntil(
    child,
    'FerretDB',
    async () => {
      if (!(await portAnswers(opts.port))) return false;
      const client = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${opts.port}/`, { serverSelectionTimeoutMS: 1000 });
      try {
        await client.db('admin').command({ ping: 1 });
        return true;
      } catch {
        return false;
      } finally {
        await client.close();
      }
    },
    30_000,
    output,
  );
  return { name: 'ferretdb', address: `mongodb://127.0.0.1:${opts.port}/`, pid: child.pid!, stop: stopper(child), kill: killer(child), exited: exited(child) };
}
