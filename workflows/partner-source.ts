// A contact from anyone but the police (a referral form, a call) as the source of a case
// (case-record.ts `ContactSource`): received with no police grading, so intake plans only
// the front door's initial rating, which is a step of its own (`InitialRating`, watched
// for time); and the outcome is told to the referrer's agency instead of a force.
import { condition } from '@temporalio/workflow';
import type { PartnerContactWorkflowInput, StepResult } from '../shared/case/state.js';
import type { IncidentType } from '../shared/codes.js';
import type { RatingChangeInput } from '../shared/schemas/steps.js';
import { receivedCase, type CaseRecord, type ContactSource } from './case-record.js';
import { msUntil, nowIso } from './clock.js';
import { store } from './io.js';
import { deliverOutcome, type OutcomeRecipient } from './outcome.js';
import type { StepMessage } from './messages.js';
import { outOfOrder } from './refusals.js';

export function partnerContact(contact: PartnerContactWorkflowInput): ContactSource {
  const { caseId, receivedAt, form, referrerAgency, submittedBy, receipt } = contact;
  return {
    received: receivedCase({
      caseId,
      source: form.source,
      incidentType: form.concerns.category,
      receivedAt,
      // Only a referrer acting for a partner agency is told the outcome; the public and anonymous callers are not.
      referrerFeedback: { status: referrerAgency ? 'not_due' : 'none' },
      maracReferralRequired: false,
    }),

    /** Receipt: the form and contact recorded, people matched, the rating's due time planned. */
    async intake(c, runId) {
      const r = await store.intakePartnerContact({ caseId, receivedAt, form, referrerAgency, submittedBy, ...(receipt ? { receipt } : {}) });
      const s = c.state;
      s.ratingDueAt = r.ratingDueAt;
      s.statutoryDueAt = r.statutoryDueAt;
      s.recontact = r.recontact;
      s.repeatReferral = r.repeatReferral;
      s.earlierContactIds = r.earlierContactIds;
      if (r.organisations) s.organisations = r.organisations;
      s.versionChildPersonIds ??= r.childPersonIds;
      c.keepRules(r);
      c.moveTo('awaiting_rating');
      await c.persist({
        type: 'contact_received',
        details: { source: form.source, kind: form.kind, ratingDueAt: r.ratingDueAt, recontact: r.recontact, repeatReferral: r.repeatReferral, workflowRunId: runId },
      });
    },

    recipient: referrerOf(contact),
  };
}

/**
 * A professional referrer's agency finds the outcome in its outbox, and its webhook (if
 * it has one) is sent it; given up, the outbox still holds it. Nobody else is told.
 */
function referrerOf({ referrerAgency: agency, referrerOrganisation: organisation, form }: PartnerContactWorkflowInput): OutcomeRecipient {
  return {
    tell(c, message) {
      if (!agency) return;
      const s = c.state;
      const version = message.version;
      s.referrerFeedback = { status: 'pending', decisionVersion: version };
      // A later amendment's outcome supersedes this one in the case's state.
      const current = () => s.referrerFeedback?.decisionVersion === version;
      const delivery = { ...message, agency, referrerReference: form.referrer?.reference };
      c.track(
        (async () => {
          await store.postReferrerOutcome({ ...delivery, source: form.source, kind: form.kind, ...(organisation ? { organisation } : {}) });
          if (current()) s.referrerFeedback = { status: 'in_outbox', decisionVersion: version };
          await c.persist({ type: 'referrer_outcome_posted', details: { agency, decisionVersion: version } });
          const { status: webhook } = await deliverOutcome(c.rules, delivery);
          if (current()) s.referrerFeedback = { status: 'in_outbox', decisionVersion: version, webhook };
          if (webhook !== 'no_webhook_configured') {
            await c.persist({ type: `referrer_webhook_${webhook}`, details: { agency, decisionVersion: version } });
          }
        })(),
      );
    },
  };
}

/** The front door's initial rating of a contact with no police grading: a step of its own, watched for time. */
export class InitialRating {
  constructor(private readonly c: CaseRecord) {}

  readonly rated = (): boolean => this.c.state.rating !== undefined;

  validate(_step: { rating: RatingChangeInput }): void {
    this.c.require('rateContact');
    // Two ratings at once: the first set the rating before planning, so the second is refused.
    if (this.rated()) outOfOrder('the contact is already rated');
  }

  /** The front door rates the contact: from here it is triaged as a police notification is. */
  async rate({ actor, rating, audit }: StepMessage<{ rating: RatingChangeInput }>): Promise<StepResult> {
    const s = this.c.state;
    const at = nowIso();
    s.rating = rating.rating;
    s.ratingHistory.push({ rating: rating.rating, reason: rating.reason, by: actor, at });
    const plan = await store.planRatedContact({ receivedAt: s.receivedAt, ratedAt: at, rating: rating.rating, concern: s.incidentType as IncidentType });
    s.decisionDueAt = plan.decisionDueAt;
    s.meeting = plan.meeting;
    s.partnerInformation = plan.partnerInformation;
    this.c.moveTo('awaiting_decision');
    await this.c.persist({
      type: 'contact_rated', actor, reason: rating.reason,
      details: { rating: rating.rating, decisionDueAt: plan.decisionDueAt, meeting: plan.meeting, partnersAsked: plan.partnerInformation.map((p) => p.agency) },
      audit,
    });
    return this.c.result();
  }

  /** Not given in time: managers are told, once; the contact still waits for it. */
  async watch(): Promise<void> {
    const s = this.c.state;
    const due = s.ratingDueAt!;
    if (await condition(this.rated, msUntil(due))) return;
    s.escalations.push({ kind: 'initial_rating_overdue', at: nowIso(), dueAt: due });
    await this.c.persist({ type: 'escalated', reason: 'initial rating not given in time', details: { kind: 'initial_rating_overdue', dueAt: due } });
  }
}
