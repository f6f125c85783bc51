// Contacts from anyone but the police: partners submit referral forms (MARF), the front
// door records calls; each partner agency reads the outcomes of its own referrals.
import { Router } from 'express';
import { referralFormSchema } from '../../shared/schemas/referral.js';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import { submitReferral } from '../commands/submit-referral.js';
import type { ApiContext } from '../context.js';
import { agencyOf } from '../policies.js';
import { caseUrl } from '../presenters/cases.js';
import { presentOutbox } from '../presenters/referrals.js';
import { outboxOf } from '../queries/referrals.js';
import { outboxQuery, referralHeaders, type ReferralReceipt } from '../schemas/referrals.js';
import { parse } from '../validate.js';

export function referralRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.post('/', allow('referral.submit'), async (req, res) => {
    const { 'idempotency-key': key } = parse(referralHeaders, req.headers, 'headers');
    const form = parse(referralFormSchema, req.body);
    const { caseId, duplicate } = await submitReferral(ctx, callerOf(req, res), form, key);
    const url = caseUrl(caseId);
    const body: ReferralReceipt = duplicate ? { caseId, url, duplicate: true } : { caseId, url, duplicate: false };
    res.status(duplicate ? 200 : 202).location(url).json(body);
  });
  return router;
}

export function outboxRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('outbox.read'), async (req, res) => {
    const { since } = parse(outboxQuery, req.query, 'query');
    const caller = callerOf(req, res);
    const agency = agencyOf(caller.principal);
    // The referring organisation's outbox: a school reads its own referrals' outcomes, not every school's.
    const entries = await outboxOf(ctx.store, agency, since, caller.principal.organisation);
    await audit(ctx.store, caller, { action: 'outbox.read', caseIds: entries.map((e) => e.caseId) });
    res.json(presentOutbox(agency, entries));
  });
  return router;
}
