// Linked contacts decided together: contacts about the same children received within
// LINKED_CONTACT_WINDOW_HOURS are taken together at the PIT Stop, and one joint decision
// may decide them all in one step (`alsoDecides` on the decision). Each is kept as
// received and decided through its own workflow step, with its own timeline entry,
// authorisation and allocations; here every one named is checked before any is written.
import type { StepResult } from '../../shared/case/state.js';
import { workflowIdFor } from '../../shared/ids.js';
import type { AuthorisationInput, DecisionInput } from '../../shared/schemas/steps.js';
import { authorisationRefusalQuery, decisionRefusalQuery, type StepRefusal } from '../../workflows/messages.js';
import type { Principal } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { problems, type FieldError } from '../errors.js';
import { childIdsOf } from '../queries/family.js';
import { linkedGroupOf } from '../queries/linked.js';
import type { ContactRecord } from '../queries/records.js';

/** A linked contact to decide with the case the step is taken on, and the decision as it applies to it. */
export interface LinkedDecision {
  caseId: string;
  decision: DecisionInput;
}

/**
 * The decision as it applies to another contact: the family's level, outcome and lead as
 * decided; each child's own entry kept for the children this contact names (by person id),
 * and ignored for a child it does not name.
 */
export function decisionFor(decision: DecisionInput, childPersonIds: readonly string[]): DecisionInput {
  if (!decision.children) return decision;
  const named = new Set(childPersonIds);
  const children = decision.children.filter((c) => named.has(c.personId));
  const { children: _all, ...family } = decision;
  return children.length ? { ...family, children } : family;
}

/** The case's own validator asked, with nothing written: its refusal, if it would refuse. */
async function refusalOf(ctx: ApiContext, caseId: string, step: { decision: DecisionInput } | { authorisation: AuthorisationInput }): Promise<StepRefusal | null> {
  const handle = ctx.temporal.workflow.getHandle(workflowIdFor(caseId));
  return ctx.temporal.connection.withDeadline(Date.now() + (ctx.stepTimeoutMs ?? 30_000), () =>
    'decision' in step ? handle.query(decisionRefusalQuery, step.decision) : handle.query(authorisationRefusalQuery, step.authorisation),
  );
}

/** The refusal's words, with the field it names (`partnerActions`). */
const why = (r: StepRefusal): string => (r.path ? `${r.message} (${r.path.replace(/^body\./, '')})` : r.message);

/** Every linked contact refused, at its place in the list: none is taken. */
function refuseAll(checked: readonly (object | FieldError)[], what: string): void {
  const refused = checked.filter((x): x is FieldError => 'path' in x && 'message' in x);
  if (refused.length) {
    throw problems.ruleViolation(`the linked contacts named cannot all ${what}, so none is: ${refused.map((r) => r.message).join('; ')}`, refused);
  }
}

/**
 * Checks every linked contact a decision on `head` names, all before anything is written:
 * each must be in the head's linked group on its meeting's agenda (as the caller sees it),
 * awaiting its decision, and take the decision under its own rules (MARAC, early help
 * consent, the statutory lead, the register): else 422 at `body.alsoDecides.N` naming the
 * case and why. `retrying`: the request is sent again with its Idempotency-Key, so a
 * contact already decided with the head is taken again as it was (its step answers as first).
 */
export async function linkedToDecide(
  ctx: ApiContext, p: Principal, head: ContactRecord, ids: readonly string[], decision: DecisionInput, retrying: boolean,
): Promise<LinkedDecision[]> {
  const { date, cases, group } = await linkedGroupOf(ctx, p, head);
  const ours = group(head._id);
  const window = ctx.policy.linkedContactWindowHours;
  const checked = await Promise.all(
    ids.map(async (id, i): Promise<LinkedDecision | FieldError> => {
      const refuse = (w: string): FieldError => ({ path: `body.alsoDecides.${i}`, message: `${id}: ${w}` });
      if (id === head._id) return refuse('the case this decision is recorded on');
      const c = cases.get(id);
      if (!c || !ours || group(id) !== ours) {
        return refuse(`not linked to ${head._id}: not a contact about the same children within ${window} hours on the agenda of ${date ?? 'its meeting'}`);
      }
      const linked = { caseId: id, decision: decisionFor(decision, childIdsOf(c)) };
      if (retrying && c.status?.decisions.at(-1)?.decidedWith === head._id) return linked;
      if (c.stage !== 'awaiting_decision') return refuse(`not awaiting its decision (it is ${c.stage.replaceAll('_', ' ')})`);
      const refusal = await refusalOf(ctx, id, { decision: linked.decision });
      return refusal ? refuse(why(refusal)) : linked;
    }),
  );
  refuseAll(checked, 'take this decision');
  return checked as LinkedDecision[];
}

/**
 * Checks every linked contact an authorisation of `head` names, all before any is written:
 * each must have been decided with it (its decision's `decidedWith`), await authorisation,
 * and take it under its own rules (MARAC): else 422 at `body.alsoAuthorises.N`. The
 * decisions were checked together when recorded; each is authorised as its own.
 */
export async function linkedToAuthorise(ctx: ApiContext, head: ContactRecord, ids: readonly string[], authorisation: AuthorisationInput, retrying: boolean): Promise<string[]> {
  const together = head.status?.decisions.at(-1)?.decidedTogether ?? [];
  const cases = await ctx.store.readContacts<ContactRecord>(ids.filter((id) => together.includes(id)));
  const checked = await Promise.all(
    ids.map(async (id, i): Promise<{ caseId: string } | FieldError> => {
      const refuse = (w: string): FieldError => ({ path: `body.alsoAuthorises.${i}`, message: `${id}: ${w}` });
      const c = cases.find((x) => x._id === id);
      const current = c?.status?.decisions.at(-1);
      if (!c || current?.decidedWith !== head._id) return refuse(`not decided with ${head._id}: authorise it on its own`);
      if (retrying && current.status === 'authorised') return { caseId: id };
      if (c.stage !== 'awaiting_authorisation') return refuse(`not awaiting authorisation (it is ${c.stage.replaceAll('_', ' ')})`);
      const refusal = await refusalOf(ctx, id, { authorisation });
      return refusal ? refuse(why(refusal)) : { caseId: id };
    }),
  );
  refuseAll(checked, 'be authorised');
  return ids.slice();
}

/** Each linked contact's answer; one refused after the case's own step was taken (it changed in between) is a 409 naming what was taken and what was not. */
export function allTaken(headId: string, ids: readonly string[], results: PromiseSettledResult<StepResult>[], taken: string): StepResult[] {
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${ids[i]}: ${(r.reason as Error).message}`] : []));
  if (failed.length) {
    const done = [headId, ...ids.filter((_, i) => results[i].status === 'fulfilled')];
    throw problems.conflict(`${taken}: ${done.join(', ')}; not ${taken}: ${failed.join('; ')}. Send the step again with the same Idempotency-Key, or take those on their own`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<StepResult>).value);
}
