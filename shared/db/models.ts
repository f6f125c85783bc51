// The records the engine keeps in MongoDB. Notification, contact and referral are
// distinct records, as published procedures require. Every write is an idempotent
// upsert or insert keyed by a deterministic id: FerretDB (the embedded default) has no
// multi-document transactions, and Temporal retries give the durability instead.
import mongoose, { Schema, type Connection } from 'mongoose';

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
notificationSchema.index({ forceCode: 1, policeReference: 1 }, { unique: true });

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
    closedAt: Date,
    /** Highest workflow event applied; older projections never overwrite newer ones. */
    projectionSeq: { type: Number, default: 0 },
    status: { type: Mixed },
  },
  { collection: 'contacts', versionKey: false, minimize: false, timestamps: true },
);
contactSchema.index({ stage: 1, decisionDueAt: 1 });
contactSchema.index({ meetingDate: 1, stage: 1 });
contactSchema.index({ childPersonIds: 1, receivedAt: -1 });
contactSchema.index({ breached: 1, stage: 1 });
contactSchema.index({ incidentType: 1, receivedAt: -1 });
contactSchema.index({ postcodeDistrict: 1, receivedAt: -1 });
contactSchema.index({ leadAgency: 1, stage: 1 });
contactSchema.index({ receivedAt: -1 });

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
personSchema.index({ matchKeys: 1 });

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
  },
  { collection: 'person_history_entries', versionKey: false },
);

/** Markers of one-off data changes (backfills) already done. */
const metaSchema = new Schema({ _id: String, doneAt: Date }, { collection: 'meta', versionKey: false });

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
timelineSchema.index({ caseId: 1, seq: 1 });

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
partnerInformationSchema.index({ caseId: 1, agency: 1 });

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
referralSchema.index({ childPersonIds: 1, referredAt: -1 });

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
  },
  { collection: 'audit', versionKey: false },
);
auditSchema.index({ caseId: 1, at: -1 });
auditSchema.index({ 'actor.id': 1, at: -1 });
auditSchema.index({ at: -1 });

/**
 * The audit trail as keyed logs read by `_id` (keyed-log.ts): each entry copied into its
 * case's log, `case:${caseId}#${n}`, and its user's, `user:${actorId}#${n}`, newest last.
 * `entryId` is the entry's `_id` in `audit`. A `${key}@${entryId}` document (no `n`) marks
 * an entry an activity may log twice as logged.
 */
const auditLogSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true },
    n: Number,
    entryId: String,
    at: Date,
    actor: { type: Mixed },
    action: String,
    caseId: String,
    resource: String,
    reason: String,
    requestId: String,
    outcome: Number,
  },
  { collection: 'audit_logs', versionKey: false },
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
    /** The parts of the case's state the queues filter on. */
    status: { type: Mixed },
  },
  { collection: 'open_cases', versionKey: false, minimize: false },
);
openCaseSchema.index({ stage: 1, decisionDueAt: 1 });

/**
 * Each meeting's agenda as a keyed log of case ids, `${date}#${n}` (a `${date}@${caseId}`
 * document marks a case as on it): insert-only, so the many cases set for one meeting
 * append without losing each other. A case moved to another meeting is read and left out.
 */
const agendaEntrySchema = new Schema(
  { _id: String, key: { type: String, required: true }, n: Number, caseId: String },
  { collection: 'agenda_entries', versionKey: false },
);

/** MongoDB's duplicate key error: an insert raced by its own retry or by another intake. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

export function createModels(conn: Connection) {
  return {
    Notification: conn.model('Notification', notificationSchema),
    Contact: conn.model('Contact', contactSchema),
    Person: conn.model('Person', personSchema),
    Timeline: conn.model('TimelineEvent', timelineSchema),
    PartnerInformation: conn.model('PartnerInformation', partnerInformationSchema),
    Referral: conn.model('Referral', referralSchema),
    PoliceFeedback: conn.model('PoliceFeedback', policeFeedbackSchema),
    Audit: conn.model('AuditEntry', auditSchema),
    PersonKey: conn.model('PersonKey', personKeySchema),
    PersonHistoryEntry: conn.model('PersonHistoryEntry', personHistoryEntrySchema),
    Meta: conn.model('Meta', metaSchema),
    AuditLogEntry: conn.model('AuditLogEntry', auditLogSchema),
    OpenCase: conn.model('OpenCase', openCaseSchema),
    AgendaEntry: conn.model('AgendaEntry', agendaEntrySchema),
  };
}
export type Models = ReturnType<typeof createModels>;
