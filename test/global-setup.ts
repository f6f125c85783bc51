// Throwaway real servers for the whole suite: a Temporal dev server (in memory), a
// FerretDB on a temporary directory and the embedded OpenID provider (with ad-hoc people,
// so a test signs in whoever it needs), on free ports; plus the workflow bundle, built once.
// The provider runs here, in the suite's own process, never in a test file's: a test file
// blocks on a sign-in (test/support/people.ts) while this process answers it.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFerretDB, startOnFreePort, startTemporalDevServer, toolPaths, type RunningServer } from '../infra/servers.js';
import { startIdentityProvider } from '../infra/oidc-provider.js';
import { failureConverterPath } from '../shared/payload-codec.js';
import { workflowsPath } from '../worker/create.js';

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-test-'));
  const servers: RunningServer[] = [];
  try {
    const [temporal, ferret, provider, bundle] = await Promise.all([
      startOnFreePort((port) => startTemporalDevServer({ port })),
      startOnFreePort((port) => startFerretDB({ port, dataDir })),
      startOnFreePort((port) => startIdentityProvider({ port, adHocPeople: true, anyLoopbackWebClient: true })),
      bundleWorkflowCode({ workflowsPath, failureConverterPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } }),
    ]);
    servers.push(temporal, ferret, provider);
    project.provide('temporalAddress', temporal.address);
    project.provide('mongoBaseUri', ferret.address);
    project.provide('oidcIssuer', provider.address);
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
