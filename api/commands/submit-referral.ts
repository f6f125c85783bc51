// A contact from anyone but the police received: a partner's referral form, or a call the
// front door takes down. The partner contact workflow starts once per form; a resend (the
// same referrer's reference, or the same Idempotency-Key) answers with the same case.
import type { Agency } from '../../shared/codes.js';
import { isPartnerAgency, sourcesOfAgency } from '../../shared/contact-sources.js';
import { caseIdForReferral } from '../../shared/ids.js';
import type { ReferralForm } from '../../shared/schemas/referral.js';
import { PARTNER_CONTACT_WORKFLOW } from '../../workflows/messages.js';
import { audit, receiptOf, type Caller } from '../audit.js';
import type { ApiContext } from '../context.js';
import { startCaseOnce } from './start-case.js';
import { problems } from '../errors.js';
import { requireRole } from '../policies.js';

export interface ReferralReceived {
  caseId: string;
  duplicate: boolean;
}

/**
 * The agency told the outcome. A partner practitioner refers for their own agency, from a
 * source that agency is (a school practitioner is 2A or 2B, not 3A); the front door, taking
 * down a call, names the professional's agency if there is one.
 */
function referrerAgencyOf(caller: Caller, form: ReferralForm): Agency | undefined {
  const p = caller.principal;
  if (p.role !== 'partner_practitioner') {
    // A call the front door takes down: the agency named is told the outcome, so it must be
    // one the call's source can be (a GP's call, 3A, is health's, never education's outbox).
    const named = form.referrer?.agency;
    if (named && !sourcesOfAgency[named].includes(form.source)) {
      const message = `source ${form.source} is not a referrer from ${named} (${named} is source ${sourcesOfAgency[named].join(' or ')})`;
      throw problems.ruleViolation(message, [{ path: 'body.referrer.agency', message }]);
    }
    return named;
  }
  if (!isPartnerAgency(p.agency)) throw problems.forbidden('a partner practitioner refers for a partner agency');
  const allowed = sourcesOfAgency[p.agency];
  if (!allowed.includes(form.source)) {
    const message = `a referral from ${p.agency} is from source ${allowed.join(' or ')}`;
    throw problems.ruleViolation(message, [{ path: 'body.source', message }]);
  }
  if (form.referrer?.agency && form.referrer.agency !== p.agency) {
    const message = `you refer for ${p.agency}, as your credentials say`;
    throw problems.ruleViolation(message, [{ path: 'body.referrer.agency', message }]);
  }
  return p.agency;
}

/** Answers only once Temporal has durably accepted the workflow (or recognised a resend). */
export async function submitReferral(ctx: ApiContext, caller: Caller, form: ReferralForm, idempotencyKey?: string): Promise<ReferralReceived> {
  requireRole(caller.principal, 'referral.submit');
  const reference = form.referrer?.reference;
  if (!reference && !idempotencyKey) {
    throw problems.badRequest('a resend must be recognisable', [
      { path: 'headers.idempotency-key', message: "give an Idempotency-Key header or the referrer's own reference (referrer.reference)" },
    ]);
  }
  const referrerAgency = referrerAgencyOf(caller, form);
  const p = caller.principal;
  const caseId = caseIdForReferral(p.id, reference ? { reference } : { idempotencyKey: idempotencyKey! });
  const receivedAt = new Date().toISOString();
  const known = await ctx.store.referralFormExists(caseId);
  const submittedBy = { id: p.id, name: p.name, role: p.role, agency: p.agency };
  // The form's collection is audited by its own intake, from the workflow's input (as a notification's).
  const receipt = receiptOf(caller, 'referral.submit', 202);
  // A partner refers for their own organisation (its outbox); a call the front door takes down names none.
  const referrerOrganisation = p.role === 'partner_practitioner' ? p.organisation : undefined;
  const start = { caseId, receivedAt, form, referrerAgency, submittedBy, receipt, ...(referrerOrganisation ? { referrerOrganisation } : {}) };
  if (!known && (await startCaseOnce(ctx, PARTNER_CONTACT_WORKFLOW, start))) {
    return { caseId, duplicate: false };
  }
  await audit(ctx.store, caller, { action: 'referral.resend', caseId });
  return { caseId, duplicate: true };
}
