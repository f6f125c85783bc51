// The retention schedule: a Temporal schedule, kept by the worker at start, that runs the
// retention workflow (workflows/retention.ts) every day at RETENTION_SCHEDULE (a cron line
// in the office's time zone, default 02:00; `off`: no schedule, the schedule deleted).
// One per task queue (`pitstop-retention-<task queue>`: workers of other engines, or of
// tests, sharing a Temporal namespace keep their own); an existing one is updated to the setting.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { RETENTION_SCHEDULE_ID } from '../shared/retention.js';

export const DEFAULT_RETENTION_CRON = '0 2 * * *';

export function retentionCron(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = (env.RETENTION_SCHEDULE ?? DEFAULT_RETENTION_CRON).trim();
  if (raw === 'off') return null;
  if (!/^(\S+\s+){4}\S+$/.test(raw)) throw new Error(`RETENTION_SCHEDULE must be a cron line of five fields (minute hour day month weekday) or "off": got "${raw}"`);
  return raw;
}

/** Creates or updates the schedule (or deletes it when `cron` is null); returns its id. */
export async function keepRetentionSchedule(client: Client, opts: { taskQueue: string; cron: string | null; timeZone: string; scheduleId?: string }): Promise<string> {
  const scheduleId = opts.scheduleId ?? `${RETENTION_SCHEDULE_ID}-${opts.taskQueue}`;
  const handle = client.schedule.getHandle(scheduleId);
  if (opts.cron === null) {
    await handle.delete().catch(() => undefined);
    return scheduleId;
  }
  const spec = { cronExpressions: [opts.cron], timezone: opts.timeZone };
  const action = { type: 'startWorkflow' as const, workflowType: 'retentionWorkflow', taskQueue: opts.taskQueue, workflowId: `${scheduleId}-run`, args: [] };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((s) => ({ ...s, spec, action }));
  }
  return scheduleId;
}
