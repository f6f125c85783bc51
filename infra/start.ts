// `npm start`: the whole engine on embedded defaults. Starts a persistent Temporal dev
// server and FerretDB (unless TEMPORAL_ADDRESS / MONGODB_URI point elsewhere), then the
// embedded OpenID provider in this process (unless OIDC_ISSUER names the council's), the
// worker and the HTTP server (the API and the pages, server/main.ts) as their own
// processes, and prints "ready" once the API's /health answers 200 and the worker polls.
// Each part that dies is restarted (infra/supervisor.ts) on the same port and data files,
// while the others keep running. Ctrl-C or SIGTERM stops the API first (no new work), then
// the worker (in-flight tasks get a grace), then Temporal and FerretDB, all within 32 s.
// Data lives under .data/ and survives restarts.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadPolicy } from '../shared/config.js';
import { generateInto, generatorOptions } from '../shared/generator/index.js';
import { assertPortFree, durableTemporalSqlitePragmas, InfraError, projectRoot, startFerretDB, startTemporalDevServer, stopWithOwner, workerNiceness, yieldingCommand, type RunningServer } from './servers.js';
import { Supervised, type Running } from './supervisor.js';
import { startIdentityProvider } from './oidc-provider.js';
import { createLogger } from '../shared/log.js';

const log = createLogger('supervisor');

const dataDir = process.env.PITSTOP_DATA_DIR ?? join(projectRoot, '.data');
const port = Number(process.env.PORT ?? 3000);
/**
 * Bounds of an orderly stop: the API's grace (requests in flight), the worker's (it is
 * gone within 15 s of SIGTERM by itself, worker/main.ts), the servers' (stopped together),
 * and the whole stop. A part that outlives its grace is killed, with one log line.
 */
const grace = { apiMs: 10_000, workerMs: 16_000, serverMs: 4_000, totalMs: 32_000 };
const servers: Supervised[] = [];
const nodes: Supervised[] = [];
/** The embedded identity provider runs in this process: it stops with it. */
let identityProvider: RunningServer | undefined;
let stopping = false;

function asRunning(server: RunningServer): Running {
  return { pid: server.pid, exited: server.exited!, stop: (ms) => server.stop(ms) };
}

/** `niceness`: how far it yields the CPU (infra/servers.ts `yieldingCommand`). */
function launchNode(entry: string, env: NodeJS.ProcessEnv, niceness = 0): () => Promise<Running> {
  return async () => {
    const [command, args] = yieldingCommand(['--import', 'tsx', join(projectRoot, entry)], niceness);
    // Its own process group, as the servers' (infra/servers.ts): Ctrl-C in the terminal
    // reaches this supervisor only, which stops the parts in order; were the signal to
    // reach them all at once, Temporal and FerretDB would be gone under a draining worker.
    // stopWithOwner: a supervisor killed outright still takes its parts with it.
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    const exited = new Promise<string>((ok) => child.once('exit', (code, signal) => ok(String(code ?? signal))));
    await new Promise<void>((ok, fail) => (child.once('spawn', ok), child.once('error', fail)));
    stopWithOwner(child);
    return {
      pid: child.pid!,
      exited,
      stop: async (graceMs) => {
        if (child.exitCode === null && child.signalCode === null) {
          const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.kill('SIGTERM');
          await exited;
          clearTimeout(force);
        }
      },
    };
  };
}

/** Ready: the API's /health says `ok` (database and Temporal answer, and a worker polls the task queue). */
async function waitForReady(healthUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const r = await fetch(healthUrl);
      if (r.ok && ((await r.json()) as { status?: string }).status === 'ok') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!stopping) throw new InfraError(`the API and the worker were not ready within ${timeoutMs / 1000}s`);
}

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  log.info('pitstop: stopping (the API, then the worker, then Temporal and FerretDB)...');
  // Never hang: whatever is left at the bound is killed.
  setTimeout(() => {
    log.error(`pitstop: not stopped within ${grace.totalMs / 1000}s; killing what is left`);
    for (const part of [...nodes, ...servers]) if (part.current) try { process.kill(part.current.pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(code || 1);
  }, grace.totalMs).unref();
  const [worker, api] = nodes;
  await api?.stop(grace.apiMs);
  await worker?.stop(grace.workerMs);
  await Promise.all(servers.map((s) => s.stop(grace.serverMs)));
  await identityProvider?.stop();
  process.exit(code);
}

/**
 * The worker's Prometheus port (worker/metrics.ts): PITSTOP_WORKER_METRICS_PORT, which
 * must be free, or else 9464 when it is free; when it is not, the worker runs without
 * its metrics and one line says so.
 */
async function workerMetricsPort(): Promise<string | undefined> {
  const asked = process.env.PITSTOP_WORKER_METRICS_PORT;
  if (asked) {
    await assertPortFree(Number(asked), "the worker's metrics", 'PITSTOP_WORKER_METRICS_PORT');
    return asked;
  }
  try {
    await assertPortFree(9464, "the worker's metrics", 'PITSTOP_WORKER_METRICS_PORT');
    return '9464';
  } catch {
    log.warn("pitstop: port 9464 is in use: the worker's metrics are off (set PITSTOP_WORKER_METRICS_PORT to a free port)");
    return undefined;
  }
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  const niceness = workerNiceness();
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';

  if (!process.env.TEMPORAL_ADDRESS) {
    const temporalPort = Number(process.env.PITSTOP_TEMPORAL_PORT ?? 7233);
    const uiPort = Number(process.env.PITSTOP_TEMPORAL_UI_PORT ?? 8233);
    // File-backed, SQLite in WAL mode with synchronous FULL (durableTemporalSqlitePragmas):
    // a 202 survives a crash or power cut of this machine, and a restart after one.
    const dbFile = join(dataDir, 'temporal.sqlite');
    const part = new Supervised('Temporal dev server', async () => asRunning(await startTemporalDevServer({ port: temporalPort, uiPort, dbFile, namespace })));
    servers.push(part);
    await part.start();
    log.info(`pitstop: the ${part.name} started (pid ${part.current!.pid})`);
    env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
    log.info(`pitstop: Temporal dev server on ${env.TEMPORAL_ADDRESS} (Web UI http://127.0.0.1:${uiPort}; ${dbFile}, SQLite ${durableTemporalSqlitePragmas.join(' ')})`);
  }
  if (!process.env.MONGODB_URI) {
    const mongoPort = Number(process.env.PITSTOP_MONGO_PORT ?? 27017);
    // FerretDB opens its SQLite files in WAL mode with synchronous FULL already (its own
    // default journal_mode(wal), and SQLite's compiled-in synchronous FULL); nothing to set.
    const part = new Supervised('FerretDB', async () => asRunning(await startFerretDB({ port: mongoPort, dataDir: join(dataDir, 'ferretdb') })));
    servers.push(part);
    await part.start();
    log.info(`pitstop: the ${part.name} started (pid ${part.current!.pid})`);
    env.MONGODB_URI = `mongodb://127.0.0.1:${mongoPort}/pitstop`;
    log.info(`pitstop: FerretDB (MongoDB wire protocol) on ${env.MONGODB_URI}`);
  }

  const metricsPort = await workerMetricsPort();
  if (metricsPort) env.PITSTOP_WORKER_METRICS_PORT = metricsPort;
  // PITSTOP_DEMO_DATA=1: the generator's year of synthetic contacts, imported before the
  // worker and the API start (once: a database that holds it already is left as it is).
  if (process.env.PITSTOP_DEMO_DATA === '1') {
    const n = await generateInto(env.MONGODB_URI!, generatorOptions(loadPolicy()), { onlyIfAbsent: true });
    log.info(n ? `pitstop: demo data, ${n} synthetic contacts imported` : 'pitstop: demo data already there');
  }
  if (!process.env.OIDC_ISSUER) {
    // The development provider: synthetic people sign in on its page; the pages return to this port.
    const oidcPort = Number(process.env.PITSTOP_OIDC_PORT ?? 3001);
    identityProvider = await startIdentityProvider({ port: oidcPort, webBaseUrls: [`http://127.0.0.1:${port}`, `http://localhost:${port}`] });
    env.OIDC_ISSUER = identityProvider.address;
    log.info(`pitstop: the development identity provider on ${identityProvider.address} (synthetic people only)`);
  }

  nodes.push(new Supervised('worker', launchNode('worker/main.ts', env, niceness)), new Supervised('API', launchNode('server/main.ts', env)));
  for (const part of nodes) {
    await part.start();
    log.info(`pitstop: the ${part.name} started (pid ${part.current!.pid})`);
  }
  await waitForReady(`http://127.0.0.1:${port}/health`, 60_000);
  if (stopping) return;
  // The one thing written for a person rather than a log platform: where to go now.
  console.log(`
pitstop: ready
  Web pages    http://127.0.0.1:${port}/   (sign in at ${env.OIDC_ISSUER}${identityProvider ? ': pick a synthetic person' : ''})
  API          http://127.0.0.1:${port}/api/v1
  API docs     http://127.0.0.1:${port}/docs
  Health       http://127.0.0.1:${port}/health
  Metrics      http://127.0.0.1:${port}/metrics${metricsPort ? `   (the worker's: http://127.0.0.1:${metricsPort}/metrics)` : ''}
  Police key   X-API-Key: dev-police-key-HUM   (development default for force HUM)
  A token      npm run token -- --person dev-front-door-manager
Ctrl-C stops everything; data is kept in ${dataDir}`);
}

main().catch(async (err) => {
  log.fatal(`pitstop: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
});
