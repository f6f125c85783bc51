// Builds the worker that runs contact workflows and their activities: the one place the
// workflows, the activities and their dependencies are wired together. Used by the
// worker process (worker/main.ts) and the API-level tests (test/support/stack.ts); the
// workflow tests build theirs on the time-skipping server from the same parts.
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { dataConverter } from '../shared/payload-codec.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A pre-built bundle (tests build one and share it); otherwise built from source. */
  workflowBundle?: WorkflowBundleOption;
  /** Activities run at once by this worker (WORKER_MAX_ACTIVITIES, default 20). */
  maxConcurrentActivities?: number;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: createActivities(opts),
    dataConverter: dataConverter(),
    // On SIGTERM the worker takes no new task and finishes what it holds for up to
    // shutdownForceTime, then run() ends regardless: its local activities (intake) are
    // retried by the SDK even after shutdown began, so a worker with a backlog could
    // otherwise drain for minutes. What it had not finished stays in Temporal (the workflow
    // task or activity times out) and the next worker takes it; every activity is
    // idempotent, so nothing is lost or done twice (test/e2e/processes.test.ts). The grace
    // after which the SDK would cancel activities is longer on purpose: a local activity
    // cancelled by shutdown would hand its workflow a cancellation instead of a result.
    shutdownForceTime: '12 seconds',
    shutdownGraceTime: '1 minute',
    // Work waits its turn in Temporal's task queue rather than inside the database:
    // past this many writes in flight the embedded FerretDB only gets slower per write.
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities ?? 20,
    // Intake runs as a local activity (workflows/io.ts): the same cap.
    maxConcurrentLocalActivityExecutions: opts.maxConcurrentActivities ?? 20,
  });
}
