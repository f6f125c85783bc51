// The activities a contact's workflow calls, whatever its source, with their timeouts and
// retries: one declaration of each.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { WEBHOOK_REJECTED, type CaseActivities } from '../shared/case/activities.js';

// Writes to MongoDB: short, retried until the database is back. Nothing is lost while
// it is down; the case waits.
const retriedUntilTheDatabaseIsBack = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

export const store = proxyActivities<CaseActivities>(retriedUntilTheDatabaseIsBack);

// Intake, run by the worker that runs the workflow's task (a local activity): no activity
// task goes through Temporal, and the contact's first workflow task waits for it and then
// starts the deadlines, so a notification costs Temporal one workflow task and no
// activity (docs/benchmarks.md). Retried the same way; a worker that dies mid-intake
// leaves the workflow task to time out, and the next worker runs intake again (each
// write is keyed).
export const storeHere = proxyLocalActivities<CaseActivities>(retriedUntilTheDatabaseIsBack);

// A recipient's webhook (a force's, a referrer's agency's) may be down for hours: retried
// durably, given up after `hours` in all (the case's rule); a refusal is not retried here
// (workflows/outcome.ts decides how long to keep asking).
export const webhookWithin = (hours: number) =>
  proxyActivities<CaseActivities>({
    startToCloseTimeout: '30 seconds',
    // At least an hour: a case's rules before intake has read them say 0 (no limit at all).
    scheduleToCloseTimeout: `${Math.max(1, hours)} hours`,
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: [WEBHOOK_REJECTED] },
  });
