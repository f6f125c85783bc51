// A page of the audit trail, newest first, whole, for one case or for one user: read from
// the keyed log of the whole trail, the case or the user by `_id` (shared/db/audit-log.ts).
// One user's entries on one case are the case's log filtered.
import type { AuditLogEntry, Store } from '../../shared/db/store.js';
import { problems } from '../errors.js';
import type { AuditQuery } from '../schemas/requests.js';
import type { AuditRecord } from './records.js';

const record = ({ entryId, ...e }: AuditLogEntry): AuditRecord => ({ ...e, actor: { ...e.actor } as AuditRecord['actor'] });

/** Every read beyond need to know (break-glass), newest first. */
export async function breakGlassReads(store: Store): Promise<AuditRecord[]> {
  return (await store.readBreakGlass()).map(record);
}

export async function auditEntries(store: Store, q: AuditQuery): Promise<AuditRecord[]> {
  if (q.caseId && q.userId) {
    // One user on one case: the case's log (a case is read by a few dozen people), filtered.
    const entries = (await store.readWholeAuditOfCase(q.caseId)).filter((e) => e.actor.id === q.userId);
    return entries.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(record);
  }
  if (q.caseId) return (await store.readAuditByCase(q.caseId, q.page, q.pageSize)).map(record);
  if (q.userId) return (await store.readAuditByUser(q.userId, q.page, q.pageSize)).map(record);
  return (await store.readAudit(q.page, q.pageSize)).map(record);
}

/**
 * Who accessed anything about one child, for a subject access request or a misuse inquiry:
 * the child's cases (every contact and referral in their history log, by `_id`), and every
 * entry of each case's trail (a read, a list that showed it, a step, a refusal, a
 * disclosure), newest first. A child has a few dozen cases, each read by a few dozen people.
 */
export async function childAccess(store: Store, personId: string): Promise<{ caseIds: string[]; entries: AuditRecord[] }> {
  const person = await store.readPerson<{ kind: string }>(personId, { kind: 1 });
  if (person?.kind !== 'child') throw problems.notFound(`no child ${personId}`);
  const caseIds = [...new Set((await store.readChildHistoryEntries(personId)).map((e) => e.caseId))].sort();
  const trails = await Promise.all(caseIds.map((caseId) => store.readWholeAuditOfCase(caseId)));
  const entries = trails.flat().sort((a, b) => +b.at - +a.at || (a.entryId < b.entryId ? 1 : -1));
  return { caseIds, entries: entries.map(record) };
}
