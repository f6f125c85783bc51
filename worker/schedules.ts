// The schedules the worker keeps when it starts, on one Temporal client (one connection):
// - the audit trail's sealer every minute, one run at a time (a run still going when the
//   next is due is skipped), `audit-seal-<task queue>`;
// - the retention schedule (worker/retention-schedule.ts), kept to RETENTION_SCHEDULE
//   (created, updated to the setting, or deleted when `off`).
// One of each per task queue: engines (or tests) sharing a Temporal namespace each seal and
// erase their own records with their own workers.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { AUDIT_SEAL_WORKFLOW } from '../workflows/messages.js';
import { keepRetentionSchedule } from './retention-schedule.js';

export const auditSealScheduleId = (taskQueue: string) => `audit-seal-${taskQueue}`;

/** Makes the audit sealer's schedule unless it exists (made by an earlier start, or by another worker: one for all). */
export async function ensureAuditSealSchedule(client: Client, taskQueue: string): Promise<string> {
  const scheduleId = auditSealScheduleId(taskQueue);
  await client.schedule
    .create({
      scheduleId,
      spec: { intervals: [{ every: '1 minute' }] },
      action: { type: 'startWorkflow', workflowType: AUDIT_SEAL_WORKFLOW, taskQueue, workflowId: scheduleId },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    })
    .catch((err) => {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    });
  return scheduleId;
}

/** Both schedules, on the caller's client; returns their ids. */
export async function keepSchedules(
  client: Client,
  opts: { taskQueue: string; retentionCron: string | null; timeZone: string; retentionScheduleId?: string },
): Promise<{ auditSeal: string; retention: string }> {
  const auditSeal = await ensureAuditSealSchedule(client, opts.taskQueue);
  const retention = await keepRetentionSchedule(client, { taskQueue: opts.taskQueue, cron: opts.retentionCron, timeZone: opts.timeZone, scheduleId: opts.retentionScheduleId });
  return { auditSeal, retention };
}
