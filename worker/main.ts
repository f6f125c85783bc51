// The worker process: runs contact workflows and activities until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { GracefulShutdownPeriodExpiredError, NativeConnection, Runtime } from '@temporalio/worker';
import { createLogger, temporalLogger } from '../shared/log.js';
import { loadPolicy, loadServiceConfig } from '../shared/config.js';
import { connectStore } from '../shared/db/store.js';
import { assertProductionReady } from '../shared/production.js';
import { loadRetentionRules } from '../shared/retention.js';
import { dataConverter } from '../shared/payload-codec.js';
import { createWorker } from './create.js';
import { countedFetch, countedStore, prometheusTelemetry } from './metrics.js';
import { keepSchedules } from './schedules.js';
import { retentionCron } from './retention-schedule.js';

const log = createLogger('worker');

/** MONGODB_SLOW_MS: each database command slower than it (or failed) logged, what it was and how long (shared/db/slow-commands.ts). */
const slowCommandLog = (slowMs?: number) =>
  slowMs === undefined ? undefined : { slowMs, report: (db: object) => log.warn({ db }, 'pitstop %s: slow database command', 'worker') };

async function main() {
  // Before anything is connected: production never runs on a development default.
  assertProductionReady(process.env, 'worker');
  // A signal during start-up or shutdown never leaves the process hanging.
  stopWithin(stopBoundMs);
  const config = loadServiceConfig();
  // The SDK's lines through pino (shared/log.ts: its names and ids, an error's name, no
  // payloads); WARN by default: its INFO lines (bundling, state changes) are for debugging.
  // Temporal's metrics, and the worker's own beside them, on PITSTOP_WORKER_METRICS_PORT (worker/metrics.ts).
  const telemetryOptions = prometheusTelemetry();
  const runtime = Runtime.install({ logger: temporalLogger(log.child({}, { level: config.logLevel.toLowerCase() })), ...(telemetryOptions ? { telemetryOptions } : {}) });
  const policy = loadPolicy();
  // Every database operation bounded (the driver's timeoutMS): an activity whose reply never
  // comes fails and is retried rather than holding its slot for ever.
  const database = await connectStore(config.mongodbUri, { timeoutMS: config.databaseTimeoutMs, ...config.databasePool }, slowCommandLog(config.databaseSlowMs));
  // Checked at start: a bad retention setting stops the worker naming it.
  loadRetentionRules();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    store: countedStore(database.store, runtime.metricMeter),
    fetch: countedFetch(fetch, runtime.metricMeter),
    policy,
    maxConcurrentActivities: config.workerMaxActivities,
  });
  // The audit trail's sealer (every minute) and the retention schedule (RETENTION_SCHEDULE),
  // kept on one client connection, closed once they are (worker/schedules.ts).
  const clientConnection = await Connection.connect({ address: config.temporalAddress });
  try {
    await keepSchedules(new Client({ connection: clientConnection, namespace: config.temporalNamespace, dataConverter: dataConverter() }), {
      taskQueue: config.taskQueue,
      retentionCron: retentionCron(),
      timeZone: policy.calendar.timeZone,
    });
  } finally {
    await clientConnection.close();
  }
  log.info({ taskQueue: config.taskQueue, temporal: config.temporalAddress }, `pitstop worker: polling task queue ${config.taskQueue}`);
  if (telemetryOptions) log.info(`pitstop worker: metrics on http://${telemetryOptions.metrics.prometheus.bindAddress}/metrics`);
  try {
    await worker.run(); // Temporal's runtime shuts the worker down on SIGINT/SIGTERM
  } catch (err) {
    // shutdownForceTime (worker/create.ts) passed with tasks unfinished: they are Temporal's again.
    // Once asked to stop, the SDK may also end run() with another error as it tears down
    // workflows still in hand ("Workflow execution context should have been disposed
    // first"): the same stop, their tasks Temporal's again, so not a failure.
    if (!(err instanceof GracefulShutdownPeriodExpiredError) && !stopRequested) throw err;
    log.warn({ reason: err instanceof Error ? err.name : 'unknown' }, 'pitstop worker: stopped with tasks unfinished; Temporal gives them to the next worker');
    process.exit(0);
  }
  await connection.close();
  await database.close();
}

/** How long after SIGINT/SIGTERM the process is gone, whatever still holds it (a call to a Temporal or database that no longer answers). */
const stopBoundMs = 15_000;

/** Set once SIGINT/SIGTERM has come: from then on run() ending in an error is the stop itself. */
let stopRequested = false;

function stopWithin(ms: number) {
  const bound = () => {
    stopRequested = true;
    setTimeout(() => {
      log.warn(`pitstop worker: not stopped ${ms / 1000}s after the signal; exiting (unfinished tasks stay in Temporal)`);
      process.exit(1);
    }, ms).unref();
  };
  process.once('SIGINT', bound);
  process.once('SIGTERM', bound);
}

main().catch((err) => {
  log.fatal(`pitstop worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
