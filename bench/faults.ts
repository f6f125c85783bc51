// `npm run test:faults`: faults injected from outside under `npm start` (infra/start.ts and
// its supervisor, its own Temporal dev server and FerretDB on free ports and a throwaway
// data directory). Police notifications are sent in flight while, in turn, the worker, the
// API, the Temporal dev server and FerretDB are killed with SIGKILL; then cases are decided
// while the force's outcome webhook is down, and it is brought back. Prints: sent,
// acknowledged, refused and accepted when sent again, lost, duplicated, wrong stage, each
// outcome delivered once, and each part's time to heal (the kill to /health `ok`).
// `-- --notifications 1000 --webhook-down-s 60`; test/e2e/faults.test.ts runs a small one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, projectRoot } from '../infra/servers.js';
import { call, checkCases, countsOf, decideAndAuthorise, policeWebhook, printFigures, resendRefused, sendNotifications, signIn, sleep } from './fault-load.js';

export interface FaultOptions {
  notifications: number;
  /** How long the notifications take to send: the kills fall inside it. */
  sendingMs: number;
  /** Cases decided while the webhook is down, and how long it stays down. */
  decided: number;
  webhookDownMs: number;
}

const parts = ['worker', 'API', 'Temporal dev server', 'FerretDB'] as const;

export async function runFaults(o: FaultOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-faults-'));
  const [port, temporalPort, uiPort, mongoPort, oidcPort, metricsPort, hookPort] = await Promise.all(Array.from({ length: 7 }, () => freePort()));
  const webhook = await policeWebhook(hookPort);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port), PITSTOP_DATA_DIR: dataDir, PITSTOP_TEMPORAL_PORT: String(temporalPort), PITSTOP_TEMPORAL_UI_PORT: String(uiPort),
    PITSTOP_MONGO_PORT: String(mongoPort), PITSTOP_OIDC_PORT: String(oidcPort), PITSTOP_WORKER_METRICS_PORT: String(metricsPort),
    POLICE_WEBHOOKS: JSON.stringify({ HUM: webhook.url }), RATE_LIMIT_PER_MINUTE: '100000',
  };
  for (const k of ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'TEMPORAL_TASK_QUEUE', 'OIDC_ISSUER', 'POLICE_API_KEYS', 'POLICE_API_KEY_HASHES']) delete env[k];
  const start = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'infra/start.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  start.stdout!.on('data', (c) => (output += c));
  start.stderr!.on('data', (c) => (output += c));
  const base = `http://127.0.0.1:${port}`;
  const ready = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await call(base, 'GET', '/health')).body?.status === 'ok') return true;
      await sleep(250);
    }
    return false;
  };
  const pidOf = (part: string) => Number([...output.matchAll(new RegExp(`the ${part} (?:started|is running again) \\(pid (\\d+)\\)`, 'g'))].at(-1)![1]);
  try {
    const began = Date.now();
    while (!output.includes('pitstop: ready')) {
      if (start.exitCode !== null || Date.now() - began > 180_000) throw new Error(`npm start did not become ready: ${output.slice(-2000)}`);
      await sleep(200);
    }
    const issuer = `http://127.0.0.1:${oidcPort}`;
    const [manager, panel] = [await signIn(issuer, 'dev-front-door-manager'), await signIn(issuer, 'dev-panel-chair')];

    // The notifications in flight; a part killed at each fifth of the sending, each back before the next.
    const sending = sendNotifications([base], o.notifications, o.sendingMs / o.notifications);
    const healSeconds: Record<string, number> = {};
    for (const part of parts) {
      await sleep(o.sendingMs / (parts.length + 1));
      const before = pidOf(part);
      const killedAt = Date.now();
      process.kill(before, 'SIGKILL');
      while (pidOf(part) === before && Date.now() - killedAt < 120_000) await sleep(100);
      await ready(120_000);
      healSeconds[part] = Math.round((Date.now() - killedAt) / 100) / 10;
    }
    const sent = await sending;
    await resendRefused([base], sent, 120_000);

    // The force's webhook down while some cases are decided, then back: each outcome once.
    await webhook.down();
    const toDecide = sent.filter((s) => s.caseId).slice(0, o.decided);
    await checkCases(base, manager, toDecide, () => 'awaiting_decision', 120_000);
    const decidedOk = (await Promise.all(toDecide.map((s) => decideAndAuthorise(base, panel, manager, s.caseId!)))).filter(Boolean).length;
    await sleep(o.webhookDownMs);
    const backAt = Date.now();
    await webhook.up();
    const ids = new Set(toDecide.map((s) => s.caseId!));
    while ([...ids].some((id) => !webhook.deliveries.get(id)) && Date.now() - backAt < 300_000) await sleep(500);
    const webhookHealSeconds = Math.round((Date.now() - backAt) / 100) / 10;
    await sleep(3_000); // a second delivery, if there were to be one

    const checked = await checkCases(base, manager, sent, (s) => (ids.has(s.caseId!) ? 'closed' : 'awaiting_decision'), 180_000);
    const figures = {
      ...countsOf(sent, checked),
      'decided, webhook down': decidedOk,
      'outcomes delivered': [...ids].filter((id) => webhook.deliveries.get(id) === 1).length,
      'outcomes twice': [...ids].filter((id) => (webhook.deliveries.get(id) ?? 0) > 1).length,
      'heal (s)': { ...healSeconds, 'police webhook': webhookHealSeconds },
      'npm start stopped': start.exitCode !== null || /stopping everything/.test(output),
    };
    return figures;
  } finally {
    start.kill('SIGTERM');
    await new Promise((r) => (start.exitCode !== null ? r(null) : start.once('exit', r)));
    await webhook.down();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('faults.ts')) {
  const arg = (name: string, d: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] ?? d) || d;
  const notifications = arg('notifications', 1000);
  runFaults({ notifications, sendingMs: arg('sending-s', Math.max(60, notifications / 8)) * 1000, decided: arg('decided', 20), webhookDownMs: arg('webhook-down-s', 60) * 1000 })
    .then((f) => {
      printFigures(`faults under npm start: ${notifications} notifications, kill -9 of each part in turn, the police webhook down then back`, f);
      process.exitCode = f.lost || f.duplicated || f['wrong stage'] ? 1 : 0;
    })
    .catch((err) => {
      console.error(`test:faults: ${err instanceof Error ? err.stack : String(err)}`);
      process.exitCode = 1;
    });
}
