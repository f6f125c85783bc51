// What a referrer is told when a form is received, and what their agency reads in its
// outbox: the outcome of each of its referrals, never the rationale or partners' information.
import { agencies, triageOutcomes } from '../../shared/codes.js';
import { contactKinds, contactSourceCodes } from '../../shared/schemas/referral.js';
import { z } from '../../shared/schemas/zod.js';
import { at, caseId, idempotencyKey } from './common.js';

const receipt = <D extends boolean>(duplicate: D) => z.object({ caseId, url: z.string(), duplicate: z.literal(duplicate) });

/** 202: the partner contact workflow is durably started. */
export const ReferralAccepted = receipt(false).openapi('ReferralAccepted');
/** 200: a resend of a form already received (same reference or Idempotency-Key); nothing new is started. */
export const ReferralResent = receipt(true).openapi('ReferralResent');
export type ReferralReceipt = z.output<typeof ReferralAccepted> | z.output<typeof ReferralResent>;

export const referralHeaders = z.object({
  'idempotency-key': idempotencyKey(
    "Your system's key for this form: a resend with the same key is the same contact. Needed when the form has no referrer.reference.",
    'marf-2026-000123',
  ),
});

export const outboxQuery = z.object({
  since: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Entries posted at or after this instant (inclusive: skip the ids you have).' }),
});

export const OutboxEntry = z
  .object({
    /** Stable: `{caseId}:v{decisionVersion}`; an amended decision is a new entry. */
    id: z.string(),
    caseId,
    url: z.string(),
    referrerReference: z.string().optional(),
    source: z.enum(contactSourceCodes),
    kind: z.enum(contactKinds),
    /** 0: the contact was closed as a duplicate, with no decision of its own. */
    decisionVersion: z.number().int(),
    /** The decision's outcome; absent for a duplicate. */
    outcome: z.enum(triageOutcomes).optional(),
    /** The contact was found a duplicate of this case (the same children and incident) and closed without a decision: the outcome follows on that case. */
    duplicateOf: caseId.optional(),
    levelOfNeed: z.number().int().optional(),
    leadAgency: z.enum(agencies).optional(),
    decidedAt: at,
    postedAt: at,
  })
  .openapi('OutboxEntry');

export const Outbox = z.object({ agency: z.enum(agencies), items: z.array(OutboxEntry) }).openapi('Outbox');
export type Outbox = z.output<typeof Outbox>;
