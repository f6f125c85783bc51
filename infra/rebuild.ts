// `npm run rebuild`: every read model (a child's history and person keys, the audit logs,
// the outbox logs, the meeting registers, the working set, agendas and case rows) dropped
// and derived again from the records by the store's projector (shared/db/rebuild.ts).
// Run it with the engine stopped, after a change to a read model's shape or to repair
// one; killed part way, run it again. The database: MONGODB_URI, or else the embedded
// FerretDB under .data/ as `npm start` runs it (started here, on PITSTOP_MONGO_PORT, and
// refused while `npm start` holds that port: stop the engine first).
import { rebuildDatabase } from '../shared/db/store.js';
import { commandDatabase } from './command-database.js';

async function main() {
  const { uri, stop } = await commandDatabase();
  // Where, without the credentials a URI may carry.
  console.log(`rebuild: the read models of ${uri.replace(/\/\/[^@/]*@/, '//')}`);
  const started = performance.now();
  try {
    const counts = await rebuildDatabase(uri, (c) => {
      for (const [readModel, n] of Object.entries(c)) console.log(`rebuild: ${readModel.padEnd(24)} ${n} documents`);
    });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`rebuild: done, ${total} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(`rebuild: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
