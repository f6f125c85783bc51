// The case's records: its append-only timeline, the projection of the workflow's state
// onto the contact (what lists, queues and figures read), and what partners shared.
import { ApplicationFailure } from '@temporalio/activity';
import type { CaseActivities } from '../shared/case/activities.js';
import { agencies } from '../shared/codes.js';
import { isDuplicateKey, type Models } from '../shared/db/models.js';
import { projectedByUpdates } from './notification-update.js';
import { recordInWorkingSet, type ProjectedFields } from '../shared/db/working-set.js';

export function projectionActivities(models: Models): Pick<CaseActivities, 'recordCaseEvent' | 'recordPartnerInformation'> {
  const { Contact, Timeline, PartnerInformation } = models;
  return {
    /**
     * Appends one event to the case timeline and projects the workflow's state onto the
     * contact. Keyed by the workflow's event sequence: a retry writes nothing new, and an
     * older projection never overwrites a newer one.
     */
    async recordCaseEvent(input) {
      const { caseId, seq, event, status } = input;
      try {
        await Timeline.create({
          _id: `${caseId}:${String(seq).padStart(5, '0')}`,
          caseId,
          seq,
          type: event.type,
          at: new Date(event.at),
          actor: event.actor,
          reason: event.reason,
          details: event.details,
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const current = status.decisions.at(-1);
      const live = status.allocations.at(-1);
      const fields: Record<string, unknown> = {
        projectionSeq: seq,
        stage: status.stage,
        rating: status.rating,
        breached: status.breached,
        statutoryDeadlineMissed: status.statutoryDeadlineMissed ?? false,
        decisionDueAt: status.decisionDueAt ? new Date(status.decisionDueAt) : undefined,
        meetingDate: status.meeting?.date,
        leadAgency: live?.leadAgency ?? current?.leadAgency,
        outcome: status.outcome,
        recontact: status.recontact,
        repeatReferral: status.repeatReferral,
        closedAt: status.closedAt ? new Date(status.closedAt) : undefined,
        status,
      };
      // A field the case no longer has (an outcome cleared by a declined allocation) is
      // removed, not left as it was: mongoose drops undefined values from $set.
      const $set = { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), ...projectedByUpdates(status) };
      const $unset = Object.fromEntries(Object.keys(fields).filter((k) => fields[k] === undefined).map((k) => [k, 1]));
      await Contact.updateOne({ _id: caseId, projectionSeq: { $lt: seq } }, { $set, ...(Object.keys($unset).length ? { $unset } : {}) });
      // What the agenda and the queues read (shared/db/working-set.ts).
      await recordInWorkingSet(models, caseId, fields as unknown as ProjectedFields);
    },

    /** Keeps what an agency knows; a late answer is kept all the same. */
    async recordPartnerInformation(input) {
      if (!agencies.includes(input.agency)) throw ApplicationFailure.nonRetryable(`unknown agency ${input.agency}`);
      await PartnerInformation.updateOne(
        { _id: `${input.caseId}:${input.agency}:${input.seq}` },
        {
          $setOnInsert: {
            caseId: input.caseId,
            agency: input.agency,
            submittedBy: input.actor,
            submittedAt: new Date(input.at),
            late: input.late,
            information: input.information,
          },
        },
        { upsert: true },
      );
    }
  };
}
