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


/**
 * A person's details as corrected by the front door (rectification, UK GDPR art. 16, and
 * a child's ethnicity recorded): a keyed log per person, `${personId}#${n}`, insert-only.
 * The person record and the contacts keep what was first given; what stands is the newest
 * correction of each field (store-rights.ts). Erased with the person.
 */
const personRectificationSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
    field: { type: String, required: true },
    value: { type: Mixed },
    actor: { type: Mixed, required: true },
    reason: { type: String, required: true },
  },
  { collection: 'person_rectifications', versionKey: false },
);

/**
 * A manager's corrections of who is who (`person_links`): a keyed log per person,
 * `${personId}#${n}`, insert-only. `merged`: this person and `other` are one (each side's
 * log has an entry); `split_away`: these contacts were wrongly matched to this person and
 * are `other`'s (a new person); `split_from`: this new person's contacts, moved from `other`.
 * A record, not a read model: the rebuild leaves it; readers apply it (the chronology and
 * the household). Erased with the person.
 */
const personLinkSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
    kind: { type: String, enum: ['merged', 'unmerged', 'split_away', 'split_from'], required: true },
    other: { type: String, required: true },
    cases: { type: [Mixed], default: undefined },
    actor: { type: Mixed, required: true },
    reason: { type: String, required: true },
  },
  { collection: 'person_links', versionKey: false },
);

export function rightsModels(conn: Connection) {
  return {
    PersonRectification: conn.model('PersonRectification', personRectificationSchema),
    PersonLink: conn.model('PersonLink', personLinkSchema),
  };
}
