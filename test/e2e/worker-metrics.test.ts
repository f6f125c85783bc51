// The worker's metrics as Prometheus scrapes them: the worker and the API as their own
// processes (as `npm start` runs them) on the suite's Temporal and FerretDB, the worker
// with PITSTOP_WORKER_METRICS_PORT. Temporal's SDK metrics are there once it polls; a
// school's referral not rated within INITIAL_RATING_WORKING_MINUTES (one working minute
// here, on a front door that works every minute of every day) is escalated, and the
// escalation is counted once, by kind. Every metric the alert rules
// (infra/prometheus/alerts.yml) name is one the API or the worker serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, projectRoot } from '../../infra/servers.js';
import { schoolReferral } from '../support/referrals.js';
import { eventually, http, testAuth, tokenFor, testProcessEnv } from '../support/stack.js';

const children: ChildProcess[] = [];
let apiPort: number;
let metricsPort: number;

function start(entry: string, env: NodeJS.ProcessEnv, ready: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, entry)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return eventually(async () => output.includes(ready) || (child.exitCode !== null && Promise.reject(new Error(output))), 60_000, `${entry}: ${ready}`).then(() => {});
}

beforeAll(async () => {
  [apiPort, metricsPort] = [await freePort(), await freePort()];
  const env = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    MONGODB_URI: `${inject('mongoBaseUri')}t_worker_metrics_${process.pid}`,
    TEMPORAL_TASK_QUEUE: `worker-metrics-${process.pid}`,
    POLICE_API_KEYS: JSON.stringify(testAuth.policeApiKeys),
    // People's tokens come from the suite's identity provider.
    ...testProcessEnv(),
    PORT: String(apiPort),
    OFFICE_HOURS: '00:00-23:59',
    WORKING_DAYS: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
    INITIAL_RATING_WORKING_MINUTES: '1',
  };
  await Promise.all([
    start('worker/main.ts', { ...env, PITSTOP_WORKER_METRICS_PORT: String(metricsPort) }, 'polling task queue'),
    start('server/main.ts', env, 'listening'),
  ]);
}, 90_000);

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

const scrape = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();

describe("the worker's metrics port", () => {
  it("serves Temporal's SDK metrics, and counts an escalation once by kind", async () => {
    const first = await scrape();
    expect(first).toMatch(/^temporal_num_pollers\{.*poller_type="workflow_task"/m);

    const call = http(`http://127.0.0.1:${apiPort}`);
    const school = tokenFor('partner_practitioner', 'education', { id: 'dsl-metrics', name: 'Test DSL' });
    const sent = await call('POST', '/api/v1/referrals', { token: school, body: schoolReferral() });
    expect(sent.status).toBe(202);

    // Not rated within its working minute: escalated, and counted.
    const text = await eventually(async () => {
      const t = await scrape();
      return /^pitstop_escalations_total\{.*kind="initial_rating_overdue".*\} 1$/m.test(t) && t;
    }, 120_000, 'the initial rating escalation counted');
    expect(text).toMatch(/^temporal_workflow_task_execution_latency_count\{/m);
    expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(text).not.toContain(sent.body.caseId);
    // Every kind is there from the start at 0 (Prometheus' increase() misses a first count).
    expect(text).toMatch(/^pitstop_escalations_total\{.*kind="decision_deadline_breached".*\} 0$/m);
    expect(text).toMatch(/^pitstop_webhook_failures_total\{.*reason="unreachable".*\} 0$/m);

    // The alert rules name only what is served (a typo would be an alert that never fires).
    const served = `${text}\n${await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text()}`;
    // Samples, and metrics declared with none yet (a gauge of red contacts' deadlines, none waiting).
    const names = new Set(served.split('\n').filter(Boolean).map((l) => (l.startsWith('# TYPE ') ? l.split(' ')[2] : /^[a-z_:]*/.exec(l)![0])));
    const rules = parse(readFileSync(join(projectRoot, 'infra/prometheus/alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const named = rules.groups.flatMap((g) => g.rules.flatMap((r) => [...r.expr.matchAll(/\b(?:pitstop|temporal)_[a-z_]+/g)].map((m) => `${r.alert}: ${m[0]}`)));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((n) => !names.has(n.split(': ')[1]))).toEqual([]);
  }, 150_000);
});
