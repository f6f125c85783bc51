// s47 enquiry: the initial child protection conference, recorded once held. After a
// strategy discussion decides on enquiries the case waits for it (`awaiting_conference`),
// watched until its deadline (15 working days from the discussion, deadlines.ts
// `watchConference`); recorded, the case closes.
import { leadAgencyOfS47 } from './strategy-discussion.js';
import type { StepResult } from '../shared/case/state.js';
import type { ConferenceInput } from '../shared/schemas/steps.js';
import { addressedTo } from '../shared/organisations.js';
import { nowIso } from './clock.js';
import type { StepMessage } from './messages.js';
import { notPermitted, outOfOrder, ruleViolation } from './refusals.js';
import type { DiscussingCase } from './strategy-discussion.js';

type Conference = StepMessage<{ conference: ConferenceInput }>;

/** Recorded by children's social care, the s47 enquiry's lead (its organisation allocated), or by a front-door manager. */
export function validateConference(c: DiscussingCase, { actor, conference }: Conference): void {
  c.require('recordConference');
  const discussion = c.state.strategyDiscussion;
  if (discussion?.outcome !== 's47_enquiry' || !discussion.conferenceDueAt) outOfOrder('no strategy discussion has decided on a section 47 enquiry');
  if (c.state.conference) outOfOrder('the initial child protection conference is already recorded');
  if (actor.role !== 'front_door_manager') {
    const lead = leadAgencyOfS47(c);
    if (actor.agency !== lead) notPermitted(`the initial child protection conference is recorded by the lead agency, ${lead}, or a front-door manager`);
    if (!addressedTo(c.state.organisations, lead, actor.organisation)) notPermitted('the initial child protection conference is recorded by the organisation allocated');
  }
  const held = Date.parse(conference.heldAt);
  if (held > Date.now()) ruleViolation('body.heldAt', 'an initial child protection conference is recorded once held, not before');
  if (held < Date.parse(discussion.heldAt)) ruleViolation('body.heldAt', 'the initial child protection conference follows the strategy discussion');
  if (held > Date.parse(discussion.conferenceDueAt) && !conference.lateReason) {
    ruleViolation('body.lateReason', `the conference was held after its deadline (${discussion.conferenceDueAt}): give the reason it was late`);
  }
}

export async function recordConference(c: DiscussingCase, { actor, conference, audit }: Conference): Promise<StepResult> {
  const dueAt = c.state.strategyDiscussion!.conferenceDueAt!;
  const late = Date.parse(conference.heldAt) > Date.parse(dueAt);
  const details = { heldAt: conference.heldAt, outcome: conference.outcome, dueAt, late, ...(late ? { lateReason: conference.lateReason } : {}) };
  c.state.conference = { ...details, recordedBy: actor, recordedAt: nowIso() };
  c.moveTo('closing');
  await c.persist({ type: 'conference_recorded', actor, details, audit });
  return c.result();
}
