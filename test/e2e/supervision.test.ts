// `npm start` as an operator runs it (infra/start.ts, its own Temporal dev server and
// FerretDB on free ports and a throwaway data directory): a part killed without warning
// comes back while the others keep running, and Ctrl-C with work in flight stops
// everything in order within the bound instead of hanging.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, projectRoot } from '../../infra/servers.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, testAuth } from '../support/stack.js';
import { cachedSignIn } from '../support/people.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-supervision-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start supervises its parts', () => {
  it('restarts a killed worker, FerretDB and Temporal dev server, and stops in order within the bound on Ctrl-C', async () => {
    const [port, temporalPort, uiPort, mongoPort, oidcPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      PITSTOP_DATA_DIR: dataDir,
      PITSTOP_TEMPORAL_PORT: String(temporalPort),
      PITSTOP_TEMPORAL_UI_PORT: String(uiPort),
      PITSTOP_MONGO_PORT: String(mongoPort),
      PITSTOP_OIDC_PORT: String(oidcPort),
      POLICE_API_KEYS: JSON.stringify(testAuth.policeApiKeys),
      WORKER_NICENESS: '0',
    };
    delete env.TEMPORAL_ADDRESS;
    delete env.MONGODB_URI;
    delete env.TEMPORAL_TASK_QUEUE;
    delete env.OIDC_ISSUER;
    // Its own process group, as a terminal gives it: Ctrl-C below is sent to the whole group.
    const start = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'infra/start.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    start.stdout!.on('data', (c) => (output += c));
    start.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((ok) => start.on('exit', (code) => ok(code)));
    try {
      const seen = async (text: string, timeoutMs = 60_000) => {
        const deadline = Date.now() + timeoutMs;
        while (!output.includes(text)) {
          if (Date.now() > deadline || start.exitCode !== null) throw new Error(`no "${text}" from npm start: ${output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const pidOf = (part: string) => Number(new RegExp(`the ${part} started \\(pid (\\d+)\\)`).exec(output)![1]);
      await seen('pitstop: ready');
      const call = http(`http://127.0.0.1:${port}`);
      // A synthetic manager signs in at npm start's own development identity provider.
      const manager = cachedSignIn(`http://127.0.0.1:${oidcPort}`, 'dev-front-door-manager');

      // The worker dies: it is started again, and a notification sent afterwards is taken through intake.
      process.kill(pidOf('worker'), 'SIGKILL');
      await seen('the worker is running again', 30_000);
      const sent = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
      expect(sent.status).toBe(202);
      await eventually(async () => {
        const r = await call('GET', `/api/v1/cases/${sent.body.caseId}`, { token: manager });
        if (r.status !== 200) throw new Error(`the case answered ${r.status}`);
        return r.body.stage === 'awaiting_decision';
      }, 30_000, 'intake after the worker restart');

      // FerretDB dies: it is started again on the same port and files, and /health is 200 again.
      process.kill(pidOf('FerretDB'), 'SIGKILL');
      await seen('the FerretDB is running again', 30_000);
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200, 30_000, '/health after the FerretDB restart');
      // Nothing acknowledged was lost with it.
      expect((await call('GET', `/api/v1/cases/${sent.body.caseId}`, { token: manager })).body.stage).toBe('awaiting_decision');

      // The Temporal dev server dies: it comes back on the same file, with the workflows it had accepted.
      process.kill(pidOf('Temporal dev server'), 'SIGKILL');
      await seen('the Temporal dev server is running again', 60_000);
      const later = await eventually(async () => {
        const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
        return r.status === 202 && r;
      }, 30_000, 'a notification accepted after the Temporal restart');
      await eventually(async () => (await call('GET', `/api/v1/cases/${later.body.caseId}`, { token: manager })).body?.stage === 'awaiting_decision', 60_000, 'intake after the Temporal restart');
      expect(output).not.toContain('stopping everything');

      // Ctrl-C with work in flight (SIGINT to the terminal's whole process group): the parts
      // are stopped in order by the supervisor alone, each within its grace, none killed.
      const burst = Array.from({ length: 20 }, () => call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() }).catch(() => undefined));
      await new Promise((r) => setTimeout(r, 300));
      const stopAt = Date.now();
      process.kill(-start.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(34_000);
      expect(output).not.toContain('did not stop within');
      await Promise.all(burst);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      if (start.exitCode === null) start.kill('SIGKILL');
    }
  }, 180_000);
});
