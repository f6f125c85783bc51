// Why a step is refused, as failure types the API maps to HTTP statuses.
import { ApplicationFailure } from '@temporalio/workflow';
import { STEP_NOT_PERMITTED, STEP_OUT_OF_ORDER, STEP_RULE_VIOLATION } from './messages.js';

/** The stage does not allow the step (409). */
export function outOfOrder(message: string): never {
  throw ApplicationFailure.create({ type: STEP_OUT_OF_ORDER, message, nonRetryable: true });
}
/** Not this actor's or agency's step (403). */
export function notPermitted(message: string): never {
  throw ApplicationFailure.create({ type: STEP_NOT_PERMITTED, message, nonRetryable: true });
}
/** Breaks a rule of this case; `path` is the offending field (422). */
export function ruleViolation(path: string, message: string): never {
  throw ApplicationFailure.create({ type: STEP_RULE_VIOLATION, message, details: [path], nonRetryable: true });
}
