// The outcome goes back to the notifying force: each delivery recorded, retried durably
// by Temporal until the force's system takes it.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { POLICE_WEBHOOK_REJECTED, type CaseActivities } from '../shared/case/activities.js';
import type { ActivityDeps } from './deps.js';

export function policeFeedbackActivities({ store, policy, fetch: httpFetch = fetch }: ActivityDeps): Pick<CaseActivities, 'deliverPoliceFeedback'> {
  return {
    /**
     * Sends the outcome to the notifying force's webhook. Throws on any failure so
     * Temporal retries it durably until the force's system takes it. What is sent is the
     * outcome, not what partners shared: the force sees its own notification's result.
     */
    async deliverPoliceFeedback(input) {
      const attempts = Context.current().info.attempt;
      const id = `${input.caseId}:v${input.decisionVersion}`;
      const url = policy.policeWebhooks[input.forceCode];
      if (!url) {
        await store.recordPoliceFeedback(id, { caseId: input.caseId, forceCode: input.forceCode, status: 'no_webhook_configured', attempts });
        return { status: 'no_webhook_configured', attempts };
      }
      const already = await store.readPoliceFeedback<{ status?: string; deliveredAt?: Date; attempts?: number }>(id);
      if (already?.status === 'delivered') {
        return { status: 'delivered', deliveredAt: already.deliveredAt?.toISOString(), attempts: already.attempts ?? attempts };
      }
      let res: Response;
      try {
        res = await httpFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': id },
          body: JSON.stringify({
            caseId: input.caseId,
            force: input.forceCode,
            policeReference: input.policeReference,
            outcome: input.outcome,
            levelOfNeed: input.levelOfNeed,
            leadAgency: input.leadAgency,
            decidedAt: input.decidedAt,
            version: input.decisionVersion,
          }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        await store.recordPoliceFeedback(id, { caseId: input.caseId, forceCode: input.forceCode, status: 'retrying', attempts });
        throw ApplicationFailure.retryable(`police webhook unreachable: ${(err as Error).message}`, 'PoliceWebhookUnavailable');
      }
      if (!res.ok) {
        // A refusal that asking again will not change (a 4xx other than timeout or rate
        // limit) ends this activity at once: the workflow decides how long to keep trying.
        const rejected = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
        await store.recordPoliceFeedback(id, { caseId: input.caseId, forceCode: input.forceCode, status: rejected ? 'rejected' : 'retrying', attempts, httpStatus: res.status });
        if (rejected) throw ApplicationFailure.nonRetryable(`police webhook refused the outcome: ${res.status}`, POLICE_WEBHOOK_REJECTED);
        throw ApplicationFailure.retryable(`police webhook answered ${res.status}`, 'PoliceWebhookUnavailable');
      }
      const deliveredAt = new Date();
      // A disclosure of police data's outcome to the force, logged before the delivery is
      // marked done: a retry after the mark returns early and would never log it.
      await store.recordDisclosure(id, {
        at: deliveredAt,
        action: 'disclosure.police_feedback',
        caseId: input.caseId,
        resource: `police webhook of force ${input.forceCode}`,
        reason: `outcome of decision version ${input.decisionVersion} to the notifying force`,
        outcome: res.status,
      });
      await store.recordPoliceFeedback(id, { caseId: input.caseId, forceCode: input.forceCode, status: 'delivered', deliveredAt, attempts, httpStatus: res.status });
      return { status: 'delivered', deliveredAt: deliveredAt.toISOString(), attempts };
    }
  };
}
