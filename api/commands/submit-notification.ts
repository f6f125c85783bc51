// A police notification received: the contact workflow starts once, and the collection
// enters the audit trail. A resend of the same force + reference answers with the same
// case and starts nothing new.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { ContactWorkflowInput } from '../../shared/case/state.js';
import { caseIdFor, workflowIdFor } from '../../shared/ids.js';
import type { PoliceNotification } from '../../shared/schemas/notification.js';
import { CONTACT_WORKFLOW, notificationResentSignal } from '../../workflows/messages.js';
import { audit, type Caller } from '../audit.js';
import type { ApiContext } from '../context.js';
import { authorize } from '../policies.js';

export interface NotificationReceived {
  caseId: string;
  /** A resend of a notification already received. */
  duplicate: boolean;
}

/** Answers only once Temporal has durably accepted the workflow (or recognised a resend). */
export async function submitNotification(ctx: ApiContext, caller: Caller, notification: PoliceNotification): Promise<NotificationReceived> {
  authorize(caller.principal, 'notification.submit', { forceCode: notification.force.code });
  const caseId = caseIdFor(notification.force.code, notification.policeReference);
  const receivedAt = new Date().toISOString();
  // The database is the record of every notification ever received; Temporal forgets
  // closed workflows after its retention period, so it alone cannot spot a late resend.
  const known = await ctx.models.Notification.exists({ _id: caseId });
  if (!known && (await startContact(ctx, { caseId, receivedAt, notification }))) {
    await audit(ctx.models, caller, { action: 'notification.submit', caseId, outcome: 202 });
    return { caseId, duplicate: false };
  }
  try {
    await ctx.temporal.workflow.getHandle(workflowIdFor(caseId)).signal(notificationResentSignal, { receivedAt });
  } catch (err) {
    // Closed cases take no signal; the resend is still answered with the case.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  await audit(ctx.models, caller, { action: 'notification.resend', caseId });
  return { caseId, duplicate: true };
}

/** False when the workflow is already running: a resend that raced the first submission. */
async function startContact(ctx: ApiContext, input: ContactWorkflowInput): Promise<boolean> {
  try {
    await ctx.temporal.connection.withDeadline(Date.now() + 15_000, () =>
      ctx.temporal.workflow.start<(input: ContactWorkflowInput) => Promise<unknown>>(CONTACT_WORKFLOW, {
        workflowId: workflowIdFor(input.caseId),
        taskQueue: ctx.taskQueue,
        args: [input],
        // Two first submissions at the same moment: Temporal starts exactly one.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
