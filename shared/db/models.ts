// The records the engine keeps in MongoDB. Notification, contact and referral are
// distinct records, as published procedures require. Every write is an idempotent
// upsert or insert keyed by a deterministic id: FerretDB (the embedded default) has no
// multi-document transactions, and Temporal retries give the durability instead.
// No index but `_id`'s: every query the store makes is an `_id` equality (README.md), and
// an index is declared only beside the store function whose query needs it
// (test/activities/store-indexes.test.ts holds that table).
import mongoose, { Schema, type Connection } from 'mongoose';
import { keyedModels } from './keyed-models.js';
import { sessionModels } from './session-models.js';
import { referralFormModels } from './referral-form-models.js';
import { retentionModels, rightsModels } from './retention-models.js';

// How the store writes and reads one document by `_id` (inserts.ts), where the models are.
export { isDuplicateKey, onlyDuplicates, insertAll, insertOnce, insertAllOnce, insertInOrder, insertEach, readById, readByIds, readEachById } from './inserts.js';

const Mixed = Schema.Types.Mixed;

/** The police notification as received (personal data: read only by roles that need it). */
const notificationSchema = new Schema(
  {
    _id: String, // the case id
    forceCode: { type: String, required: true },
    policeReference: { type: String, required: true },
    sentAt: Date,
    receivedAt: { type: Date, required: true },
    payload: { type: Mixed, required: true },
    resends: [{ _id: false, receivedAt: Date }],
  },
  { collection: 'notifications', versionKey: false, minimize: false },
);

/**
 * A later version of a police notification (a police update), insert-only with `_id`
 * `${caseId}:v${version}` (version 2 on; version 1 is the notification as first received,
 * or, for a contact opened by an update to a closed case, that contact's own version 1).
 * Written by the case's workflow alone, which numbers the versions in the order they came.
 */
const notificationVersionSchema = new Schema(
  {
    _id: String,
    caseId: { type: String, required: true },
    version: { type: Number, required: true },
    forceCode: String,
    policeReference: String,
    sentAt: Date,
    receivedAt: { type: Date, required: true },
    payload: { type: Mixed, required: true },
    /** What changed from the version before (shared/notification-versions.ts). */
    differences: { type: Mixed },
  },
  { collection: 'notification_versions', versionKey: false, minimize: false },
);

/** The contact: the front door's case. `status` is the workflow's projection. */
const contactSchema = new Schema(
  {
    _id: String,
    /** CIN census contact source: 6 for police. */
    source: { type: String, required: true },
    kind: { type: String, required: true }, // 'notification' (information given), not a referral
    forceCode: String,
    policeReference: String,
    incidentType: String,
    postcodeDistrict: String,
    stage: { type: String, required: true },
    rating: String,
    breached: { type: Boolean, default: false },
    statutoryDeadlineMissed: Boolean,
    receivedAt: { type: Date, required: true },
    decisionDueAt: Date,
    meetingDate: String,
    leadAgency: String,
    outcome: String,
    childPersonIds: [String],
    adultPersonIds: [String],
    recontact: Boolean,
    repeatReferral: Boolean,
    /** The children's age bands at receipt (shared/age-bands.ts): what the figures count by. */
    ageBands: [String],
    /**
     * Each child's Annex A details as the contact gave them (shared/annex-a.ts
     * `packAnnexChild`), read by the returns instead of the notification or form. On the
     * contact, not its row: rows outlive an erased case, and hold nothing personal.
     */
    annexChildren: { type: [String], default: undefined },
    /**
     * Each child's name and date of birth as their person record holds them (what a list
     * shows of a child), where intake knew it without a read (people.ts `named`): a list of
     * cases then reads no person record for them. On the contact, so erased with it; left
     * out of a subject access export (a copy of the person records, which the export and the
     * notification as given already hold). A child not here (one a police update added, one
     * found through a later key) is read from `persons`.
     */
    childNames: { type: [{ _id: false, personId: String, givenName: String, familyName: String, dateOfBirth: String }], default: undefined },
    closedAt: Date,
    /** Highest workflow event applied; older projections never overwrite newer ones. */
    projectionSeq: { type: Number, default: 0 },
    status: { type: Mixed },
  },
  { collection: 'contacts', versionKey: false, minimize: false, timestamps: true },
);

/** A child or adult known to the front door, matched across contacts. */
const personSchema = new Schema(
  {
    _id: String,
    kind: { type: String, enum: ['child', 'adult'], required: true },
    /** Normalised name + date of birth, NHS number: what later contacts match on. */
    matchKeys: { type: [String], required: true },
    givenName: String,
    familyName: String,
    dateOfBirth: String,
    nhsNumber: String,
  },
  { collection: 'persons', versionKey: false, timestamps: true },
);

/** Append-only: what happened to a case, who did it, when, and why. */
const timelineSchema = new Schema(
  {
    _id: String, // `${caseId}:${seq}`
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: Mixed },
    reason: String,
    details: { type: Mixed },
  },
  { collection: 'timeline', versionKey: false },
);

/** What a partner agency knows of the child and family. */
const partnerInformationSchema = new Schema(
  {
    _id: String, // `${caseId}:${agency}:${seq}`
    caseId: { type: String, required: true },
    agency: { type: String, required: true },
    submittedBy: { type: Mixed, required: true },
    submittedAt: { type: Date, required: true },
    late: Boolean,
    information: { type: Mixed, required: true },
  },
  { collection: 'partner_information', versionKey: false },
);

/** A contact that became a request for services from children's social care. */
const referralSchema = new Schema(
  {
    _id: String, // the case id: one referral per contact
    caseId: { type: String, required: true },
    source: String,
    outcome: String,
    decisionVersion: Number,
    referredAt: { type: Date, required: true },
    childPersonIds: [String],
    strategyDiscussionDueAt: Date,
    /** `withdrawn` once the decision that made it was superseded. */
    status: { type: String, default: 'active' },
    withdrawnAt: Date,
    withdrawalReason: String,
  },
  { collection: 'referrals', versionKey: false },
);

/** Each delivery of an outcome back to the notifying force. */
const policeFeedbackSchema = new Schema(
  {
    _id: String, // `${caseId}:v${decisionVersion}`
    caseId: { type: String, required: true },
    forceCode: String,
    status: String,
    deliveredAt: Date,
    attempts: Number,
    httpStatus: Number,
  },
  { collection: 'police_feedback', versionKey: false },
);

/**
 * The daily PIT Stop meeting as a record (api/commands/meetings.ts): insert-only
 * documents with deterministic ids, never updated. `${date}:opened` (chair, start),
 * `${date}:closed` (end) and one `${date}:attendee:${key}` per person on the register.
 * Only an insert's unique `_id` is atomic on FerretDB v1, so two panel members adding
 * attendees at the same moment write two documents and neither is lost. The register is
 * read through the meeting's keyed log of attendee ids (`meeting_registers`), by `_id`.
 */
const meetingRecordSchema = new Schema(
  {
    _id: String,
    /** Local date of the meeting, YYYY-MM-DD. */
    date: { type: String, required: true },
    kind: { type: String, enum: ['opened', 'attendee', 'closed'], required: true },
    /** opened: the start; closed: the end; attendee: when added to the register. */
    at: { type: Date, required: true },
    /** opened: the chair; attendee: the person on the register ({ name, agency }). */
    person: { type: Mixed },
    recordedBy: { type: Mixed, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'meeting_records', versionKey: false },
);

/** Data Protection Act log: collection, alteration, consultation, disclosure. */
const auditSchema = new Schema(
  {
    // A string id: generated for entries written once (reads, steps); derived from the
    // business id for entries an activity may write twice (a disclosure on retry).
    _id: { type: String, default: () => new mongoose.Types.ObjectId().toHexString() },
    at: { type: Date, required: true },
    actor: { type: Mixed, required: true },
    action: { type: String, required: true },
    caseId: String,
    resource: String,
    reason: String,
    requestId: String,
    outcome: Number,
    /** A step's entry refers to the timeline entry it made instead of copying what was said. */
    timelineEntry: String,
    /** What a read asked for by name: the case, the user or the child looked up. */
    lookedUp: Mixed,
  },
  { collection: 'audit', versionKey: false },
);

export function createModels(conn: Connection) {
  return {
    ...referralFormModels(conn),
    ...keyedModels(conn),
    ...retentionModels(conn),
    ...rightsModels(conn),
    ...sessionModels(conn),
    Notification: conn.model('Notification', notificationSchema),
    NotificationVersion: conn.model('NotificationVersion', notificationVersionSchema),
    Contact: conn.model('Contact', contactSchema),
    Person: conn.model('Person', personSchema),
    Timeline: conn.model('TimelineEvent', timelineSchema),
    PartnerInformation: conn.model('PartnerInformation', partnerInformationSchema),
    Referral: conn.model('Referral', referralSchema),
    PoliceFeedback: conn.model('PoliceFeedback', policeFeedbackSchema),
    Audit: conn.model('AuditEntry', auditSchema),
    MeetingRecord: conn.model('MeetingRecord', meetingRecordSchema),
  };
}
export type Models = ReturnType<typeof createModels>;
