// s47: the strategy discussion the lead agency (children's social care) records once held:
// with social care and the police, after the decision to hold one was authorised, its
// outcome and, for an s47 enquiry, the initial child protection conference's deadline.
import { strategyDiscussionProblems } from '../shared/case/rules.js';
import type { CaseStatus, DecisionRecord, Stage, StepResult } from '../shared/case/state.js';
import type { CaseStep } from '../shared/case/steps.js';
import type { StrategyDiscussionInput } from '../shared/schemas/steps.js';
import { nowIso } from './clock.js';
import { watchConference, type CaseEvent } from './deadlines.js';
import { store } from './io.js';
import type { StepMessage } from './messages.js';
import { addressedTo } from '../shared/organisations.js';
import { notPermitted, outOfOrder, ruleViolation } from './refusals.js';

/** What recording a strategy discussion needs of the case. */
export interface DiscussingCase {
  readonly state: CaseStatus;
  readonly stage: Stage;
  readonly current: DecisionRecord | undefined;
  require(step: CaseStep): void;
  moveTo(stage: Stage): void;
  persist(event: CaseEvent): Promise<void>;
  track<T>(p: Promise<T>): Promise<T>;
  result(): StepResult;
}

/** The s47 enquiry's lead: children's social care (a statutory outcome), among a decision's leads. */
export function leadAgencyOfS47(c: Pick<DiscussingCase, 'state'>): string | undefined {
  const leads = c.state.allocations.filter((a) => a.status === 'requested' || a.status === 'accepted');
  return (leads.find((a) => a.leadAgency === 'childrens_social_care') ?? c.state.allocations.at(-1))?.leadAgency;
}

type Discussion = StepMessage<{ discussion: StrategyDiscussionInput }>;

export function validateDiscussion(c: DiscussingCase, { actor, discussion }: Discussion): void {
  c.require('recordStrategyDiscussion');
  if (c.state.outcome !== 'strategy_discussion_s47') outOfOrder('the authorised decision is not a strategy discussion');
  if (c.state.strategyDiscussion) outOfOrder('the strategy discussion is already recorded');
  // Recorded by the lead agency of the s47 enquiry: children's social care (a statutory outcome), among a decision's leads.
  const lead = leadAgencyOfS47(c);
  if (actor.agency !== lead) notPermitted(`the strategy discussion is recorded by the lead agency, ${lead}`);
  if (!addressedTo(c.state.organisations, lead, actor.organisation)) notPermitted('the strategy discussion is recorded by the organisation allocated');
  const [first] = strategyDiscussionProblems(discussion, c.current!.authorisedAt!, Date.now());
  if (first) ruleViolation(`body.${first.path}`, first.message);
  if (discussion.conferenceAt !== undefined && Date.parse(discussion.conferenceAt) < Date.parse(discussion.heldAt)) {
    ruleViolation('body.conferenceAt', 'the initial child protection conference follows the strategy discussion');
  }
}

export async function recordDiscussion(c: DiscussingCase, { actor, discussion, audit }: Discussion): Promise<StepResult> {
  // s47 enquiry: the initial child protection conference within 15 working days. Refused
  // before anything changes when the date given falls after it.
  const conferenceDueAt = discussion.outcome === 's47_enquiry' ? await store.planConferenceDeadline({ heldAt: discussion.heldAt }) : undefined;
  if (conferenceDueAt && discussion.conferenceAt && Date.parse(discussion.conferenceAt) > Date.parse(conferenceDueAt)) {
    ruleViolation('body.conferenceAt', `the initial child protection conference is held within 15 working days of the strategy discussion: by ${conferenceDueAt}`);
  }
  const details = { heldAt: discussion.heldAt, agencies: discussion.agencies, outcome: discussion.outcome, conferenceDueAt, conferenceAt: discussion.conferenceAt };
  c.state.strategyDiscussion = { ...details, recordedBy: actor, recordedAt: nowIso(), decisionVersion: c.current!.version };
  // An s47 enquiry goes on to the initial child protection conference: the case stays open,
  // its deadline watched, until the conference is recorded; no enquiry, the case closes.
  if (c.stage === 'awaiting_strategy_discussion') c.moveTo(conferenceDueAt ? 'awaiting_conference' : 'closing');
  await c.persist({ type: 'strategy_discussion_recorded', actor, details, audit });
  if (conferenceDueAt) void c.track(watchConference(c));
  return c.result();
}
