// The outcome of an authorised decision goes to whoever is told it: the notifying force,
// or a professional referrer's agency. One delivery for both: the outcome is POSTed to
// the recipient's webhook (POLICE_WEBHOOKS, REFERRER_WEBHOOKS) with an Idempotency-Key,
// each attempt logged and retried durably by Temporal until the recipient's system takes
// it. What is sent is the outcome, never the rationale or what partners shared. A
// referrer's agency also finds it in its outbox (GET /api/v1/outbox). Anonymous contacts
// and the public hear nothing through the engine.
import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WEBHOOK_REJECTED, type CaseActivities, type OutcomeDelivery } from '../shared/case/activities.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { ActivityDeps } from './deps.js';
import { outcomeAsSent, outcomeFieldNames } from '../shared/webhook-fields.js';

/** Where a recipient's webhook is configured, what it is sent, and how a disclosure to it is logged. */
function recipientOf(policy: FrontDoorPolicy, d: OutcomeDelivery) {
  if ('force' in d) {
    // Unconfigured: what the force's police view shows of the outcome (POLICE_VIEW_FIELDS).
    const fields = policy.policeWebhookFields?.[d.force] ?? outcomeFieldNames.filter((f) => (policy.policeViewFields as readonly string[]).includes(f));
    return { url: policy.policeWebhooks[d.force], secret: policy.policeWebhookSecrets?.[d.force], fields, forceCode: d.force, action: 'disclosure.police_feedback', resource: `police webhook of force ${d.force}`, to: 'the notifying force' };
  }
  const fields = policy.referrerWebhookFields?.[d.agency] ?? [...outcomeFieldNames];
  return { url: policy.referrerWebhooks[d.agency], secret: policy.referrerWebhookSecrets?.[d.agency], fields, action: 'disclosure.referrer_outcome', resource: `webhook of ${d.agency}`, to: "the referrer's agency" };
}

/**
 * Stripe-style signature over the exact bytes sent: HMAC-SHA256 of "<unix seconds>.<body>"
 * with the recipient's own secret (docs/api.md, "Receiving outcomes"). Each attempt signs
 * with its own timestamp, so a receiver may refuse anything older than five minutes.
 */
export function signOutcome(secret: string, body: string, timestamp: number): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'pitstop-timestamp': String(timestamp), 'pitstop-signature': `v1=${mac}` };
}

/** What was told, in the disclosure's words: a decision's outcome, or that the contact was a duplicate. */
const outcomeWords = (o: { version: number; duplicateOf?: string }) =>
  o.duplicateOf ? `closed as a duplicate of ${o.duplicateOf}` : `outcome of decision version ${o.version}`;

/** One entry, delivery and disclosure per authorised decision version (a duplicate's: version 0). */
const deliveryId = (o: { caseId: string; version: number }) => `${o.caseId}:v${o.version}`;

export function outcomeActivities({ store, policy, fetch: httpFetch = fetch }: ActivityDeps): Pick<CaseActivities, 'deliverOutcome' | 'postReferrerOutcome'> {
  return {
    /** Insert-only, one entry per authorised decision version: a retry writes nothing new. */
    async postReferrerOutcome(o) {
      const postedAt = new Date();
      const { version: decisionVersion, decidedAt, ...entry } = o;
      await store.postToOutbox({ _id: deliveryId(o), ...entry, decisionVersion, decidedAt: new Date(decidedAt), postedAt });
      // A disclosure to the referrer's agency, logged once however often this runs.
      await store.recordDisclosure(`outbox:${deliveryId(o)}`, {
        at: postedAt,
        action: 'disclosure.referrer_outcome',
        caseId: o.caseId,
        resource: `outbox of ${o.agency}`,
        reason: `${outcomeWords(o)} to the referrer's agency`,
        outcome: 201,
      });
    },

    /**
     * Sends the outcome to the recipient's webhook. Throws on any failure so Temporal
     * retries it durably; a refusal that asking again will not change ends the activity
     * at once, and the workflow decides how long to keep trying (workflows/feedback.ts).
     */
    async deliverOutcome(d) {
      const attempts = Context.current().info.attempt;
      const id = deliveryId(d);
      const { url, secret, fields, forceCode, ...disclosure } = recipientOf(policy, d);
      // Every attempt logged under the delivery's id (the store's feedback log).
      const log = (status: string, more: { httpStatus?: number; deliveredAt?: Date } = {}) =>
        store.recordPoliceFeedback(id, { caseId: d.caseId, forceCode, status, attempts, ...more });
      if (!url) {
        await log('no_webhook_configured');
        return { status: 'no_webhook_configured', attempts };
      }
      const already = await store.readPoliceFeedback<{ status?: string; deliveredAt?: Date; attempts?: number }>(id);
      if (already?.status === 'delivered') {
        return { status: 'delivered', deliveredAt: already.deliveredAt?.toISOString(), attempts: already.attempts ?? attempts };
      }
      // Exactly the fields this recipient is sent (its identity and those configured for it), signed as sent.
      const body = JSON.stringify(outcomeAsSent(d, fields));
      const signature = secret ? signOutcome(secret, body, Math.floor(Date.now() / 1000)) : {};
      let res: Response;
      try {
        res = await httpFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': id, ...signature },
          body,
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        await log('retrying');
        throw ApplicationFailure.retryable(`webhook unreachable: ${(err as Error).message}`, 'WebhookUnavailable');
      }
      if (!res.ok) {
        // A refusal that asking again will not change: a 4xx other than timeout or rate limit.
        const rejected = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
        await log(rejected ? 'rejected' : 'retrying', { httpStatus: res.status });
        if (rejected) throw ApplicationFailure.nonRetryable(`webhook refused the outcome: ${res.status}`, WEBHOOK_REJECTED);
        throw ApplicationFailure.retryable(`webhook answered ${res.status}`, 'WebhookUnavailable');
      }
      const deliveredAt = new Date();
      // A disclosure, logged before the delivery is marked done: a retry after the mark
      // returns early and would never log it.
      await store.recordDisclosure(`webhook:${id}`, {
        at: deliveredAt,
        action: disclosure.action,
        caseId: d.caseId,
        resource: disclosure.resource,
        reason: `${outcomeWords(d)} to ${disclosure.to}`,
        outcome: res.status,
      });
      await log('delivered', { deliveredAt, httpStatus: res.status });
      return { status: 'delivered', deliveredAt: deliveredAt.toISOString(), attempts };
    },
  };
}
