// What Ofsted's Annex A lists (List 1, contacts; List 3, referrals) read of a month, kept
// beside the records so that a month's list is its rows plus one `_id` read a case, not
// some fifteen (the contact, each child's history log and corrections, the referral).
// Both hold personal data: erased with their case or person (store-retention.ts).
import { Schema, type Connection } from 'mongoose';

/**
 * A closed case as Annex A lists it (projector.ts `annexACaseOf`), `_id` the case id:
 * inserted once at closure (nothing the lists use changes once a case is closed), so
 * insert-only. Its children as the contact gave them (packed, shared/annex-a.ts), and for
 * a referral its date, whether it was withdrawn, the team and worker allocated, the
 * decision's factors and each child's count of referrals in the 12 months up to it.
 * The front door's later corrections of a child are not copied here: a month's list finds
 * them through `annex_a_corrections`.
 */
const annexACaseSchema = new Schema(
  {
    _id: String,
    month: { type: String, required: true },
    children: { type: [String], default: undefined },
    referredAt: Date,
    withdrawn: Boolean,
    team: String,
    worker: String,
    factors: String,
    referralsInYear: { type: [Number], default: undefined },
  },
  { collection: 'annex_a_cases', versionKey: false },
);

/**
 * The children corrected (rectification) who have a contact received in a month, as a
 * keyed log per month, `${yyyy-mm}#${n}` (a `${yyyy-mm}@${personId}` document marks each
 * as noted): insert-only, noted when the correction is recorded (each month of the
 * child's contacts) and when a case of a child with corrections closes. A slot of an
 * erased child is overwritten with `erased` (the log stays gap-free).
 */
const annexACorrectionSchema = new Schema(
  { _id: String, key: { type: String, required: true }, n: Number, personId: String, erased: Boolean },
  { collection: 'annex_a_corrections', versionKey: false },
);

/**
 * A month's Annex A documents gathered by readers, `_id` `${yyyy-mm}~${erasures}` (the
 * length of the month's `annex_a_erased` log when gathered): any set of the month's
 * documents, packed in one string (each is final, so any set a reader gathered is right).
 * Erasing a case makes a new length, so a gathered copy holding it is read no more; the
 * eraser deletes the copy of the length before, and a reader that gathered under a length
 * overtaken deletes its own (store-annex-a.ts).
 */
const annexAMonthSchema = new Schema(
  { _id: String, count: { type: Number, required: true }, cases: { type: String, required: true } },
  { collection: 'annex_a_months', versionKey: false },
);

/** The cases erased of a month (case ids only, as `erasures` keeps them): a keyed log per month, `${yyyy-mm}#${n}`, insert-only (each marked once, `${yyyy-mm}@${caseId}`, with its slot `n`). */
const annexAErasedSchema = new Schema(
  { _id: String, key: { type: String, required: true }, n: Number, caseId: String },
  { collection: 'annex_a_erased', versionKey: false },
);

/** A closed case as Annex A's lists read it (`annex_a_cases`). */
export interface AnnexACase {
  _id: string;
  month: string;
  /** Each child as the contact gave them, packed (shared/annex-a.ts `packAnnexChild`). */
  children: string[];
  referredAt?: Date;
  withdrawn?: boolean;
  team?: string;
  worker?: string;
  factors?: string;
  /** Each child's referrals (not withdrawn) in the 12 months up to this one, this one included; in the order of `children`. */
  referralsInYear?: number[];
}

export function annexAModels(conn: Connection) {
  return {
    AnnexACase: conn.model('AnnexACase', annexACaseSchema),
    AnnexACorrection: conn.model('AnnexACorrection', annexACorrectionSchema),
    AnnexAMonth: conn.model('AnnexAMonth', annexAMonthSchema),
    AnnexAErased: conn.model('AnnexAErased', annexAErasedSchema),
  };
}
