// Throwaway real servers for the whole suite: a Temporal dev server (in memory) and a
// FerretDB on a temporary directory, on free ports; plus the workflow bundle, built once.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFerretDB, startOnFreePort, startTemporalDevServer, toolPaths, type RunningServer } from '../infra/servers.js';
import { failureConverterPath } from '../shared/payload-codec.js';
import { workflowsPath } from '../worker/create.js';

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-test-'));
  const servers: RunningServer[] = [];
  try {
    const [temporal, ferret, bundle] = await Promise.all([
      startOnFreePort((port) => startTemporalDevServer({ port })),
      startOnFreePort((port) => startFerretDB({ port, dataDir })),
      bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } }),
    ]);
    servers.push(temporal, ferret);
    project.provide('temporalAddress', temporal.address);
    project.provide('mongoBaseUri', ferret.address);
    project.provide('timeSkippingServerPath', toolPaths.temporalTestServer);
    project.provide('workflowBundleCode', bundle.code);
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
