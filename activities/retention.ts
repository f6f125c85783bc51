// Retention's I/O (workflows/retention.ts): finding the closed cases whose records have
// expired under the council's rules (shared/retention.ts), and erasing one: every record
// of it in MongoDB, its children who have no other case kept, and its workflow execution
// in Temporal (history and visibility); each erasure in the audit trail. Never a case
// still open (or still needing someone) nor one under a legal hold, on the case or on
// anyone in it. Both activities may run again: a case erased is recorded, and skipped.
// A child or an adult goes with their last case (their history log names every case of theirs).
import { Context } from '@temporalio/activity';
import type { Store } from '../shared/db/store.js';
import { workflowIdFor } from '../shared/ids.js';
import { expiresAt, loadRetentionRules, retentionKindOf, yearsAfter, type ExpiredCase, type RetentionActivities, type RetentionRules } from '../shared/retention.js';

/** Who erases: the schedule, named in the audit trail. */
export const RETENTION_ACTOR = { id: 'system:retention', name: 'Retention schedule', role: 'system', agency: 'front_door' };

type ContactForErasure = { stage?: string; childPersonIds?: string[]; adultPersonIds?: string[]; status?: { policeFeedback?: { status?: string } } };

export function retentionActivities({ store }: { store: Store }, rules: RetentionRules = loadRetentionRules()): RetentionActivities {
  /** Dates of birth of a case's children, from their person records. */
  const childDatesOfBirth = async (caseId: string) => {
    const contact = await store.readContact<ContactForErasure>(caseId, { childPersonIds: 1 });
    const people = await Promise.all((contact?.childPersonIds ?? []).map((id) => store.readPerson<{ dateOfBirth?: string }>(id, { dateOfBirth: 1 })));
    return people.map((p) => p?.dateOfBirth);
  };

  return {
    /**
     * Closed cases expired by `asOf`, not erased yet, at most `limit`: from the closed rows
     * of each month back as far as any rule keeps a record (read by `_id`, month by month).
     */
    async findExpiredCases({ asOf, limit }) {
      const now = new Date(asOf);
      const from = yearsAfter(now, -(Math.max(rules.referralUntilAge, rules.contactYears, rules.noFurtherActionYears) + 1));
      const rows = await store.readCaseRows(from, now, []);
      const found: ExpiredCase[] = [];
      for (const row of rows.sort((a, b) => +a.receivedAt - +b.receivedAt)) {
        if (found.length >= limit) break;
        if (row.stage !== 'closed' || !row.closedAt) continue;
        const kind = retentionKindOf(row.outcome);
        const expired = expiresAt(kind, row.closedAt, kind === 'referral' ? await childDatesOfBirth(row.caseId) : [], rules);
        if (!expired || expired > now) continue;
        if (await store.readErasure(row.caseId)) continue;
        found.push({ caseId: row.caseId, kind, expiredAt: expired.toISOString() });
      }
      return found;
    },

    async eraseExpiredCase({ caseId, kind, expiredAt }) {
      if (await store.readErasure(caseId)) return { caseId, erased: false, kept: 'erased_already' };
      const contact = await store.readContact<ContactForErasure>(caseId, { stage: 1, childPersonIds: 1, adultPersonIds: 1, 'status.policeFeedback': 1 });
      if (contact && (contact.stage !== 'closed' || contact.status?.policeFeedback?.status === 'failed')) return { caseId, erased: false, kept: 'open' };
      const people = [...(contact?.childPersonIds ?? []), ...(contact?.adultPersonIds ?? [])];
      const holds = await Promise.all([store.readLegalHold('case', caseId), ...people.map((id) => store.readLegalHold('person', id))]);
      if (holds.some(Boolean)) return { caseId, erased: false, kept: 'legal_hold' };
      // Temporal: never a workflow still running (a case reopened by a police update has its own).
      const temporal = Context.current().client;
      const namespace = Context.current().info.workflowNamespace;
      const workflowId = workflowIdFor(caseId);
      let execution: { status: { name: string } } | undefined;
      try {
        execution = await temporal.workflow.getHandle(workflowId).describe();
      } catch (err) {
        if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
      }
      if (execution?.status.name === 'RUNNING') return { caseId, erased: false, kept: 'open' };
      // A person goes with their last case kept: every other case in their history log
      // erased. A log that does not name this case was kept before adults had logs (until
      // `npm run rebuild`): it cannot say, so the person is kept.
      const lastCase = async (personId: string) => {
        const cases = new Set((await store.readChildHistoryEntries(personId)).map((e) => e.caseId));
        if (!cases.delete(caseId)) return false;
        return (await Promise.all([...cases].map((id) => store.readErasure(id)))).every(Boolean);
      };
      const goes = (await Promise.all(people.map(async (id) => ((await lastCase(id)) ? id : undefined)))).filter((id): id is string => id !== undefined);
      const { documents, people: erasedPeople } = await store.eraseCaseRecords(caseId, goes);
      if (execution) {
        try {
          await temporal.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId } });
        } catch (err) {
          // Deleted already by a run cut short.
          if (!/not found/i.test(String((err as Error).message))) throw err;
        }
      }
      await store.appendAuditOnce(`erasure:${caseId}`, {
        at: new Date(),
        actor: RETENTION_ACTOR,
        action: 'record.erase',
        caseId,
        resource: 'retention schedule',
        reason: `${kind.replace(/_/g, ' ')}: expired ${expiredAt.slice(0, 10)}; ${documents} records and ${erasedPeople} people's records erased${execution ? ', workflow history deleted' : ''}`,
      });
      await store.recordErasure(caseId, { kind, expiredAt: new Date(expiredAt), documents, people: erasedPeople });
      return { caseId, erased: true, documents, people: erasedPeople, workflowHistoryDeleted: execution !== undefined };
    },
  };
}
