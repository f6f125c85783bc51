// A database reply that never comes. The API runs as its own process (server/main.ts, as
// `npm start` runs it) behind a TCP relay to the suite's FerretDB; the relay then stops
// passing the database's replies back, as a half-open connection does, or the MongoDB
// driver when a connection closes under a write it has not yet sent (it then waits for a
// 'drain' that never comes: the kill -9 durability test hung on exactly that, once).
// Without MONGODB_TIMEOUT_MS bounding every operation (the driver's timeoutMS) the
// request waits for ever; with it the police system gets a 503 with Retry-After within
// the bound, and the API serves again as soon as replies flow.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, projectRoot } from '../../infra/servers.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, testAuth } from '../support/stack.js';

let relay: Server;
let replies = true;
const held: Socket[] = [];
let api: ChildProcess;
let apiPort: number;

beforeAll(async () => {
  const target = new URL(inject('mongoBaseUri'));
  relay = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on('data', (c) => upstream.write(c));
    // Stalled: the database's replies are swallowed, the connections stay open.
    upstream.on('data', (c) => (replies ? client.write(c) : held.push(client)));
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((ok) => relay.listen(0, '127.0.0.1', ok));
  const relayPort = (relay.address() as { port: number }).port;
  apiPort = await freePort();
  api = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'server/main.ts')], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      MONGODB_URI: `mongodb://127.0.0.1:${relayPort}/t_stall`,
      TEMPORAL_TASK_QUEUE: 'stall',
      POLICE_API_KEYS: JSON.stringify(testAuth.policeApiKeys),
      PORT: String(apiPort),
      MONGODB_TIMEOUT_MS: '2000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  api.stdout!.on('data', (c) => (output += c));
  api.stderr!.on('data', (c) => (output += c));
  await eventually(async () => output.includes('listening') || (api.exitCode !== null && Promise.reject(new Error(output))), 60_000, `the API to start: ${output}`);
}, 90_000);

afterAll(async () => {
  api?.kill('SIGKILL');
  for (const s of held) s.destroy();
  await new Promise((ok) => relay?.close(ok));
});

describe('a database that stops answering', () => {
  it('is answered 503 with Retry-After within MONGODB_TIMEOUT_MS, never left hanging, and served again once it answers', async () => {
    const call = http(`http://127.0.0.1:${apiPort}`);
    const submit = () => call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });

    replies = false;
    const started = Date.now();
    const stalled = await Promise.race([
      submit(),
      new Promise<undefined>((ok) => setTimeout(() => ok(undefined), 20_000)),
    ]);
    const waited = Date.now() - started;
    expect(stalled, 'an answer, not a request left hanging').toBeDefined();
    expect(stalled!.status).toBe(503);
    expect(stalled!.headers.get('retry-after')).toBe('5');
    expect(stalled!.body.code).toBe('unavailable');
    expect(waited).toBeGreaterThanOrEqual(1500);
    expect(waited).toBeLessThan(15_000);

    // Replies flow again: the stalled connections were closed by the driver, new ones answer.
    replies = true;
    const again = await eventually(async () => {
      const r = await submit();
      return r.status === 202 && r;
    }, 30_000, 'a 202 once the database answers again');
    expect(again.body.caseId).toBeTruthy();
  }, 60_000);
});
