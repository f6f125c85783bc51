// A page of the audit trail, newest first, for one case or one user.
import type { Models } from '../../shared/db/models.js';
import type { AuditQuery } from '../schemas/requests.js';
import type { AuditRecord } from './records.js';

export function auditEntries(models: Models, q: AuditQuery): Promise<AuditRecord[]> {
  const filter: Record<string, unknown> = {};
  if (q.caseId) filter.caseId = q.caseId;
  if (q.userId) filter['actor.id'] = q.userId;
  return models.Audit.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<AuditRecord[]>().exec();
}
