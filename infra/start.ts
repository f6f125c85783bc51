// `npm start`: the whole engine on embedded defaults. Starts a persistent Temporal dev
// server and FerretDB (unless TEMPORAL_ADDRESS / MONGODB_URI point elsewhere), then the
// worker and the HTTP server (the API and the pages, server/main.ts) as their own
// processes, prints where everything is, and on Ctrl-C stops it all in reverse order.
// Data lives under .data/ and survives restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { durableTemporalSqlitePragmas, InfraError, projectRoot, startFerretDB, startTemporalDevServer, workerNiceness, yieldingCommand, type RunningServer } from './servers.js';

const dataDir = process.env.PITSTOP_DATA_DIR ?? join(projectRoot, '.data');
const port = Number(process.env.PORT ?? 3000);
const servers: RunningServer[] = [];
const children: ChildProcess[] = [];
let stopping = false;

/** `niceness`: how far it yields the CPU (infra/servers.ts `yieldingCommand`). */
function startNode(name: string, entry: string, env: NodeJS.ProcessEnv, niceness = 0): ChildProcess {
  const [command, args] = yieldingCommand(['--import', 'tsx', join(projectRoot, entry)], niceness);
  const child = spawn(command, args, {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`pitstop: the ${name} stopped unexpectedly (${code ?? signal}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new InfraError(`the API did not become healthy at ${url} within ${timeoutMs / 1000}s`);
}

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('pitstop: stopping...');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((ok) => {
          if (c.exitCode !== null || c.signalCode !== null) return ok();
          c.once('exit', () => ok());
          c.kill('SIGTERM');
        }),
    ),
  );
  for (const s of servers.reverse()) await s.stop();
  process.exit(code);
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
    // a 202 survives a crash or power cut of this machine.
    const dbFile = join(dataDir, 'temporal.sqlite');
    servers.push(await startTemporalDevServer({ port: temporalPort, uiPort, dbFile, namespace }));
    env.TEMPORAL_ADDRESS = servers.at(-1)!.address;
    console.log(`pitstop: Temporal dev server on ${env.TEMPORAL_ADDRESS} (Web UI http://127.0.0.1:${uiPort}; ${dbFile}, SQLite ${durableTemporalSqlitePragmas.join(' ')})`);
  }
  if (!process.env.MONGODB_URI) {
    const mongoPort = Number(process.env.PITSTOP_MONGO_PORT ?? 27017);
    // FerretDB opens its SQLite files in WAL mode with synchronous FULL already (its own
    // default journal_mode(wal), and SQLite's compiled-in synchronous FULL); nothing to set.
    servers.push(await startFerretDB({ port: mongoPort, dataDir: join(dataDir, 'ferretdb') }));
    env.MONGODB_URI = `mongodb://127.0.0.1:${mongoPort}/pitstop`;
    console.log(`pitstop: FerretDB (MongoDB wire protocol) on ${env.MONGODB_URI}`);
  }

  startNode('worker', 'worker/main.ts', env, niceness);
  startNode('API', 'server/main.ts', env);
  await waitForHealth(`http://127.0.0.1:${port}/health`, 60_000);
  console.log(`
pitstop: ready
  Web pages    http://127.0.0.1:${port}/   (development sign-in: pick a synthetic person)
  API          http://127.0.0.1:${port}/api/v1
  API docs     http://127.0.0.1:${port}/docs
  Health       http://127.0.0.1:${port}/health
  Police key   X-API-Key: dev-police-key-HUM   (development default for force HUM)
  A token      npm run token -- --role front_door_manager
Ctrl-C stops everything; data is kept in ${dataDir}`);
}

main().catch(async (err) => {
  console.error(`pitstop: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
});
