// The floor's worker process for `npm run bench`: bench/floor-workflow.ts, bundled on its
// own, and its one activity (one insert into MongoDB). As bare as a Temporal worker on
// this stack gets: no payload codec, no models, no indexes. Settings the engine's worker
// also has: at most 20 activities at once. Env: TEMPORAL_ADDRESS, MONGODB_URI,
// TEMPORAL_TASK_QUEUE.
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import mongoose from 'mongoose';
import { fileURLToPath } from 'node:url';
import type { FloorActivities } from './floor-workflow.js';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const mongo = new mongoose.mongo.MongoClient(process.env.MONGODB_URI!);
  await mongo.connect();
  const docs = mongo.db().collection<{ _id: string; at: Date }>('floor');
  const activities: FloorActivities = {
    async insertOne(id) {
      try {
        await docs.insertOne({ _id: id, at: new Date() });
      } catch (err) {
        // A retry of an insert that did land.
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    },
  };
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./floor-workflow.ts', import.meta.url)),
    logger: new DefaultLogger('ERROR'),
  });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
    workflowBundle,
    activities,
    maxConcurrentActivityTaskExecutions: 20,
  });
  console.log(`floor worker: polling task queue ${process.env.TEMPORAL_TASK_QUEUE}`);
  await worker.run();
  await connection.close();
  await mongo.close();
}

main().catch((err) => {
  console.error(`floor worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
