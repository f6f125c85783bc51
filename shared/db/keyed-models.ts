// Keyed documents for the reads a person waits for. FerretDB v1 on SQLite answers only an
// `_id` equality from an index and scans the whole collection for any other filter, so the
// hot reads are `_id` reads of documents kept beside the records: person keys, each
// person's history, the audit trail by case and by user, the working set of open cases,
// and each meeting's agenda. Each is insert-only, or written by one writer at a time
// (FerretDB updates without a lock); each is derived from the records by the projector
// (projector.ts), live and in a rebuild (rebuild.ts).
import { Schema, type Connection } from 'mongoose';
import { annexAModels } from './annex-a-models.js';

const Mixed = Schema.Types.Mixed;

/**
 * Person matching by key, as `_id` reads: FerretDB v1 on SQLite hands only an `_id`
 * equality to SQLite and scans the whole collection for any other filter, so the hot
 * reads of intake are keyed documents. `_id` is `kind|matchKey`.
 */
const personKeySchema = new Schema(
  { _id: String, personId: { type: String, required: true } },
  { collection: 'person_keys', versionKey: false },
);

/**
 * One entry of a person's history at the front door (a contact about them, a referral it
 * became, or that referral's withdrawal), `_id` `${personId}#${n}` with `n` from 0 and no
 * gaps: an append-only log read by `_id` (see person-history.ts for why not one document).
 */
const personHistoryEntrySchema = new Schema(
  {
    _id: String,
    personId: { type: String, required: true },
    n: { type: Number, required: true },
    kind: { type: String, enum: ['contact', 'referral'], required: true },
    caseId: { type: String, required: true },
    at: { type: Date, required: true },
    withdrawn: Boolean,
    /** A contact's incident type (absent on entries written before it was kept). */
    incidentType: String,
    /** The log summed up to this slot (person-history.ts): its latest `at`, the nearest referral's slot before it, its newest contacts. */
    latest: Date,
    referralBefore: Number,
    newest: { type: [{ _id: false, caseId: String, at: Date, incidentType: String }], default: undefined },
  },
  { collection: 'person_history_entries', versionKey: false },
);

/**
 * A slot of a keyed log holding a copy of a record (keyed-log.ts): `${key}#${n}`, `entryId`
 * the record's `_id`; a `${key}@${entryId}` document (no `n`) marks a record a retried
 * writer may log twice as logged.
 */
export const copySlotFields = { _id: String, key: { type: String, required: true }, n: Number, entryId: String };

/**
 * The audit trail as keyed logs read by `_id` (keyed-log.ts): each entry copied into its
 * case's log, `case:${caseId}#${n}`, its user's, `user:${actorId}#${n}`, and the whole
 * trail's, `all#${n}`, newest last. `entryId` is the entry's `_id` in `audit`.
 */
const auditLogSchema = new Schema(
  {
    ...copySlotFields,
    at: Date,
    actor: { type: Mixed },
    action: String,
    caseId: String,
    resource: String,
    reason: String,
    requestId: String,
    outcome: Number,
    timelineEntry: String,
    lookedUp: { type: Mixed },
  },
  { collection: 'audit_logs', versionKey: false },
);

/**
 * The audit trail's hash chain (audit-chain.ts), a record of its own (no rebuild touches
 * it): `link#n` (n from 0, no gaps), the `n`th entry sealed, with the hash of the link
 * before and of the entry; and a marker `sealed:{entryId}` per entry sealed. Insert-only.
 */
const auditChainSchema = new Schema(
  {
    _id: String,
    n: Number,
    entryId: String,
    /** The slot of the whole trail's log it was sealed from (where the next run reads on). */
    slot: Number,
    prev: String,
    hash: String,
    sealedAt: Date,
    /** A marker's link. */
    link: Number,
  },
  { collection: 'audit_chain', versionKey: false },
);

/**
 * The working set: one small document per case that still needs someone (not closed, or
 * its outcome never reached the force), `_id` the case id, written only by that case's
 * projection and deleted when it closes. Agenda, queues and information requests filter
 * these few thousand instead of every contact ever kept.
 */
const openCaseSchema = new Schema(
  {
    _id: String,
    projectionSeq: { type: Number, required: true },
    stage: String,
    rating: String,
    breached: Boolean,
    decisionDueAt: Date,
    meetingDate: String,
    leadAgency: String,
    outcome: String,
    /** What the case list and the figures filter and count on (case-rows.ts). */
    receivedAt: Date,
    source: String,
    incidentType: String,
    postcodeDistrict: String,
    recontact: Boolean,
    statutoryDeadlineMissed: Boolean,
    repeatReferral: Boolean,
    decidedAt: Date,
    closedAt: Date,
    ageBands: [String],
    childOutcomes: { type: [String], default: undefined },
    /** The parts of the case's state the queues filter on (working-set.ts `openCaseOf`). */
    policeFeedbackStatus: String,
    partnerRequests: [String],
    strategyDiscussionHeld: Boolean,
    /** s47 enquiry: when the initial child protection conference is due (ISO text; the conferences-due queue's order). */
    conferenceDueAt: String,
    /** Every lead agency holding the case when a decision has more than one (each child's lead). */
    leadAgencies: { type: [String], default: undefined },
  },
  { collection: 'open_cases', versionKey: false, minimize: false },
);

/**
 * Each meeting's agenda as a keyed log of case ids, `${date}#${n}` (a `${date}@${caseId}`
 * document marks a case as on it): insert-only, so the many cases set for one meeting
 * append without losing each other. A case moved to another meeting is read and left out.
 */
const agendaEntrySchema = new Schema(
  { _id: String, key: { type: String, required: true }, n: Number, caseId: String },
  { collection: 'agenda_entries', versionKey: false },
);

/**
 * A closed case's row (case-rows.ts): the fields the case list and the figures read,
 * appended once at closure to the keyed log of the month it was received in,
 * `${yyyy-mm}#${n}` (a `${yyyy-mm}@${caseId}` document marks it as appended). Insert-only.
 */
const closedCaseRowSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true },
    n: Number,
    caseId: String,
    receivedAt: Date,
    source: String,
    stage: String,
    incidentType: String,
    postcodeDistrict: String,
    rating: String,
    breached: Boolean,
    statutoryDeadlineMissed: Boolean,
    decisionDueAt: Date,
    leadAgency: String,
    outcome: String,
    recontact: Boolean,
    repeatReferral: Boolean,
    decidedAt: Date,
    closedAt: Date,
    ageBands: [String],
    childOutcomes: { type: [String], default: undefined },
  },
  { collection: 'closed_case_rows', versionKey: false },
);

/**
 * A month's closed rows gathered into one document, `_id` `yyyy-mm`: the rows of that
 * month's log up to slot `upto`, packed in one string (case-rows.ts `packRows`) (a prefix of an insert-only log, so a copy written by any
 * reader is right, and a reader reads the slots after `upto` itself).
 */
const closedCaseMonthSchema = new Schema(
  { _id: String, upto: { type: Number, required: true }, rows: { type: String, required: true } },
  { collection: 'closed_case_months', versionKey: false, minimize: false },
);

/**
 * Each meeting's register as a keyed log, `${date}#${n}`, of its attendee records' ids
 * (`entryId`: `${date}:attendee:${key}` in `meeting_records`): insert-only, so panel members
 * adding attendees at once each land, and the register is read by `_id`.
 */
const meetingRegisterSchema = new Schema({ ...copySlotFields }, { collection: 'meeting_registers', versionKey: false });

/**
 * The rate limiter's counts per window, one slot per API replica (rate-limit.ts): claimed
 * by insert, then written by that replica alone.
 */
const rateLimitCountSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true },
    n: Number,
    /** The replica that claimed the slot (a random id per process): its one writer. */
    owner: { type: String, required: true },
    /** `{ k: key, n: hits }`: a key (a client address) may hold dots, which a field name may not. */
    counts: { type: [{ _id: false, k: String, n: Number }], default: [] },
    at: Date,
  },
  { collection: 'rate_limit_counts', versionKey: false },
);

export function keyedModels(conn: Connection) {
  return {
    PersonKey: conn.model('PersonKey', personKeySchema),
    PersonHistoryEntry: conn.model('PersonHistoryEntry', personHistoryEntrySchema),
    AuditLogEntry: conn.model('AuditLogEntry', auditLogSchema),
    AuditChain: conn.model('AuditChainLink', auditChainSchema),
    OpenCase: conn.model('OpenCase', openCaseSchema),
    AgendaEntry: conn.model('AgendaEntry', agendaEntrySchema),
    ClosedCaseRow: conn.model('ClosedCaseRow', closedCaseRowSchema),
    ClosedCaseMonth: conn.model('ClosedCaseMonth', closedCaseMonthSchema),
    MeetingRegisterEntry: conn.model('MeetingRegisterEntry', meetingRegisterSchema),
    RateLimitCount: conn.model('RateLimitCount', rateLimitCountSchema),
    ...annexAModels(conn),
  };
}
