// The engine's HTTP process: the API and the pages beside it (server/app.ts). Stops
// gracefully: on SIGINT/SIGTERM it stops taking connections and finishes the requests in
// flight before closing its clients.
import { Client, Connection } from '@temporalio/client';
import { loadPolicy, loadServiceConfig } from '../shared/config.js';
import { connectStore } from '../shared/db/store.js';
import { assertProductionReady } from '../shared/production.js';
import { councilLocalities } from '../shared/themes/localities.js';
import { dataConverter } from '../shared/payload-codec.js';
import { loadAuthConfig } from '../api/auth/tokens.js';
import { createServer } from './app.js';
import { createLogger } from '../shared/log.js';

const log = createLogger('api');

/** MONGODB_SLOW_MS: each database command slower than it (or failed) logged, what it was and how long (shared/db/slow-commands.ts). */
const slowCommandLog = (slowMs?: number) =>
  slowMs === undefined ? undefined : { slowMs, report: (db: object) => log.warn({ db }, 'pitstop %s: slow database command', 'api') };

async function main() {
  // Before anything is connected: production never runs on a development default.
  assertProductionReady(process.env, 'api');
  const config = loadServiceConfig();
  // The council's localities file, checked before anything is connected (it names a bad entry).
  councilLocalities();
  // Every database operation bounded (the driver's timeoutMS): one whose reply never comes
  // (the driver can lose a write to a connection that closes under it) answers 503, not never.
  const database = await connectStore(config.mongodbUri, { timeoutMS: config.databaseTimeoutMs, ...config.databasePool }, slowCommandLog(config.databaseSlowMs));
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace, dataConverter: dataConverter() });
  const app = createServer(
    { temporal, taskQueue: config.taskQueue, store: database.store, policy: loadPolicy(), auth: loadAuthConfig(), stepTimeoutMs: config.stepTimeoutMs },
    { rateLimitPerMinute: config.rateLimitPerMinute, failedAuthPerMinute: config.failedAuthPerMinute, warm: true },
  );
  const server = app.listen(config.port, config.host, () => {
    log.info(`pitstop api: listening on http://${config.host}:${config.port}`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    log.fatal(
      err.code === 'EADDRINUSE'
        ? `pitstop api: port ${config.port} is in use: set PORT to another port`
        : `pitstop api: ${err.message}`,
    );
    process.exit(1);
  });
  const shutdown = () => {
    server.close(async () => {
      await connection.close();
      await database.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  log.fatal(`pitstop api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
