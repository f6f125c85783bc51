// Workflow tests run on Temporal's time-skipping test server (a real server that jumps
// over timers), with the real activities writing to the suite's FerretDB.
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { projectRoot } from '../../infra/servers.js';
import { loadPolicy, type FrontDoorPolicy } from '../../shared/config.js';
import type { Models } from '../../shared/db/models.js';
import type { Store } from '../../shared/db/store.js';
import { caseIdFor, workflowIdFor } from '../../shared/ids.js';
import { dataConverter } from '../../shared/payload-codec.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import type { DecisionInput } from '../../shared/schemas/steps.js';
import type { contactWorkflow } from '../../workflows/contact.js';
import { statusQuery } from '../../workflows/messages.js';
import type { Actor, CaseStatus } from '../../shared/case/state.js';
import { testDatabase } from './stack.js';
import type { WorkflowHandle } from '@temporalio/client';

export const historiesDir = join(projectRoot, 'test', 'histories');
/**
 * Where newly recorded histories go: the current generation of the workflow code, police
 * and partner contacts alike (docs/architecture.md "Changing a running workflow").
 */
export const currentHistoriesDir = join(historiesDir, 'baseline');

export async function timeSkippingEnv() {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('timeSkippingServerPath') } },
    client: { dataConverter: dataConverter() },
  });
}

export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  models: Models;
  store: Store;
  policy: FrontDoorPolicy;
  taskQueue: string;
  /** Runs `fn` while the file's worker polls the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  startContact(notification: unknown): Promise<WorkflowHandle<typeof contactWorkflow>>;
  teardown(): Promise<void>;
}

export async function workflowHarness(label: string, policyOverrides: Partial<FrontDoorPolicy> = {}): Promise<WorkflowHarness> {
  const env = await timeSkippingEnv();
  const { conn, models, store } = await testDatabase(label);
  const policy = { ...loadPolicy(), ...policyOverrides };
  const taskQueue = `ts-${label}-${randomUUID().slice(0, 8)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: inject('workflowBundleCode') },
    activities: createActivities({ store, policy }),
    dataConverter: dataConverter(),
  });
  const running = worker.run();
  return {
    env,
    models,
    store,
    policy,
    taskQueue,
    async withWorker(fn) {
      if (worker.getState() !== 'RUNNING') throw new Error(`worker is ${worker.getState()}`);
      return fn();
    },
    async startContact(raw) {
      const notification = policeNotificationSchema.parse(raw);
      const caseId = caseIdFor(notification.force.code, notification.policeReference);
      const receivedAt = new Date(await env.currentTimeMs()).toISOString();
      return env.client.workflow.start<typeof contactWorkflow>('contactWorkflow', {
        workflowId: workflowIdFor(caseId),
        taskQueue,
        args: [{ caseId, receivedAt, notification }],
      });
    },
    async teardown() {
      worker.shutdown();
      await running;
      await conn.close();
      await env.teardown();
    },
  };
}

export const actors = {
  panel: { id: 'panel-1', name: 'Test Panel Chair', role: 'panel_member', agency: 'childrens_social_care' } satisfies Actor,
  manager: { id: 'manager-1', name: 'Test Manager', role: 'front_door_manager', agency: 'front_door' } satisfies Actor,
  secondManager: { id: 'manager-2', name: 'Test Second Manager', role: 'front_door_manager', agency: 'front_door' } satisfies Actor,
  school: { id: 'school-1', name: 'Test DSL', role: 'lead_agency_worker', agency: 'education' } satisfies Actor,
  socialCare: { id: 'sw-1', name: 'Test Social Worker', role: 'lead_agency_worker', agency: 'childrens_social_care' } satisfies Actor,
  health: { id: 'hv-1', name: 'Test Health Visitor', role: 'partner_practitioner', agency: 'health' } satisfies Actor,
};

/** The panel's joint decision, early help led by the school, with any field changed. */
export const panelDecision = (over: Partial<DecisionInput> = {}): DecisionInput => ({
  levelOfNeed: 2,
  outcome: 'early_help',
  leadAgency: 'education',
  rationale: 'Emerging needs; the school knows the family and is best placed to lead.',
  factors: ['3B'],
  attendees: [
    { name: 'Test Panel Chair', agency: 'childrens_social_care' },
    { name: 'Test DSL', agency: 'education' },
  ],
  proposedBy: 'education',
  partnerActions: [],
  // Early help is consensual: the family's consent is recorded with it.
  earlyHelpConsent: { status: 'given' },
  ...over,
});

/** Waits (in real time) until the workflow's status satisfies `pred`. */
export async function untilStatus(
  handle: WorkflowHandle,
  pred: (s: CaseStatus) => boolean,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await handle.query(statusQuery);
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`status never matched; stage ${s.stage}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** With RECORD_HISTORIES=1, keeps the run's history for the replay test (in `dir`, a generation's folder). */
export async function recordHistory(handle: WorkflowHandle, name: string, dir = currentHistoriesDir) {
  if (!process.env.RECORD_HISTORIES) return;
  mkdirSync(dir, { recursive: true });
  const history = await handle.fetchHistory();
  writeFileSync(join(dir, `${name}.json`), historyToJSON(history));
}
