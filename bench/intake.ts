// Benchmark: police notifications through the real stack (Temporal dev server, FerretDB,
// worker and API in this process). Prints figures; asserts nothing. Run:
//   npm run bench -- --count 300 --concurrency 20
// Measures: time to a durable 202 (latency percentiles, throughput), time until every
// contact is recorded and on an agenda, case read latency, and this process's memory.
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../api/app.js';
import { mintToken, type AuthConfig } from '../api/auth/tokens.js';
import { freePort, projectRoot, startFerretDB, startTemporalDevServer } from '../infra/servers.js';
import { loadPolicy } from '../shared/config.js';
import { connectDatabase } from '../shared/db/models.js';
import { dataConverter } from '../shared/payload-codec.js';
import { createWorker, workflowsPath } from '../worker/create.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '20' } } });
const count = Number(values.count);
const concurrency = Number(values.concurrency);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-bench-'));
  const temporal = await startTemporalDevServer({ port: await freePort() });
  const ferret = await startFerretDB({ port: await freePort(), dataDir });
  const { conn, models } = await connectDatabase(`${ferret.address}bench`);
  const policy = loadPolicy();
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue: 'bench', models, policy, workflowBundle: bundle });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporal.address });
  const auth: AuthConfig = { jwtSecret: 'bench-secret', policeApiKeys: { HUM: 'bench-police-key-HUM' }, issuer: 'pitstop' };
  const app = createApp({ temporal: new Client({ connection, dataConverter: dataConverter() }), taskQueue: 'bench', models, policy, auth }, { log: () => {}, rateLimitPerMinute: 1e9 });
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const example = JSON.parse(readFileSync(join(projectRoot, '..', 'shared', 'examples', 'police-notification.json'), 'utf8'));
  const memBefore = process.memoryUsage();

  const latencies: number[] = [];
  const caseIds: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const body = { ...example, policeReference: `HUM-BENCH-${i}` };
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/notifications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'bench-police-key-HUM' },
          body: JSON.stringify(body),
        });
        latencies.push(performance.now() - t0);
        if (res.status !== 202) throw new Error(`submission ${i} answered ${res.status}`);
        caseIds.push(((await res.json()) as { caseId: string }).caseId);
      }
    }),
  );
  const submitted = performance.now() - started;
  while ((await models.Contact.countDocuments({ stage: 'awaiting_decision' })) < count) await new Promise((r) => setTimeout(r, 50));
  const allRecorded = performance.now() - started;

  const token = mintToken(auth, { id: 'bench', name: 'Bench Manager', role: 'front_door_manager', agency: 'front_door' });
  const reads: number[] = [];
  for (const id of caseIds.slice(0, Math.min(100, count))) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    reads.push(performance.now() - t0);
  }
  const memAfter = process.memoryUsage();
  latencies.sort((a, b) => a - b);
  reads.sort((a, b) => a - b);

  console.log(`PIT Stop engine benchmark: ${count} notifications, ${concurrency} at a time (worker + API in one process)`);
  console.log(`  durable 202     p50 ${pct(latencies, 50)} ms  p95 ${pct(latencies, 95)} ms  p99 ${pct(latencies, 99)} ms`);
  console.log(`  throughput      ${(count / (submitted / 1000)).toFixed(1)} notifications/s accepted`);
  console.log(`  all recorded    ${(allRecorded / 1000).toFixed(2)} s until every contact was on an agenda`);
  console.log(`  case read       p50 ${pct(reads, 50)} ms  p95 ${pct(reads, 95)} ms  (${reads.length} reads)`);
  console.log(`  memory          rss ${mb(memBefore.rss)} → ${mb(memAfter.rss)}, heap used ${mb(memBefore.heapUsed)} → ${mb(memAfter.heapUsed)}`);

  await new Promise((ok) => server.close(ok));
  worker.shutdown();
  await running;
  await connection.close();
  await nativeConnection.close();
  await conn.close();
  await ferret.stop();
  await temporal.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
