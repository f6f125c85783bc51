// Starting a case's workflow once: the 2xx a submitter gets waits for Temporal to accept
// the start durably, and a second start of the same case (a resend racing the first
// submission) starts nothing.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { workflowIdFor } from '../../shared/ids.js';
import type { ApiContext } from '../context.js';

/** False when the workflow is already running: a resend that raced the first submission. */
export async function startCaseOnce<T extends { caseId: string }>(ctx: ApiContext, workflowType: string, input: T): Promise<boolean> {
  try {
    await ctx.temporal.connection.withDeadline(Date.now() + 15_000, () =>
      ctx.temporal.workflow.start<(input: T) => Promise<unknown>>(workflowType, {
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
