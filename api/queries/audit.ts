// A page of the audit trail, newest first, for one case or one user: read from the
// case's or the user's keyed log by `_id` (shared/db/audit-log.ts). The whole trail, and
// one user's entries on one case, are filtered queries.
import type { AuditLogEntry, Store } from '../../shared/db/store.js';
import type { AuditQuery } from '../schemas/requests.js';
import type { AuditRecord } from './records.js';

const record = ({ entryId, ...e }: AuditLogEntry): AuditRecord => ({ ...e, actor: { ...e.actor } as AuditRecord['actor'] });

export async function auditEntries(store: Store, q: AuditQuery): Promise<AuditRecord[]> {
  if (q.caseId && q.userId) {
    // One user on one case: the case's log (a case is read by a few dozen people), filtered.
    const entries = (await store.readWholeAuditOfCase(q.caseId)).filter((e) => e.actor.id === q.userId);
    return entries.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(record);
  }
  if (q.caseId) return (await store.readAuditByCase(q.caseId, q.page, q.pageSize)).map(record);
  if (q.userId) return (await store.readAuditByUser(q.userId, q.page, q.pageSize)).map(record);
  return store.readAudit<AuditRecord>(q.page, q.pageSize);
}
