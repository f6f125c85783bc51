// Runs a human step as a workflow update. The workflow's validator is the authority on
// order (a decision on a closed case, an allocation answered twice): its rejection comes
// back synchronously and becomes 409 (out of order) or 403 (not this agency's step).
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import { workflowIdFor } from '../shared/ids.js';
import type { StepResult } from '../shared/case/state.js';
import { STEP_NOT_PERMITTED, STEP_OUT_OF_ORDER, STEP_RULE_VIOLATION } from '../workflows/messages.js';
import { problems } from './errors.js';

export async function runStep<A extends [unknown]>(
  temporal: Client,
  caseId: string,
  update: UpdateDefinition<StepResult, A>,
  args: A,
  timeoutMs: number,
): Promise<StepResult> {
  const handle = temporal.workflow.getHandle(workflowIdFor(caseId));
  try {
    // Bounded: with no worker running the update would wait for ever. Past the deadline
    // the caller gets 503 and checks the case before trying again (a repeat of a step
    // that did go through is refused as out of order, never applied twice).
    return await temporal.connection.withDeadline(Date.now() + timeoutMs, () => handle.executeUpdate(update, { args }));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      if (err.cause.type === STEP_OUT_OF_ORDER) throw problems.conflict(err.cause.message);
      if (err.cause.type === STEP_NOT_PERMITTED) throw problems.forbidden(err.cause.message);
      if (err.cause.type === STEP_RULE_VIOLATION) {
        const path = typeof err.cause.details?.[0] === 'string' ? (err.cause.details[0] as string) : 'body';
        throw problems.ruleViolation(err.cause.message, [{ path, message: err.cause.message }]);
      }
    }
    // The workflow has completed (closed case) or was never started.
    if (err instanceof WorkflowNotFoundError || (err as { code?: number })?.code === 5 /* NOT_FOUND */) {
      throw problems.conflict('the case is closed');
    }
    throw err;
  }
}
