// Why a step is refused, as failure types the API maps to HTTP statuses.
import { ApplicationFailure } from '@temporalio/workflow';
import { STEP_NOT_PERMITTED, STEP_OUT_OF_ORDER, STEP_RULE_VIOLATION, type StepRefusal } from './messages.js';

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

/** A validator's refusal as a query answers it (nothing is written), or null when it passes. */
export function refusalOf(validate: () => void): StepRefusal | null {
  try {
    validate();
    return null;
  } catch (err) {
    if (!(err instanceof ApplicationFailure)) throw err;
    const path = typeof err.details?.[0] === 'string' ? err.details[0] : undefined;
    return { type: err.type ?? STEP_RULE_VIOLATION, message: err.message, ...(path ? { path } : {}) };
  }
}
