// The records of contacts from anyone but the police: the referral form as received (a
// contact, not yet a referral: a contact becomes a referral only when the front door decides
// so, see `referrals`), and the outbox where a partner agency finds its referrals' outcomes.
// Both are insert-only with deterministic ids: FerretDB has no atomic read-modify-write.
import { Schema, type Connection } from 'mongoose';

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

/** An outcome for a referrer's agency to read: one entry per authorised decision version. */
const outboxEntrySchema = new Schema(
  {
    _id: String, // `${caseId}:v${decisionVersion}`
    agency: { type: String, required: true },
    caseId: { type: String, required: true },
    decisionVersion: { type: Number, required: true },
    source: String,
    kind: String,
    referrerReference: String,
    outcome: { type: String, required: true },
    levelOfNeed: Number,
    leadAgency: String,
    decidedAt: { type: Date, required: true },
    postedAt: { type: Date, required: true },
  },
  { collection: 'referrer_outbox', versionKey: false },
);
outboxEntrySchema.index({ agency: 1, postedAt: -1 });

export function referralFormModels(conn: Connection) {
  return {
    ReferralForm: conn.model('ReferralForm', referralFormSchema),
    OutboxEntry: conn.model('OutboxEntry', outboxEntrySchema),
  };
}
