// The schedules the worker makes sure exist when it starts: the audit trail's sealer every
// minute, one run at a time (a run still going when the next is due is skipped). One per
// task queue (`audit-seal-<task queue>`), as the retention schedule: engines (or tests)
// sharing a Temporal namespace each seal their own trail with their own workers.
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { dataConverter } from '../shared/payload-codec.js';
import { AUDIT_SEAL_WORKFLOW } from '../workflows/messages.js';

export const auditSealScheduleId = (taskQueue: string) => `audit-seal-${taskQueue}`;

export async function ensureSchedules(opts: { address: string; namespace: string; taskQueue: string }): Promise<void> {
  const connection = await Connection.connect({ address: opts.address });
  try {
    const client = new Client({ connection, namespace: opts.namespace, dataConverter: dataConverter() });
    await client.schedule
      .create({
        scheduleId: auditSealScheduleId(opts.taskQueue),
        spec: { intervals: [{ every: '1 minute' }] },
        action: { type: 'startWorkflow', workflowType: AUDIT_SEAL_WORKFLOW, taskQueue: opts.taskQueue, workflowId: auditSealScheduleId(opts.taskQueue) },
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
      })
      .catch((err) => {
        // Made by an earlier start, or by another worker: one schedule for all.
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      });
  } finally {
    await connection.close();
  }
}
