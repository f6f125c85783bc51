// A contact from anyone but the police as a case object: the same steps as a police
// notification's case (case.ts), with its own intake (a referral form or a call, no police
// grading), the front door's initial rating as a first step, and the outcome told to the
// referrer's agency instead of a force.
import { ActivityFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { PartnerContactActivities, ReferrerOutcome } from '../shared/case/partner-activities.js';
import type { Actor, DecisionRecord, PartnerContactWorkflowInput, StepResult } from '../shared/case/state.js';
import type { IncidentType } from '../shared/codes.js';
import type { RatingChangeInput } from '../shared/schemas/steps.js';
import { ContactCase } from './case.js';
import { receivedCase } from './case-record.js';
import { msUntil, nowIso } from './clock.js';
import { outOfOrder } from './refusals.js';

// Writes to MongoDB: retried until the database is back, as every store activity.
const partner = proxyActivities<PartnerContactActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The agency's webhook may be down for hours: retried durably, given up after `hours` (the outbox still has the outcome). */
const webhookWithin = (hours: number) =>
  proxyActivities<PartnerContactActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: `${Math.max(1, hours)} hours`,
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
  });

export class PartnerContactCase extends ContactCase {
  constructor(private readonly contact: PartnerContactWorkflowInput) {
    const { form } = contact;
    super(undefined, receivedCase({
      caseId: contact.caseId,
      source: form.source,
      incidentType: form.concerns.category,
      receivedAt: contact.receivedAt,
      // Only a referrer acting for a partner agency is told the outcome; the public and anonymous callers are not.
      referrerFeedback: { status: contact.referrerAgency ? 'not_due' : 'none' },
      maracReferralRequired: false,
    }));
  }

  /** Receipt: the form and contact recorded, people matched, the rating's due time planned. */
  override async intake(runId: string): Promise<void> {
    const { caseId, receivedAt, form, referrerAgency, submittedBy } = this.contact;
    const r = await partner.intakePartnerContact({ caseId, receivedAt, form, referrerAgency, submittedBy });
    const s = this.state;
    s.ratingDueAt = r.ratingDueAt;
    s.statutoryDueAt = r.statutoryDueAt;
    s.recontact = r.recontact;
    s.repeatReferral = r.repeatReferral;
    s.earlierContactIds = r.earlierContactIds;
    this.strategyDiscussionHours = r.strategyDiscussionHours;
    this.rules = r.caseRules;
    this.moveTo('awaiting_rating');
    await this.persist({
      type: 'contact_received',
      details: { source: form.source, kind: form.kind, ratingDueAt: r.ratingDueAt, recontact: r.recontact, repeatReferral: r.repeatReferral, workflowRunId: runId },
    });
  }

  // ---- The initial rating --------------------------------------------------------------

  readonly rated = (): boolean => this.state.rating !== undefined;

  validateInitialRating(_step: { rating: RatingChangeInput }): void {
    this.require('rateContact');
    // Two ratings at once: the first set the rating before planning, so the second is refused.
    if (this.rated()) outOfOrder('the contact is already rated');
  }

  /** The front door rates the contact: from here it is triaged as a police notification is. */
  async rateContact({ actor, rating }: { actor: Actor; rating: RatingChangeInput }): Promise<StepResult> {
    const s = this.state;
    const at = nowIso();
    s.rating = rating.rating;
    s.ratingHistory.push({ rating: rating.rating, reason: rating.reason, by: actor, at });
    const plan = await partner.planRatedContact({ receivedAt: s.receivedAt, ratedAt: at, rating: rating.rating, concern: s.incidentType as IncidentType });
    s.decisionDueAt = plan.decisionDueAt;
    s.meeting = plan.meeting;
    s.partnerInformation = plan.partnerInformation;
    this.moveTo('awaiting_decision');
    await this.persist({
      type: 'contact_rated', actor, reason: rating.reason,
      details: { rating: rating.rating, decisionDueAt: plan.decisionDueAt, meeting: plan.meeting, partnersAsked: plan.partnerInformation.map((p) => p.agency) },
    });
    return this.result();
  }

  // ---- The outcome, told to the referrer -----------------------------------------------

  /** A professional referrer's agency finds the outcome in its outbox (and its webhook, if any). */
  tellReferrer(decision: DecisionRecord): void {
    const s = this.state;
    const { referrerAgency: agency, form } = this.contact;
    if (!agency) return;
    const version = decision.version;
    s.referrerFeedback = { status: 'pending', decisionVersion: version };
    // A later amendment's outcome supersedes this one in the case's state.
    const current = () => s.referrerFeedback?.decisionVersion === version;
    const outcome: ReferrerOutcome = {
      caseId: s.caseId,
      agency,
      source: form.source,
      kind: form.kind,
      referrerReference: form.referrer?.reference,
      decisionVersion: version,
      outcome: decision.outcome,
      levelOfNeed: decision.levelOfNeed,
      leadAgency: decision.leadAgency,
      decidedAt: decision.authorisedAt!,
    };
    this.track(
      (async () => {
        await partner.postReferrerOutcome(outcome);
        if (current()) s.referrerFeedback = { status: 'in_outbox', decisionVersion: version };
        await this.persist({ type: 'referrer_outcome_posted', details: { agency, decisionVersion: version } });
        let webhook: 'delivered' | 'no_webhook_configured' | 'failed';
        try {
          webhook = (await webhookWithin(this.rules.policeFeedbackGiveUpHours).deliverReferrerWebhook(outcome)).status;
        } catch (err) {
          if (!(err instanceof ActivityFailure)) throw err;
          webhook = 'failed';
        }
        if (current()) s.referrerFeedback = { status: 'in_outbox', decisionVersion: version, webhook };
        if (webhook !== 'no_webhook_configured') {
          await this.persist({ type: `referrer_webhook_${webhook}`, details: { agency, decisionVersion: version } });
        }
      })(),
    );
  }
}

/** The initial rating not given in time: managers are told, once; the contact still waits for it. */
export async function watchInitialRating(c: PartnerContactCase): Promise<void> {
  const s = c.state;
  const due = s.ratingDueAt!;
  if (await condition(c.rated, msUntil(due))) return;
  s.escalations.push({ kind: 'initial_rating_overdue', at: nowIso(), dueAt: due });
  await c.persist({ type: 'escalated', reason: 'initial rating not given in time', details: { kind: 'initial_rating_overdue', dueAt: due } });
}
