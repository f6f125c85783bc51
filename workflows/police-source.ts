// A police notification as the source of a case (case-record.ts `ContactSource`): received
// with the force's grading, so intake rates and plans it at once, and the force is told
// the outcome of its own notification.
import { applyIntake } from '../shared/case/received.js';
import { maracReferralRequired } from '../shared/case/rules.js';
import type { CaseStatus, ContactWorkflowInput } from '../shared/case/state.js';
import { receivedCase, type ContactSource } from './case-record.js';
import { nowIso } from './clock.js';
import { storeHere } from './io.js';
import { deliverOutcome, type OutcomeRecipient } from './outcome.js';

export function policeNotification(input: ContactWorkflowInput): ContactSource {
  const { caseId, receivedAt, notification: n, receipt } = input;
  return {
    received: receivedCase({
      caseId,
      forceCode: n.force.code,
      policeReference: n.policeReference,
      incidentType: n.incident.type,
      receivedAt,
      maracReferralRequired: maracReferralRequired(n),
    }),

    /**
     * Recorded, matched, rated and planned. Intake and the first projection are one
     * activity (a third of the database writes and of Temporal's work per notification,
     * docs/benchmarks.md), in the projections' line: a step recorded meanwhile is written after it.
     */
    async intake(c, runId) {
      // A copy: the arguments are serialised when the activity is scheduled.
      const received = JSON.parse(JSON.stringify(c.state)) as CaseStatus;
      const at = nowIso();
      const intake = await c.inLine((seq) =>
        storeHere.receiveContact({ caseId, receivedAt, notification: n, received, seq, at, workflowRunId: runId, ...(receipt ? { receipt } : {}) }),
      );
      // The plan intake made, held by the case (the same function the intake activity projects with).
      applyIntake(c.state, intake);
      c.keepRules(intake);
    },

    recipient: notifyingForce,
  };
}

/**
 * The force hears the outcome of its own notification, never what partners shared. Given
 * up, the case may still close: the managers see it and tell the force themselves.
 */
const notifyingForce: OutcomeRecipient = {
  tell(c, message) {
    const s = c.state;
    const version = message.version;
    s.policeFeedback = { status: 'pending', decisionVersion: version };
    c.track(
      (async () => {
        const r = await deliverOutcome(c.rules, { ...message, force: s.forceCode!, policeReference: s.policeReference! });
        // A later amendment's feedback supersedes this one.
        const current = s.policeFeedback.decisionVersion === version;
        if (r.status === 'failed') {
          if (current) s.policeFeedback = { status: 'failed', decisionVersion: version, failure: r.failure };
          const dueAt = nowIso();
          s.escalations.push({ kind: 'police_feedback_failed', at: dueAt, dueAt });
          await c.persist({ type: 'escalated', reason: 'police feedback given up', details: { kind: 'police_feedback_failed', decisionVersion: version, failure: r.failure } });
          return;
        }
        if (current) s.policeFeedback = { status: r.status, decisionVersion: version, deliveredAt: r.deliveredAt, attempts: r.attempts };
        await c.persist({ type: r.status === 'delivered' ? 'police_feedback_delivered' : 'police_feedback_no_webhook', details: { decisionVersion: version, attempts: r.attempts } });
      })(),
    );
  },
};
