// The records of contacts from anyone but the police: the referral form as received (a
// contact, not yet a referral: a contact becomes a referral only when the front door decides
// so, see `referrals`), and the outbox where a partner agency finds its referrals' outcomes.
// Both are insert-only with deterministic ids: FerretDB has no atomic read-modify-write;
// the outbox is read through each agency's keyed log.
import { Schema, type Connection } from 'mongoose';
import { copySlotFields } from './keyed-models.js';

const Mixed = Schema.Types.Mixed;

/** A multi-agency referral form or a call taken down, as received (personal data). */
const referralFormSchema = new Schema(
  {
    _id: String, // the case id
    source: { type: String, required: true },
    kind: { type: String, required: true },
    /** The partner agency the referrer acts for; absent for the public and anonymous contacts. */
    referrerAgency: String,
    receivedAt: { type: Date, required: true },
    submittedBy: { type: Mixed, required: true },
    payload: { type: Mixed, required: true },
  },
  { collection: 'referral_forms', versionKey: false, minimize: false },
);

/** An outcome for a referrer's agency to read: one entry per authorised decision version, or the duplicate it was found (version 0). */
const outboxEntrySchema = new Schema(
  {
    _id: String, // `${caseId}:v${decisionVersion}`
    agency: { type: String, required: true },
    caseId: { type: String, required: true },
    decisionVersion: { type: Number, required: true },
    source: String,
    kind: String,
    referrerReference: String,
    outcome: String,
    levelOfNeed: Number,
    leadAgency: String,
    duplicateOf: String,
    decidedAt: { type: Date, required: true },
    postedAt: { type: Date, required: true },
  },
  { collection: 'referrer_outbox', versionKey: false },
);

/**
 * Each agency's outbox as a keyed log of copies of its entries (`copySlotFields`),
 * `${agency}#${n}` in the order posted. Insert-only: the agency's outbox read by `_id`
 * (store-outbox.ts), never by filtering every entry kept.
 */
const outboxLogSchema = new Schema(
  {
    ...copySlotFields,
    agency: String,
    caseId: String,
    decisionVersion: Number,
    source: String,
    kind: String,
    referrerReference: String,
    outcome: String,
    levelOfNeed: Number,
    leadAgency: String,
    duplicateOf: String,
    decidedAt: Date,
    postedAt: Date,
  },
  { collection: 'outbox_logs', versionKey: false },
);

export function referralFormModels(conn: Connection) {
  return {
    ReferralForm: conn.model('ReferralForm', referralFormSchema),
    OutboxEntry: conn.model('OutboxEntry', outboxEntrySchema),
    OutboxLogEntry: conn.model('OutboxLogEntry', outboxLogSchema),
  };
}
