// The human steps of the PIT Stop process as the API offers them, one row each: the
// case routes and the OpenAPI paths are both made from this table. Its public half (the
// path, the input schema, the summary and the fields a form asks) is shared/step-forms.ts,
// from which the web pages build every step's form; this half keeps what only the API
// needs (the workflow update, the audit action). Who may take a step is
// the policy table's (api/policies.ts); whether the case is at that step is the
// workflow's (its validators answer 409, 403 or 422; api/commands/take-step.ts).
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor, Stage, StepResult } from '../shared/case/state.js';
import type { CaseStep } from '../shared/case/steps.js';
import { stepForms, type StepSchema } from '../shared/step-forms.js';
import { agencies, type Agency } from '../shared/codes.js';
import type { z } from '../shared/schemas/zod.js';
import {
  amendDecisionUpdate,
  authoriseDecisionUpdate,
  changeRatingUpdate,
  markAddressConfidentialUpdate,
  markDuplicateUpdate,
  rateContactUpdate,
  recordConferenceUpdate,
  recordDecisionUpdate,
  recordStrategyDiscussionUpdate,
  respondToAllocationUpdate,
  submitPartnerInformationUpdate,
} from '../workflows/messages.js';
import type { AuditAction } from './audit.js';
import { attendeesFromRegister } from './commands/decision-register.js';
import type { ApiContext } from './context.js';
import { problems } from './errors.js';
import { parse } from './validate.js';

/** Runs one workflow update for a case and answers with the workflow's result. */
export type UpdateExecutor = <I>(update: UpdateDefinition<StepResult, [I]>, input: I) => Promise<StepResult>;

/**
 * A validated step, ready to run for an actor. What the step says (a rationale, comments,
 * a decline's reason) is case content: kept on its timeline entry, which the step's audit
 * entry names, never copied into the audit trail (an auditor sees no case).
 */
export interface AcceptedStep {
  /** The request as validated. */
  readonly body: unknown;
  run(execute: UpdateExecutor, actor: Actor, ctx: ApiContext): Promise<StepResult>;
}

export interface CaseStepRoute<N extends CaseStep = CaseStep> {
  step: N;
  /** The path segment under /api/v1/cases/{id}/. */
  path: string;
  schema: z.ZodTypeAny;
  audit: AuditAction;
  summary: string;
  tag: string;
  /** The workflow may refuse it for a rule of this very case (MARAC): 422 with the field. */
  caseRules: boolean;
  /** What the OpenAPI document says of it beyond its summary. */
  description?: string;
  /**
   * A step only one kind of contact takes, in a stage only that kind has (the initial rating
   * of a contact with no police grading): refused as out of order on any other case, whose
   * workflow has no handler for it.
   */
  onlyInStage?: Stage;
  /** Validates a request body (400 with field paths, nothing written). */
  accept(body: unknown): AcceptedStep;
}

/**
 * The private half of a row: the public half (path, schema, summary, tag) is the step's
 * form (shared/step-forms.ts), so the schema the form is made from is the one the API
 * validates with.
 */
interface StepRow<N extends CaseStep, I> extends Pick<CaseStepRoute<N>, 'step' | 'audit' | 'onlyInStage' | 'description'> {
  update: UpdateDefinition<StepResult, [I]>;
  input: (actor: Actor, body: z.output<StepSchema<N>>) => I;
  caseRules?: boolean;
  /** What the body names that the API reads before the workflow sees it (a decision's register). */
  prepare?: (ctx: ApiContext, body: z.output<StepSchema<N>>, actor: Actor) => Promise<z.output<StepSchema<N>>>;
}

function row<N extends CaseStep, I>({ update, input, prepare, caseRules = false, ...own }: StepRow<N, I>): CaseStepRoute<N> {
  const { path, summary, tag, schema } = stepForms[own.step];
  const route = { ...own, schema, path, summary, tag };
  return {
    ...route,
    caseRules,
    accept(raw) {
      const body = parse(schema, raw);
      return { body, run: async (execute, actor, ctx) => execute(update, input(actor, prepare ? await prepare(ctx, body, actor) : body)) };
    },
  };
}

/** A practitioner adds what their own agency knows; front-door tokens name no agency. */
function ownAgency(actor: Actor): Agency {
  const agency = agencies.find((a) => a === actor.agency);
  if (!agency) throw problems.forbidden('partner information comes from a partner agency');
  return agency;
}

const table: { [N in CaseStep]: CaseStepRoute<N> } = {
  rateContact: row({
    step: 'rateContact', update: rateContactUpdate,
    input: (actor, rating) => ({ actor, rating }),
    audit: 'case.rating.initial',
    onlyInStage: 'awaiting_rating',
  }),
  changeRating: row({
    step: 'changeRating', update: changeRatingUpdate,
    input: (actor, change) => ({ actor, change }),
    audit: 'case.rating.change',
  }),
  submitPartnerInformation: row({
    step: 'submitPartnerInformation', update: submitPartnerInformationUpdate,
    input: (actor, information) => ({ actor, agency: ownAgency(actor), information }),
    audit: 'case.partner_information.add',
  }),
  recordDecision: row({
    step: 'recordDecision', update: recordDecisionUpdate, caseRules: true,
    // The linked contacts it also decides are the API's to take, one step each (api/commands/take-step.ts).
    input: (actor, { alsoDecides: _also, ...decision }) => ({ actor, decision }),
    prepare: async (ctx, decision, actor) => ({ ...(await attendeesFromRegister(ctx, decision, 'body', actor)), alsoDecides: decision.alsoDecides }),
    audit: 'case.decision.record',
    description:
      '`alsoDecides` names linked contacts (about a same child within LINKED_CONTACT_WINDOW_HOURS, grouped as on the agenda of this case\'s meeting) that take the same decision in this step, ' +
      'each through its own: its decision (`decidedWith` this case; this one\'s `decidedTogether` names them), timeline entry, audit entry, authorisation and allocations; ' +
      "each child's own entry applies to the contacts naming that child. Every one is checked first: not linked, not awaiting its decision, or refused by its own rules " +
      '(MARAC, early help consent, the statutory lead, the register): 422 at `body.alsoDecides.N` naming the case, and nothing is written for any. The answer lists each in `decidedTogether`. ' +
      'Sent again with the same Idempotency-Key, nothing is written twice. One refusing after this case was decided (it changed in between) is answered 409 naming what was decided.',
  }),
  authoriseDecision: row({
    step: 'authoriseDecision', update: authoriseDecisionUpdate, caseRules: true,
    description:
      'Authorising, `alsoAuthorises` names linked contacts decided with this case in one step (its decision\'s `decidedTogether`) that are authorised in this step too, each through its own ' +
      '(timeline `decision_authorised` with `authorisedWith`, its own allocations). Each is checked first: not decided with it, not awaiting authorisation, or refused by its own rules (MARAC): ' +
      '422 at `body.alsoAuthorises.N` naming the case, and none is authorised. The answer lists each in `decidedTogether`.',
    input: (actor, authorisation) => ({ actor, authorisation: authorisation.action === 'authorise' ? { action: 'authorise' as const, ...(authorisation.comments ? { comments: authorisation.comments } : {}) } : authorisation }),
    audit: 'case.decision.authorise',
  }),
  amendDecision: row({
    step: 'amendDecision', update: amendDecisionUpdate, caseRules: true,
    input: (actor, amendment) => ({ actor, amendment }),
    // The panel at today's meeting decided it: its attendees are that meeting's register.
    prepare: async (ctx, a, actor) =>
      a.decidedBy === 'panel' || a.decision.meetingDate ? { ...a, decision: await attendeesFromRegister(ctx, a.decision, 'body.decision', actor) } : a,
    audit: 'case.decision.amend',
  }),
  respondToAllocation: row({
    step: 'respondToAllocation', update: respondToAllocationUpdate,
    input: (actor, response) => ({ actor, response }),
    audit: 'case.allocation.respond',
  }),
  recordStrategyDiscussion: row({
    step: 'recordStrategyDiscussion', update: recordStrategyDiscussionUpdate, caseRules: true,
    input: (actor, discussion) => ({ actor, discussion }),
    audit: 'case.strategy_discussion.record',
  }),
  recordConference: row({
    step: 'recordConference', update: recordConferenceUpdate, caseRules: true,
    input: (actor, conference) => ({ actor, conference }),
    audit: 'case.conference.record',
  }),
  markAddressConfidential: row({
    step: 'markAddressConfidential', update: markAddressConfidentialUpdate,
    input: (actor, confidentiality) => ({ actor, confidentiality }),
    audit: 'case.address.confidential',
  }),
  markDuplicate: row({
    step: 'markDuplicate', update: markDuplicateUpdate,
    input: (actor, duplicate) => ({ actor, duplicate }),
    audit: 'case.duplicate.mark',
  }),
};

export const caseStepRoutes: readonly CaseStepRoute[] = Object.values(table);
