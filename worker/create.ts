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
    // The worker finishes the activity in hand before it stops (graceful shutdown).
    shutdownGraceTime: '10 seconds',
    // Work waits its turn in Temporal's task queue rather than inside the database:
    // past this many writes in flight the embedded FerretDB only gets slower per write.
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities ?? 20,
    // Intake runs as a local activity (workflows/io.ts): the same cap.
    maxConcurrentLocalActivityExecutions: opts.maxConcurrentActivities ?? 20,
  });
}
