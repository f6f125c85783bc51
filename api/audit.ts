// The audit trail the Data Protection Act asks of police data: collection, alteration,
// consultation (who viewed it), disclosure. Append-only; no case content is copied in.
import type { Request, Response } from 'express';
import type { Models } from '../shared/db/models.js';

export type AuditAction =
  | 'notification.submit'
  | 'notification.resend'
  | 'case.read'
  | 'case.timeline.read'
  | 'case.partner_information.read'
  | 'case.list'
  | 'agenda.read'
  | 'queue.read'
  | 'case.rating.change'
  | 'case.partner_information.add'
  | 'case.decision.record'
  | 'case.decision.authorise'
  | 'case.decision.amend'
  | 'case.allocation.respond'
  | 'figures.read'
  | 'access.refused'
  | 'audit.read';

export async function audit(
  models: Models,
  req: Request,
  res: Response,
  entry: { action: AuditAction; caseId?: string; reason?: string; outcome?: number },
): Promise<void> {
  const p = res.locals.principal!;
  await models.Audit.create({
    at: new Date(),
    actor: { id: p.id, name: p.name, role: p.role, agency: p.agency, ...(p.force ? { force: p.force } : {}) },
    action: entry.action,
    caseId: entry.caseId,
    resource: `${req.method} ${req.route ? `${req.baseUrl}${req.route.path}` : req.originalUrl.split('?')[0]}`,
    reason: entry.reason ?? req.get('x-reason') ?? undefined,
    requestId: res.locals.requestId,
    outcome: entry.outcome ?? 200,
  });
}
