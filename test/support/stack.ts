// The real stack for a test file: its own database on the suite's FerretDB, its own task
// queue on the suite's Temporal dev server, a worker and the API on a free port.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createServer } from '../../server/app.js';
import type { Role } from '../../api/auth/roles.js';
import type { AuthConfig } from '../../api/auth/tokens.js';
import { defaultClaimsMapping } from '../../api/auth/claims.js';
import { peopleTokens } from '../../api/auth/people.js';
import { DEV_API_AUDIENCE } from '../../shared/dev-identity.js';
import { adHocLogin, cachedSignIn } from './people.js';
import { hashPoliceKey } from '../../shared/police-keys.js';
import { loadWebConfig } from '../../web/config.js';
import { loadPolicy, type FrontDoorPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, type Store } from '../../shared/db/store.js';
import { dataConverter } from '../../shared/payload-codec.js';
import { createWorker } from '../../worker/create.js';
import type { Connection as MongooseConnection } from 'mongoose';

/** A fresh database: its store, and its models for tests that look at the records themselves. */
export async function testDatabase(label: string): Promise<{ conn: MongooseConnection; models: Models; store: Store }> {
  const name = `t_${label}_${randomUUID().slice(0, 8)}`.replace(/[^a-zA-Z0-9_]/g, '_');
  const { conn, models } = await connectDatabase(`${inject('mongoBaseUri')}${name}`);
  return { conn, models, store: createStore(models) };
}

/** The suite's identity provider (test/global-setup.ts). */
export const testIssuer = (): string => inject('oidcIssuer');

/** The forces' test keys, as the police systems send them. */
const testPoliceKeys = { HUM: 'test-police-key-HUM-000', WYP: 'test-police-key-WYP-000' };

/** The test stack's settings: the suite's provider, and the forces' keys kept as hashes. */
export const testAuth: AuthConfig & { policeApiKeys: typeof testPoliceKeys } = {
  people: peopleTokens({ issuer: testIssuer(), audience: DEV_API_AUDIENCE, clockSkewSeconds: 30, claims: defaultClaimsMapping }),
  policeKeyHashes: { HUM: [hashPoliceKey(testPoliceKeys.HUM)], WYP: [hashPoliceKey(testPoliceKeys.WYP)] },
  policeApiKeys: testPoliceKeys,
};

/**
 * A person's access token from the suite's identity provider: a made-up person with this
 * role, agency (and organisation) signs in at its login page. Synchronous (it blocks while
 * a worker thread signs in), once per identity in a test file. A claimed `force` is sent
 * as a claim like any other: the API never takes a force from a person's token.
 */
export function tokenFor(role: Role, agency: string, opts: { id?: string; name?: string; force?: string; organisation?: string } = {}): string {
  const person = { id: opts.id ?? `${role}-${agency}`, name: opts.name ?? `Test ${role}`, role, agency, ...(opts.force ? { force: opts.force } : {}), ...(opts.organisation ? { organisation: opts.organisation } : {}) };
  return cachedSignIn(testIssuer(), adHocLogin(person));
}

/** Environment for the engine's own processes in a test: they trust the suite's provider. */
export const testProcessEnv = (): Record<string, string> => ({ OIDC_ISSUER: testIssuer() });

export interface TestStack {
  baseUrl: string;
  models: Models;
  store: Store;
  temporal: Client;
  taskQueue: string;
  policy: FrontDoorPolicy;
  /** Stops the worker (as if its process died), and starts a new one. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(
  label: string,
  policyOverrides: Partial<FrontDoorPolicy> = {},
  appOptions: { rateLimitPerMinute?: number; failedAuthPerMinute?: number; stepTimeoutMs?: number; log?: (line: string) => void; auth?: AuthConfig } = {},
): Promise<TestStack> {
  const { conn, models, store } = await testDatabase(label);
  const policy = { ...loadPolicy(), ...policyOverrides };
  const taskQueue = `q-${label}-${randomUUID().slice(0, 8)}`;
  const address = inject('temporalAddress');
  const nativeConnection = await NativeConnection.connect({ address });
  const newWorker = () =>
    createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      store,
      policy,
      workflowBundle: { code: inject('workflowBundleCode') },
    });
  let worker: Worker | undefined = await newWorker();
  let running: Promise<void> = worker.run();
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: 'default', dataConverter: dataConverter() });
  const app = createServer(
    { temporal, taskQueue, store, policy, auth: appOptions.auth ?? testAuth, stepTimeoutMs: appOptions.stepTimeoutMs },
    {
      log: appOptions.log ?? (() => {}),
      rateLimitPerMinute: appOptions.rateLimitPerMinute,
      // Tests refuse credentials on purpose, dozens a minute from one address: the limit on
      // failed authentication is tested where it is set (test/e2e/rate-limits.test.ts).
      failedAuthPerMinute: appOptions.failedAuthPerMinute ?? 1_000_000,
      web: loadWebConfig({ ...process.env, OIDC_ISSUER: testIssuer() }),
    },
  );
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    models,
    store,
    temporal,
    taskQueue,
    policy,
    async stopWorker() {
      worker?.shutdown();
      await running;
      worker = undefined;
    },
    async startWorker() {
      worker = await newWorker();
      running = worker.run();
    },
    async stop() {
      await new Promise((ok) => server.close(ok));
      worker?.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await conn.close();
    },
  };
}

/** A small HTTP client for tests: JSON in, status + JSON out. */
export function http(baseUrl: string) {
  return async function call(
    method: string,
    path: string,
    opts: { token?: string; apiKey?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
