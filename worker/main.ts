// The worker process: runs contact workflows and activities until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadPolicy, loadServiceConfig } from '../shared/config.js';
import { connectStore } from '../shared/db/store.js';
import { assertProductionReady } from '../shared/production.js';
import { loadRetentionRules } from '../shared/retention.js';
import { dataConverter } from '../shared/payload-codec.js';
import { createWorker } from './create.js';
import { countedFetch, countedStore, prometheusTelemetry } from './metrics.js';
import { keepSchedules } from './schedules.js';
import { retentionCron } from './retention-schedule.js';

async function main() {
  // Before anything is connected: production never runs on a development default.
  assertProductionReady(process.env, 'worker');
  const config = loadServiceConfig();
  // WARN by default: the SDK's INFO lines (bundling, state changes) are for debugging.
  // Temporal's metrics, and the worker's own beside them, on PITSTOP_WORKER_METRICS_PORT (worker/metrics.ts).
  const telemetryOptions = prometheusTelemetry();
  const runtime = Runtime.install({ logger: new DefaultLogger(config.logLevel), ...(telemetryOptions ? { telemetryOptions } : {}) });
  const policy = loadPolicy();
  // Every database operation bounded (the driver's timeoutMS): an activity whose reply never
  // comes fails and is retried rather than holding its slot for ever.
  const database = await connectStore(config.mongodbUri, { timeoutMS: config.databaseTimeoutMs });
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
  console.log(`pitstop worker: polling task queue ${config.taskQueue} on ${config.temporalAddress}`);
  if (telemetryOptions) console.log(`pitstop worker: metrics on http://${telemetryOptions.metrics.prometheus.bindAddress}/metrics`);
  await worker.run(); // Temporal's runtime shuts the worker down on SIGINT/SIGTERM
  await connection.close();
  await database.close();
}

main().catch((err) => {
  console.error(`pitstop worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
