// The retention collections (store-retention.ts): legal holds and the record of each case erased.
import { Schema, type Connection } from 'mongoose';

const Mixed = Schema.Types.Mixed;

/**
 * A legal hold on a case or a person, `_id` `case:${caseId}` or `person:${personId}`:
 * while it stands, nothing it covers is erased. Insert-only; released by deleting it.
 */
const legalHoldSchema = new Schema(
  { _id: String, placedAt: { type: Date, required: true }, placedBy: { type: Mixed, required: true }, reason: { type: String, required: true } },
  { collection: 'legal_holds', versionKey: false },
);

/** Each case erased, `_id` the case id (nothing personal): insert-only, so a run again skips it. */
const erasureSchema = new Schema(
  { _id: String, kind: String, expiredAt: Date, erasedAt: { type: Date, required: true }, documents: Number, people: Number },
  { collection: 'erasures', versionKey: false },
);

export function retentionModels(conn: Connection) {
  return { LegalHold: conn.model('LegalHold', legalHoldSchema), Erasure: conn.model('Erasure', erasureSchema) };
}

