// The activities a contact's workflow calls, with their timeouts and retries.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { POLICE_WEBHOOK_REJECTED, type CaseActivities } from '../shared/case/activities.js';

// Writes to MongoDB: short, retried until the database is back. Nothing is lost while
// it is down; the case waits.
export const store = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Intake, run by the worker that runs the workflow's task (a local activity): no activity
// task goes through Temporal, and the contact's first workflow task waits for it and then
// starts the deadlines, so a notification costs Temporal one workflow task and no
// activity (README "Benchmarks"). Retried the same way; a worker that dies mid-intake
// leaves the workflow task to time out, and the next worker runs intake again (each
// write is keyed).
export const storeHere = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The force's webhook may be down for hours: retried durably, given up after `hours` in
// all (the case's rule); a refusal is not retried here.
const policeRetry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' } as const;
export const policeWithin = (hours: number) =>
  proxyActivities<CaseActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: `${hours} hours`,
    retry: { ...policeRetry, nonRetryableErrorTypes: [POLICE_WEBHOOK_REJECTED] },
  });

