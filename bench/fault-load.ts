// The load and the counts of the fault runs (bench/faults.ts, bench/rolling-restart.ts):
// police notifications sent in flight as a force's system sends them (a refusal or a
// dropped connection sent again later), a force's outcome webhook that can be taken down
// and brought back, and the check of every acknowledged notification afterwards.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { projectRoot } from '../infra/servers.js';
import { DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI } from '../shared/dev-identity.js';
import { signInAtProvider } from '../infra/oidc-login.mjs';
import { letters } from '../shared/generator/random.js';

export const policeKey = 'dev-police-key-HUM';
const example = readFileSync(join(projectRoot, '..', 'shared', 'examples', 'police-notification.json'), 'utf8');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function signIn(issuer: string, login: string): Promise<string> {
  return (await signInAtProvider({ issuer, clientId: DEV_CLI_CLIENT_ID, redirectUri: DEV_CLI_REDIRECT_URI, login })).access_token;
}

/** One HTTP call bounded in time: its status and body, or 0 when no answer came. */
export async function call(base: string, method: string, path: string, opts: { token?: string; apiKey?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  try {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: 0, body: undefined };
  }
}

/**
 * A synthetic notification with a reference of its own (the case id follows from it) and a
 * family of its own, as a front door's day is: the same children named a thousand times in
 * an hour would make every run measure one pathological family (each intake reads the
 * children's last twelve months, and the MARAC escalation rule refuses the run's decisions
 * from the third), not the faults.
 */
export function notification(run: string, i: number) {
  const n = JSON.parse(example);
  n.policeReference = `HUM-26-F${run}${i}`.toUpperCase();
  const family = `Fault${letters(parseInt(run, 16))}x${letters(i)}`;
  for (const p of [...n.children, ...n.adults]) p.familyName = family;
  return n;
}

export interface Sent {
  reference: string;
  body: unknown;
  caseId?: string;
  /** Answered 202/200 the first time. */
  acknowledged: boolean;
  /** Refused (503, a dropped connection) the first time, accepted when sent again. */
  resendAccepted?: boolean;
}

/**
 * Sends `count` notifications, `paceMs` apart (each in flight while the next goes),
 * to the API bases in turn (a load balancer: a connection refused goes to the next).
 */
export async function sendNotifications(bases: string[], count: number, paceMs: number): Promise<Sent[]> {
  const run = randomUUID().slice(0, 6);
  const sends: Promise<Sent>[] = [];
  for (let i = 0; i < count; i++) {
    const body = notification(run, i);
    sends.push(
      (async () => {
        for (let tries = 0; tries < bases.length; tries++) {
          const r = await call(bases[(i + tries) % bases.length], 'POST', '/api/v1/notifications', { apiKey: policeKey, body });
          if (r.status === 202 || r.status === 200) return { reference: body.policeReference, body, caseId: r.body.caseId, acknowledged: true };
          if (r.status !== 0) break;
        }
        return { reference: body.policeReference, body, acknowledged: false };
      })(),
    );
    await sleep(paceMs);
  }
  return Promise.all(sends);
}

/** Sends each refused notification again until it is accepted (or `timeoutMs` passes). */
export async function resendRefused(bases: string[], sent: Sent[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const s of sent.filter((x) => !x.acknowledged)) {
    for (let i = 0; Date.now() < deadline; i++) {
      const r = await call(bases[i % bases.length], 'POST', '/api/v1/notifications', { apiKey: policeKey, body: s.body });
      if (r.status === 202 || r.status === 200) {
        s.caseId = r.body.caseId;
        s.resendAccepted = true;
        break;
      }
      await sleep(500);
    }
  }
}

export interface Checked {
  lost: number;
  duplicated: number;
  wrongStage: number;
  stages: Record<string, number>;
}

/** What a run sent and what became of it: the counts every fault script prints first. */
export function countsOf(sent: Sent[], checked: Checked) {
  return {
    sent: sent.length,
    acknowledged: sent.filter((s) => s.acknowledged).length,
    refused: sent.filter((s) => !s.acknowledged).length,
    'resend accepted': sent.filter((s) => s.resendAccepted).length,
    lost: checked.lost,
    duplicated: checked.duplicated,
    'wrong stage': checked.wrongStage,
    stages: checked.stages,
  };
}

/**
 * Every notification acknowledged (first time or resent) is one case, at `stage`, with one
 * `contact_received`: waited for up to `timeoutMs`, then counted.
 */
export async function checkCases(base: string, token: string, sent: Sent[], stage: (s: Sent) => string, timeoutMs: number): Promise<Checked> {
  const pending = new Set(sent.filter((s) => s.caseId));
  const result: Checked = { lost: 0, duplicated: 0, wrongStage: 0, stages: {} };
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<Sent, { status: number; stage?: string; received: number }>();
  const check = async (s: Sent) => {
    const r = await call(base, 'GET', `/api/v1/cases/${s.caseId}`, { token });
    const received = (r.body?.history ?? []).filter((e: { type: string }) => e.type === 'contact_received').length;
    seen.set(s, { status: r.status, stage: r.body?.stage, received });
    if (r.status === 200 && r.body.stage === stage(s)) pending.delete(s);
  };
  // Ten at a time, as a dashboard would poll: one at a time, a pass over a thousand cases
  // outlasted the window it was given.
  while (pending.size && Date.now() < deadline) {
    const round = [...pending];
    for (let i = 0; i < round.length; i += 10) await Promise.all(round.slice(i, i + 10).map(check));
    if (pending.size) await sleep(1_000);
  }
  for (const [s, v] of seen) {
    if (v.status === 404) result.lost++;
    else if (v.stage !== stage(s)) result.wrongStage++;
    if (v.received > 1) result.duplicated++;
    result.stages[v.stage ?? String(v.status)] = (result.stages[v.stage ?? String(v.status)] ?? 0) + 1;
  }
  return result;
}

/** A force's outcome webhook: counts deliveries by case; `down()` refuses connections until `up()`. */
export async function policeWebhook(port: number) {
  const deliveries = new Map<string, number>();
  let server: Server | undefined;
  const up = () =>
    new Promise<void>((ok) => {
      server = createServer((req, res) => {
        let text = '';
        req.on('data', (c) => (text += c));
        req.on('end', () => {
          const caseId = JSON.parse(text).caseId as string;
          deliveries.set(caseId, (deliveries.get(caseId) ?? 0) + 1);
          res.writeHead(204).end();
        });
      });
      server.listen(port, '127.0.0.1', ok);
    });
  const down = () =>
    new Promise<void>((ok) => {
      if (!server) return ok();
      server.close(() => ok());
      server.closeAllConnections();
      server = undefined;
    });
  await up();
  return { url: `http://127.0.0.1:${port}/outcomes`, deliveries, up, down };
}

/** A decision of no further action, made jointly, and its authorisation: the force is told the outcome. */
export async function decideAndAuthorise(base: string, panel: string, manager: string, caseId: string): Promise<boolean> {
  const decision = {
    levelOfNeed: 1, outcome: 'no_further_action', factors: ['21'],
    attendees: [{ name: 'Fault Run Chair', agency: 'childrens_social_care' }, { name: 'Fault Run Officer', agency: 'police' }],
    proposedBy: 'childrens_social_care', rationale: 'Needs are met by universal services; no role for a targeted service.',
  };
  for (const [token, path, body] of [[panel, 'decision', decision], [manager, 'authorisation', { action: 'authorise' }]] as const) {
    const key = randomUUID();
    let done = false;
    for (let i = 0; i < 20 && !done; i++) {
      const r = await call(base, 'POST', `/api/v1/cases/${caseId}/${path}`, { token, body, headers: { 'idempotency-key': key } });
      done = r.status === 200;
      // Only what a fault explains is worth sending again (503, a dropped connection, a
      // step still in hand); a refusal of the step itself would be refused again.
      if ([400, 403, 404, 422].includes(r.status)) {
        console.error(`${path} refused ${r.status}: ${JSON.stringify(r.body?.errors ?? r.body?.detail ?? r.body)}`);
        return false;
      }
      if (!done) await sleep(1_000);
    }
    if (!done) return false;
  }
  return true;
}

/** Figures as one line each, for the terminal and docs/operations.md. */
export function printFigures(title: string, figures: Record<string, unknown>): void {
  console.log(`\n${title}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(22)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
}
