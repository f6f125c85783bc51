// A page of the audit trail, newest first, whole, for one case or for one user: read from
// the keyed log of the whole trail, the case or the user by `_id` (shared/db/audit-log.ts).
// One user's entries on one case are the case's log filtered.
import type { AuditLogEntry, Store } from '../../shared/db/store.js';
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
