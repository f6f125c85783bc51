// A page of the audit trail, newest first, for one case or one user: read from the
// case's or the user's keyed log by `_id` (shared/db/audit-log.ts). The whole trail, and
// one user's entries on one case, are filtered queries.
import { auditLogPage, caseLogKey, userLogKey, wholeAuditLog, type AuditLogEntry } from '../../shared/db/audit-log.js';
import type { Models } from '../../shared/db/models.js';
import type { AuditQuery } from '../schemas/requests.js';
import type { AuditRecord } from './records.js';

const record = ({ entryId, ...e }: AuditLogEntry): AuditRecord => ({ ...e, actor: { ...e.actor } as AuditRecord['actor'] });

export async function auditEntries(models: Models, q: AuditQuery): Promise<AuditRecord[]> {
  if (q.caseId && q.userId) {
    // One user on one case: the case's log (a case is read by a few dozen people), filtered.
    const entries = (await wholeAuditLog(models, caseLogKey(q.caseId))).filter((e) => e.actor.id === q.userId);
    return entries.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(record);
  }
  if (q.caseId || q.userId) {
    const key = q.caseId ? caseLogKey(q.caseId) : userLogKey(q.userId!);
    return (await auditLogPage(models, key, q.page, q.pageSize)).map(record);
  }
  return models.Audit.find({}).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<AuditRecord[]>().exec();
}
