// The activities a contact's workflow calls, with their timeouts and retries.
import { proxyActivities } from '@temporalio/workflow';
import { POLICE_WEBHOOK_REJECTED, type CaseActivities } from '../shared/case/activities.js';

// Writes to MongoDB: short, retried until the database is back. Nothing is lost while
// it is down; the case waits.
export const store = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The force's webhook may be down for hours: retried durably until it takes the outcome.
const policeRetry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' } as const;
export const police = proxyActivities<CaseActivities>({ startToCloseTimeout: '30 seconds', retry: policeRetry });

/** The same, given up after `hours` in all (the case's rule); a refusal is not retried here. */
export const policeWithin = (hours: number) =>
  proxyActivities<CaseActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: `${hours} hours`,
    retry: { ...policeRetry, nonRetryableErrorTypes: [POLICE_WEBHOOK_REJECTED] },
  });

