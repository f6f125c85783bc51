// The audit trail the Data Protection Act asks of police data: collection, alteration,
// consultation (who viewed it), disclosure. Append-only; no case content is copied in.
import type { Request, Response } from 'express';
import type { AuditReceipt } from '../shared/case/state.js';
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
  /** The queues' counts (a page's tabs): no case shown, none named. */
  | 'queue.counts.read'
  | 'queue.information_requests.read'
  | 'person.contacts.read'
  /** A household view: the family's contacts together, the person looked up. */
  | 'person.household.read'
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
  /** s47 enquiry: the initial child protection conference recorded held. */
  | 'case.conference.record'
  /** The family's address marked confidential (a refuge): withheld outside the front door from then on. */
  | 'case.address.confidential'
  | 'case.duplicate.mark'
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
  /** The report of who accessed anything about one child, across their cases. */
  | 'audit.child.read'
  /** The list of reads beyond need to know, with the count per person. */
  | 'break_glass.read'
  /** A person's details corrected (a child's ethnicity recorded), with why. */
  | 'person.rectify'
  /** Two person records merged as one, and a person split (a contact's child moved to a new person). */
  | 'person.merge'
  | 'person.split'
  /** Everything held about a person, exported for them (a subject access request), with why. */
  | 'person.subject_access'
  /** The report of every disclosure about a person. */
  | 'person.disclosures.read'
  | 'legal_hold.place'
  | 'legal_hold.lift'
  | 'legal_hold.read'
  /** An Annex A list handed over: one entry per case it names, with the list, the period and why. */
  | 'disclosure.annex_a';

/** Who is asking, and where: what the policy decides on and the audit trail records. */
export interface Caller {
  /** From the credentials, never from a request body. */
  principal: Principal;
  requestId?: string;
  /** The endpoint, e.g. "GET /api/v1/cases/:id". */
  resource: string;
}

export function callerOf(req: Request, res: Response): Caller {
  return {
    principal: res.locals.principal!,
    requestId: res.locals.requestId,
    resource: `${req.method} ${req.route ? `${req.baseUrl}${req.route.path}` : req.originalUrl.split('?')[0]}`,
  };
}

/**
 * The audit entry of a request that changes a case, handed to the workflow with the change
 * and written by the durable step that makes it (intake, or the step's timeline event):
 * never left for the API to write after the change is made. No reason: what the step
 * said stays on its timeline entry, which the audit entry names.
 */
export function receiptOf<A extends string>(caller: Caller, action: A, outcome: number, reason?: string): AuditReceipt & { action: A } {
  const p = caller.principal;
  return {
    action,
    actor: { id: p.id, name: p.name, role: p.role, agency: p.agency, ...(p.force ? { force: p.force } : {}) },
    resource: caller.resource,
    ...(caller.requestId ? { requestId: caller.requestId } : {}),
    ...(reason ? { reason } : {}),
    outcome,
  };
}

/** Whoever sent a request without valid credentials: recorded as such, never as who they claimed. */
export const unauthenticated: Principal = { id: 'unauthenticated', name: 'No valid credentials', role: 'none' as Principal['role'], agency: 'none' };

export async function audit(
  store: Store,
  caller: Caller,
  entry: {
    action: AuditAction;
    caseId?: string;
    caseIds?: readonly string[];
    reason?: string;
    outcome?: number;
    /** What the read asked for by name (the case, user or child looked up), beyond the cases it showed. */
    lookedUp?: { caseId?: string; userId?: string; personId?: string };
  },
): Promise<void> {
  const p = caller.principal;
  const base = {
    at: new Date(),
    actor: { id: p.id, name: p.name, role: p.role, agency: p.agency, ...(p.force ? { force: p.force } : {}) },
    action: entry.action,
    resource: caller.resource,
    // Only a reason asked for (a read beyond need to know) or the engine's own words: never case content.
    reason: entry.reason,
    requestId: caller.requestId,
    outcome: entry.outcome ?? 200,
    ...(entry.lookedUp && Object.values(entry.lookedUp).some(Boolean) ? { lookedUp: entry.lookedUp } : {}),
  };
  // A list that shows cases is recorded as a consultation of each case it showed (one
  // entry per case, sharing the request id), so each case's trail says who saw it listed.
  const caseIds = entry.caseIds?.length ? entry.caseIds : [entry.caseId];
  await store.appendAudit(caseIds.map((caseId) => ({ ...base, caseId })));
}
