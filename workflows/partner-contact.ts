// One workflow per contact from anyone but the police: a partner's multi-agency referral
// form, or a call the front door takes down (a family member, the public, an anonymous
// caller). With no police grading, the front door gives the initial rating within a set
// working time (or managers are told); from then on the case is triaged, decided,
// authorised and allocated exactly as a police notification's (the same case object and
// watchers), and the referrer's agency is told the outcome. A workflow of its own, so the
// histories of contactWorkflow are untouched.
import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseStatus, PartnerContactWorkflowInput } from '../shared/case/state.js';
import { watchDecisionDeadline, watchPartnerInformation, watchStatutoryBackstop } from './deadlines.js';
import { rateContactUpdate } from './messages.js';
import { handleCaseSteps } from './steps.js';
import { PartnerContactCase, watchInitialRating } from './partner-case.js';

export async function partnerContactWorkflow(input: PartnerContactWorkflowInput): Promise<CaseStatus> {
  const c = new PartnerContactCase(input);

  setHandler(rateContactUpdate, (m) => c.rateContact(m), { validator: (m) => c.validateInitialRating(m) });
  handleCaseSteps(c);

  // Intake: recorded and matched; waiting for the front door's rating.
  await c.intake(workflowInfo().runId);
  // The statutory backstop runs from receipt, whatever the rating.
  c.track(watchStatutoryBackstop(c));
  c.track(watchInitialRating(c));

  // Rated: the same deadlines, meeting and partner requests as a police notification.
  await condition(() => c.stage !== 'awaiting_rating');
  c.track(watchDecisionDeadline(c));
  c.track(watchPartnerInformation(c));

  return c.closeWhenDone();
}
