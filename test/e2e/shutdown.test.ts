// The API process stops gracefully: on SIGTERM it takes no new connections but answers
// the requests already in flight before it exits.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort, projectRoot } from '../../infra/servers.js';
import { freshNotification } from '../support/fixtures.js';
import { http, testAuth, tokenFor } from '../support/stack.js';

describe('API process', () => {
  it('finishes a request in flight after SIGTERM, then exits cleanly', async () => {
    const port = await freePort();
    const api = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'api', 'main.ts')], {
      env: {
        ...process.env,
        PORT: String(port),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        MONGODB_URI: `${inject('mongoBaseUri')}t_shutdown`,
        // No worker polls this queue, so a step waits the full step timeout.
        TEMPORAL_TASK_QUEUE: 'shutdown-no-worker',
        STEP_TIMEOUT_MS: '3000',
        POLICE_API_KEYS: JSON.stringify(testAuth.policeApiKeys),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    api.stdout!.on('data', (c) => (output += c));
    api.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((ok) => api.on('exit', (code) => ok(code)));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (!output.includes('listening')) {
      if (Date.now() > deadline) throw new Error(`API did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const call = http(base);
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
    expect(submitted.status).toBe(202);

    const started = Date.now();
    const inFlight = call('POST', `/api/v1/cases/${submitted.body.caseId}/decision`, {
      token: tokenFor('panel_member', 'childrens_social_care'),
      body: { levelOfNeed: 1, outcome: 'no_further_action', rationale: 'r', attendees: [{ name: 'A', agency: 'police' }] },
    });
    await new Promise((r) => setTimeout(r, 700));
    api.kill('SIGTERM');
    const answer = await inFlight;
    // The step could not be confirmed (no worker), and the caller is told so: an
    // answer, not a dropped connection.
    expect(answer.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  }, 60_000);
});
