// The human steps every contact takes, whatever its source, each an update whose validator
// refuses it out of order before anything is written to history. Registering a handler
// adds no command, so workflows already running replay unchanged.
import { setHandler } from '@temporalio/workflow';
import type { ContactCase } from './case.js';
import { recordConference, validateConference } from './conference.js';
import { refusalOf } from './refusals.js';
import {
  amendDecisionUpdate,
  authorisationRefusalQuery,
  authoriseDecisionUpdate,
  changeRatingUpdate,
  decisionRefusalQuery,
  markAddressConfidentialUpdate,
  markDuplicateUpdate,
  recordConferenceUpdate,
  recordDecisionUpdate,
  recordStrategyDiscussionUpdate,
  respondToAllocationUpdate,
  statusQuery,
  submitPartnerInformationUpdate,
} from './messages.js';

/** The status query and the triage, decision and allocation steps, delegated to the case. */
export function handleCaseSteps(c: ContactCase): void {
  setHandler(statusQuery, () => c.state);
  setHandler(changeRatingUpdate, (m) => c.changeRating(m), { validator: (m) => c.validateRatingChange(m) });
  setHandler(submitPartnerInformationUpdate, (m) => c.submitPartnerInformation(m), { validator: (m) => c.validatePartnerInformation(m) });
  setHandler(recordDecisionUpdate, (m) => c.recordDecision(m), { validator: (m) => c.validateDecision(m) });
  // Linked contacts decided together: each is asked first whether it would take the decision.
  setHandler(decisionRefusalQuery, (decision) => refusalOf(() => c.validateDecision({ decision })));
  setHandler(authoriseDecisionUpdate, (m) => c.authoriseDecision(m), { validator: (m) => c.validateAuthorisation(m) });
  setHandler(authorisationRefusalQuery, (authorisation) => refusalOf(() => c.validateAuthorisation({ authorisation })));
  setHandler(amendDecisionUpdate, (m) => c.amendDecision(m), { validator: (m) => c.validateAmendment(m) });
  setHandler(respondToAllocationUpdate, (m) => c.respondToAllocation(m), { validator: (m) => c.validateAllocationResponse(m) });
  setHandler(recordStrategyDiscussionUpdate, (m) => c.recordStrategyDiscussion(m), { validator: (m) => c.validateStrategyDiscussion(m) });
  // s47 enquiry: the initial child protection conference (conference.ts).
  setHandler(recordConferenceUpdate, (m) => recordConference(c, m), { validator: (m) => validateConference(c, m) });
  setHandler(markAddressConfidentialUpdate, (m) => c.markAddressConfidential(m), { validator: (_m) => c.validateAddressConfidentiality() });
  setHandler(markDuplicateUpdate, (m) => c.markDuplicate(m), { validator: (m) => c.validateDuplicate(m) });
}
