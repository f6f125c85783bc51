// A professional referrer hears the outcome of their contact: it is put in their agency's
// outbox (which the agency reads: GET /api/v1/outbox) and, where the agency has a webhook
// (REFERRER_WEBHOOKS), POSTed to it with an Idempotency-Key, retried durably. What is told
// is the outcome, never the rationale or what partners shared. Anonymous contacts and the
// public hear nothing through the engine.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PartnerContactActivities, ReferrerOutcome } from '../shared/case/partner-activities.js';
import type { ActivityDeps } from './deps.js';

const entryId = (o: ReferrerOutcome) => `${o.caseId}:v${o.decisionVersion}`;

export function referrerFeedbackActivities({ store, policy, fetch: httpFetch = fetch }: ActivityDeps): Pick<PartnerContactActivities, 'postReferrerOutcome' | 'deliverReferrerWebhook'> {
  return {
    /** Insert-only, one entry per authorised decision version: a retry writes nothing new. */
    async postReferrerOutcome(o) {
      const postedAt = new Date();
      await store.postToOutbox({
        _id: entryId(o),
        agency: o.agency,
        caseId: o.caseId,
        decisionVersion: o.decisionVersion,
        source: o.source,
        kind: o.kind,
        referrerReference: o.referrerReference,
        outcome: o.outcome,
        levelOfNeed: o.levelOfNeed,
        leadAgency: o.leadAgency,
        decidedAt: new Date(o.decidedAt),
        postedAt,
      });
      // A disclosure to the referrer's agency, logged once however often this runs.
      await store.recordDisclosure(`outbox:${entryId(o)}`, {
        at: postedAt,
        action: 'disclosure.referrer_outcome',
        caseId: o.caseId,
        resource: `outbox of ${o.agency}`,
        reason: `outcome of decision version ${o.decisionVersion} to the referrer's agency`,
        outcome: 201,
      });
    },

    async deliverReferrerWebhook(o) {
      const attempts = Context.current().info.attempt;
      const url = policy.referrerWebhooks[o.agency];
      if (!url) return { status: 'no_webhook_configured', attempts };
      let res: Response;
      try {
        res = await httpFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': entryId(o) },
          body: JSON.stringify({
            caseId: o.caseId,
            agency: o.agency,
            referrerReference: o.referrerReference,
            outcome: o.outcome,
            levelOfNeed: o.levelOfNeed,
            leadAgency: o.leadAgency,
            decidedAt: o.decidedAt,
            version: o.decisionVersion,
          }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        throw ApplicationFailure.retryable(`referrer webhook unreachable: ${(err as Error).message}`, 'ReferrerWebhookUnavailable');
      }
      if (!res.ok) throw ApplicationFailure.retryable(`referrer webhook answered ${res.status}`, 'ReferrerWebhookUnavailable');
      await store.recordDisclosure(`webhook:${entryId(o)}`, {
        at: new Date(),
        action: 'disclosure.referrer_outcome',
        caseId: o.caseId,
        resource: `webhook of ${o.agency}`,
        reason: `outcome of decision version ${o.decisionVersion} to the referrer's agency`,
        outcome: res.status,
      });
      return { status: 'delivered', attempts };
    },
  };
}
