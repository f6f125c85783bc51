// The audit trail the Data Protection Act asks of police data: collection, alteration,
// consultation (who viewed it), disclosure. Append-only; no case content is copied in.
import type { Request, Response } from 'express';
import type { Store } from '../shared/db/store.js';
import type { Principal } from './auth/roles.js';

export type AuditAction =
  | 'notification.submit'
  | 'notification.resend'
  /** A police update: changed content recorded as a new version (or a new contact after a closed case). */
  | 'notification.update'
  | 'case.read'
  /** A partner practitioner or lead agency worker read outside their need to know, with their reason. */
  | 'case.read.beyond_need_to_know'
  | 'case.timeline.read'
  | 'case.partner_information.read'
  | 'case.partner_information.read.beyond_need_to_know'
  | 'case.list'
  | 'agenda.read'
  | 'queue.read'
  | 'queue.information_requests.read'
  | 'person.contacts.read'
  | 'case.rating.change'
  /** The initial rating of a contact with no police grading. */
  | 'case.rating.initial'
  | 'referral.submit'
  | 'referral.resend'
  | 'outbox.read'
  | 'case.partner_information.add'
  | 'case.decision.record'
  | 'case.decision.authorise'
  | 'case.decision.amend'
  | 'case.allocation.respond'
  | 'case.strategy_discussion.record'
  | 'figures.read'
  | 'themes.read'
  /** Refused: no valid credentials (401), or not this person's to see or do (403). */
  | 'access.refused'
  /** A case id asked for that names no case (404): a probe is part of the trail too. */
  | 'case.not_found'
  /** A request about a case refused as bad input (400), out of order (409) or against a rule (422). */
  | 'case.request.refused'
  /** The PIT Stop meeting's minutes (one entry per case they name) and its record. */
  | 'meeting.read'
  | 'meeting.open'
  | 'meeting.register.add'
  | 'meeting.close'
  | 'audit.read'
  /** The list of reads beyond need to know, with the count per person. */
  | 'break_glass.read';

/** Who is asking, and where: what the policy decides on and the audit trail records. */
export interface Caller {
  /** From the credentials, never from a request body. */
  principal: Principal;
  requestId?: string;
  /** The endpoint, e.g. "GET /api/v1/cases/:id". */
  resource: string;
  /** Why, when the caller says (the X-Reason header). */
  reason?: string;
}

export function callerOf(req: Request, res: Response): Caller {
  return {
    principal: res.locals.principal!,
    requestId: res.locals.requestId,
    resource: `${req.method} ${req.route ? `${req.baseUrl}${req.route.path}` : req.originalUrl.split('?')[0]}`,
    reason: req.get('x-reason')?.trim() || undefined,
  };
}

/** Whoever sent a request without valid credentials: recorded as such, never as who they claimed. */
export const unauthenticated: Principal = { id: 'unauthenticated', name: 'No valid credentials', role: 'none' as Principal['role'], agency: 'none' };

export async function audit(
  store: Store,
  caller: Caller,
  entry: { action: AuditAction; caseId?: string; caseIds?: readonly string[]; reason?: string; outcome?: number },
): Promise<void> {
  const p = caller.principal;
  const base = {
    at: new Date(),
    actor: { id: p.id, name: p.name, role: p.role, agency: p.agency, ...(p.force ? { force: p.force } : {}) },
    action: entry.action,
    resource: caller.resource,
    reason: entry.reason ?? caller.reason,
    requestId: caller.requestId,
    outcome: entry.outcome ?? 200,
  };
  // A list that shows cases is recorded as a consultation of each case it showed (one
  // entry per case, sharing the request id), so each case's trail says who saw it listed.
  const caseIds = entry.caseIds?.length ? entry.caseIds : [entry.caseId];
  await store.appendAudit(caseIds.map((caseId) => ({ ...base, caseId })));
}
