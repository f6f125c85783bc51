// The schedules the worker makes sure exist when it starts: the audit trail's sealer every
// minute, one run at a time (a run still going when the next is due is skipped).
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { dataConverter } from '../shared/payload-codec.js';
import { AUDIT_SEAL_WORKFLOW } from '../workflows/messages.js';

export const AUDIT_SEAL_SCHEDULE = 'audit-seal';

export async function ensureSchedules(opts: { address: string; namespace: string; taskQueue: string }): Promise<void> {
  const connection = await Connection.connect({ address: opts.address });
  try {
    const client = new Client({ connection, namespace: opts.namespace, dataConverter: dataConverter() });
    await client.schedule
      .create({
        scheduleId: AUDIT_SEAL_SCHEDULE,
        spec: { intervals: [{ every: '1 minute' }] },
        action: { type: 'startWorkflow', workflowType: AUDIT_SEAL_WORKFLOW, taskQueue: opts.taskQueue, workflowId: AUDIT_SEAL_SCHEDULE },
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
