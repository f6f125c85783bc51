// A human step taken on a case: the workflow update runs, and records the alteration in the
// audit trail with the step itself. The workflow's validator is the authority on order (a decision on a closed
// case, an allocation answered twice): its rejection comes back synchronously and becomes
// 409 (out of order), 403 (not this agency's step) or 422 (a rule of this case).
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor, AuditReceipt, StepResult } from '../../shared/case/state.js';
import { workflowIdFor } from '../../shared/ids.js';
import { authoriseDecisionUpdate, recordDecisionUpdate, STEP_NOT_PERMITTED, STEP_OUT_OF_ORDER, STEP_RULE_VIOLATION } from '../../workflows/messages.js';
import type { Principal } from '../auth/roles.js';
import { receiptOf, type Caller } from '../audit.js';
import type { ApiContext } from '../context.js';
import { problems } from '../errors.js';
import { authorize } from '../policies.js';
import { loadCase } from '../queries/cases.js';
import { childIdsOf } from '../queries/family.js';
import type { ContactRecord } from '../queries/records.js';
import type { AuthorisationInput, DecisionInput, DecisionStepInput, DuplicateInput } from '../../shared/schemas/steps.js';
import { attendeesFromRegister } from './decision-register.js';
import { allTaken, linkedToAuthorise, linkedToDecide } from './decide-together.js';
import type { AcceptedStep, CaseStepRoute, UpdateExecutor } from '../steps.js';

const actorOf = (p: Principal): Actor => ({ id: p.id, name: p.name, role: p.role, agency: p.agency, ...(p.organisation ? { organisation: p.organisation } : {}) });

export async function takeStep(ctx: ApiContext, caller: Caller, caseId: string, step: CaseStepRoute, accepted: AcceptedStep, idempotencyKey?: string) {
  authorize(caller.principal, step.step);
  const c = await loadCase(ctx, caseId);
  if (c.stage === 'closed') throw problems.conflict('the case is closed');
  // The stage check is a quick refusal; with a key it is left to the workflow, which knows
  // whether this very step (sent before) is what moved the case on.
  if (step.onlyInStage && c.stage !== step.onlyInStage && !idempotencyKey) {
    throw problems.conflict(`only a case ${step.onlyInStage} takes this step; this one is ${c.stage}`);
  }
  if (step.step === 'markDuplicate') await checkDuplicate(ctx, c, accepted.body as DuplicateInput);
  const updateId = idempotencyKey ? stepUpdateId(caller.principal.id, caseId, step.path, idempotencyKey) : undefined;
  const decision = step.step === 'recordDecision' ? (accepted.body as DecisionStepInput) : undefined;
  if (decision?.alsoDecides?.length) {
    const { alsoDecides, ...asked } = decision;
    return decideTogether(ctx, caller, c, asked, alsoDecides, updateId);
  }
  const authorisation = step.step === 'authoriseDecision' ? (accepted.body as AuthorisationInput) : undefined;
  if (authorisation?.action === 'authorise' && authorisation.alsoAuthorises?.length) {
    const { alsoAuthorises, ...own } = authorisation;
    return authoriseTogether(ctx, caller, c, own, alsoAuthorises, updateId);
  }
  // The step's audit entry goes with the update: the workflow writes it with the step's
  // timeline event, in the same durable activity, once (a keyed retry is the same update).
  return accepted.run(updateExecutor(ctx, caseId, updateId, receiptOf(caller, step.audit, 200)), actorOf(caller.principal), ctx);
}

/**
 * One joint decision for linked contacts: every one named checked first (nothing written
 * if any is refused), then the case's own step, then each linked contact's through its own
 * workflow, keyed by this step's (a retry with the same Idempotency-Key writes none twice).
 * A linked contact that refuses after the case is decided (it changed in between) is
 * answered 409 naming what was decided and what was not.
 */
async function decideTogether(ctx: ApiContext, caller: Caller, head: ContactRecord, asked: DecisionInput, alsoDecides: string[], updateId?: string) {
  // Without a key a repeat is the case's own refusal (409), before the linked contacts are weighed.
  if (!updateId && head.stage !== 'awaiting_decision') throw problems.conflict(`the case is ${head.stage.replaceAll('_', ' ')}, not awaiting its decision`);
  const actor = actorOf(caller.principal);
  const decision = await attendeesFromRegister(ctx, asked, 'body', actor);
  const linked = await linkedToDecide(ctx, caller.principal, head, alsoDecides, decision, updateId !== undefined);
  const receipt = () => receiptOf(caller, 'case.decision.record', 200);
  const first = await updateExecutor(ctx, head._id, updateId, receipt())(recordDecisionUpdate, { actor, decision, decidedTogether: alsoDecides });
  // Each linked step keyed by this one's key, or by the decision version this step makes.
  const key = updateId ?? `v${(head.status?.decisions.length ?? 0) + 1}`;
  const results = await Promise.allSettled(linked.map((l) =>
    updateExecutor(ctx, l.caseId, stepUpdateId(caller.principal.id, l.caseId, `decision-with:${head._id}`, key), receipt())(
      recordDecisionUpdate, { actor, decision: l.decision, decidedWith: head._id },
    )));
  return { ...first, decidedTogether: allTaken(head._id, linked.map((l) => l.caseId), results, 'decided') };
}

/**
 * Linked contacts decided together, authorised together: each named checked first, then
 * the case's own step, then each linked contact's, keyed as a decision together is.
 */
async function authoriseTogether(ctx: ApiContext, caller: Caller, head: ContactRecord, authorisation: AuthorisationInput, alsoAuthorises: string[], updateId?: string) {
  if (!updateId && head.stage !== 'awaiting_authorisation') throw problems.conflict(`the case is ${head.stage.replaceAll('_', ' ')}, not awaiting authorisation`);
  const linked = await linkedToAuthorise(ctx, head, alsoAuthorises, authorisation, updateId !== undefined);
  const actor = actorOf(caller.principal);
  const receipt = () => receiptOf(caller, 'case.decision.authorise', 200);
  const first = await updateExecutor(ctx, head._id, updateId, receipt())(authoriseDecisionUpdate, { actor, authorisation });
  const key = updateId ?? `v${head.status?.decisions.at(-1)?.version ?? 0}`;
  const results = await Promise.allSettled(linked.map((id) =>
    updateExecutor(ctx, id, stepUpdateId(caller.principal.id, id, `authorised-with:${head._id}`, key), receipt())(
      authoriseDecisionUpdate, { actor, authorisation, authorisedWith: head._id },
    )));
  return { ...first, decidedTogether: allTaken(head._id, linked, results, 'authorised') };
}

/**
 * A contact is a duplicate only of another received contact about at least one of the same
 * children (a linked contact), itself not a duplicate: else 422 at `duplicateOf`.
 */
async function checkDuplicate(ctx: ApiContext, c: ContactRecord, d: DuplicateInput): Promise<void> {
  const refuse = (message: string) => problems.ruleViolation(message, [{ path: 'duplicateOf', message }]);
  const other = d.duplicateOf === c._id ? undefined : await ctx.store.readContact<ContactRecord>(d.duplicateOf);
  if (!other) throw refuse(`no other case ${d.duplicateOf}`);
  if (other.status?.duplicateOf) throw refuse(`${d.duplicateOf} is itself a duplicate of ${other.status.duplicateOf.caseId}`);
  const children = new Set(childIdsOf(c));
  if (!childIdsOf(other).some((id) => children.has(id))) throw refuse(`${d.duplicateOf} is about none of the same children`);
}

/**
 * The workflow update's id for a keyed step: Temporal applies an update id once per case and
 * answers a repeat with the first outcome. Keyed by the person and the step too, so two
 * people's (or two steps') keys never meet.
 */
function stepUpdateId(personId: string, caseId: string, stepPath: string, key: string): string {
  return `step-${createHash('sha256').update(`${personId}\u0000${caseId}\u0000${stepPath}\u0000${key}`).digest('hex').slice(0, 32)}`;
}

function updateExecutor(ctx: ApiContext, caseId: string, updateId: string | undefined, audit: AuditReceipt): UpdateExecutor {
  const handle = ctx.temporal.workflow.getHandle(workflowIdFor(caseId));
  const timeoutMs = ctx.stepTimeoutMs ?? 30_000;
  return async (update, input) => {
    try {
      // Bounded: with no worker running the update would wait for ever. Past the deadline
      // the caller gets 503 and sends the step again with the same Idempotency-Key (applied
      // once, answered as the first); without a key a repeat of a step that did go through
      // is refused as out of order, never applied twice.
      return await ctx.temporal.connection.withDeadline(Date.now() + timeoutMs, () =>
        handle.executeUpdate(update, { args: [{ ...input, audit }], ...(updateId ? { updateId } : {}) }),
      );
    } catch (err) {
      throw refusalOf(err);
    }
  };
}

/** The workflow's refusal as the problem the caller gets; anything else goes on unchanged. */
function refusalOf(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === STEP_OUT_OF_ORDER) return problems.conflict(err.cause.message);
    if (err.cause.type === STEP_NOT_PERMITTED) return problems.forbidden(err.cause.message);
    if (err.cause.type === STEP_RULE_VIOLATION) {
      const path = typeof err.cause.details?.[0] === 'string' ? err.cause.details[0] : 'body';
      return problems.ruleViolation(err.cause.message, [{ path, message: err.cause.message }]);
    }
    // A step this kind of case never takes (a police contact is rated at intake, so it has no
    // `rateContact`): the SDK refuses an update its workflow has no handler for. Reached
    // only with an Idempotency-Key, which skips the stage check so a retry gets its first
    // answer; there is none here, so the step is out of order, as without a key.
    if (err.cause.message.startsWith('No registered handler for update')) return problems.conflict('this case does not take this step');
  }
  // The workflow has completed (closed case) or was never started.
  if (err instanceof WorkflowNotFoundError || (err as { code?: number })?.code === 5 /* NOT_FOUND */) {
    return problems.conflict('the case is closed');
  }
  return err;
}
