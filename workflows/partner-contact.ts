// One workflow per contact from anyone but the police: a partner's multi-agency referral
// form, or a call the front door takes down (a family member, the public, an anonymous
// caller). With no police grading, the front door gives the initial rating within a set
// working time (or managers are told); from then on the case is triaged, decided,
// authorised and allocated exactly as a police notification's (the same case and
// deadline watcher), and the referrer's agency is told the outcome (partner-source.ts).
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseStatus, PartnerContactWorkflowInput } from '../shared/case/state.js';
import { ContactCase } from './case.js';
import { watchDeadlines } from './deadlines.js';
import { rateContactUpdate } from './messages.js';
import { InitialRating, partnerContact } from './partner-source.js';
import { handleCaseSteps } from './steps.js';

export async function partnerContactWorkflow(input: PartnerContactWorkflowInput): Promise<CaseStatus> {
  const c = new ContactCase(partnerContact(input));

  // The front door's rating comes first; then the steps every contact takes.
  const rating = new InitialRating(c);
  setHandler(rateContactUpdate, (m) => rating.rate(m), { validator: (m) => rating.validate(m) });
  handleCaseSteps(c);

  // Intake: recorded and matched; waiting for the front door's rating, watched for time.
  await c.intake(workflowInfo().runId);
  c.track(rating.watch());
  // The one deadline watcher, from receipt: while the contact awaits its rating only the
  // statutory backstop is set (whatever the rating); the rating adds the decision deadline
  // and the partners' information (the same deadlines and meeting as a police notification).
  c.track(watchDeadlines(c));

  return c.closeWhenDone();
}
