// The records the engine keeps in MongoDB. Notification, contact and referral are
// distinct records, as published procedures require. Every write is an idempotent
// upsert or insert keyed by a deterministic id: FerretDB (the embedded default) has no
// multi-document transactions, and Temporal retries give the durability instead.
// No index but `_id`'s: every query the store makes is an `_id` equality (README.md), and
// an index is declared only beside the store function whose query needs it
// (test/activities/store-indexes.test.ts holds that table).
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { keyedModels } from './keyed-models.js';
import { sessionModels } from './session-models.js';
import { referralFormModels } from './referral-form-models.js';
import { retentionModels, rightsModels } from './retention-models.js';
import { Together } from './together.js';

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

/** MongoDB's duplicate key error: an insert raced by its own retry or by another intake. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** A bulk write whose every failure is a duplicate key (as the driver or mongoose reports each). */
export function onlyDuplicates(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const duplicate = (e: unknown) => isDuplicateKey(e) || isDuplicateKey((e as { err?: unknown }).err);
  return writeErrors ? ([] as unknown[]).concat(writeErrors).every(duplicate) : isDuplicateKey(err);
}

/**
 * Inserts in bulk, unordered. A document whose `_id` is taken already is left as it is:
 * the same record, stored first by another process building at once, by a run cut short,
 * or by a racing intake.
 */
export async function insertAll(model: { insertMany(docs: object[], opts: object): Promise<unknown> }, docs: object[]): Promise<void> {
  try {
    if (docs.length) await model.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!onlyDuplicates(err)) throw err;
  }
}

// The hot path's reads and inserts, by `_id`. An insert is cast, stripped to the schema,
// defaulted, timestamped and validated as `Model.create` does it (the way mongoose's own
// insertMany does), but sent without a mongoose document's save machinery (middleware,
// version key, change tracking), and a read is the driver's own: at intake those took
// about a quarter of a millisecond of worker CPU per document, a larger part of the
// worker's time per notification than anything else it does. No schema here has save
// middleware or a version key, and an insert without an `_id` is refused, not given one.

/** Each model's inserts by `insertOnce` done together (together.ts): true written, false there already, or the document's own error. */
const insertsTogether = new WeakMap<Model<any>, Together<Record<string, unknown>, boolean | Error>>();

/**
 * Inserts the document unless its `_id` is taken: true when this call wrote it, false when
 * it was there already (a retry's own earlier write, or another writer's). The one way
 * the engine writes a record exactly once: the unique `_id` is the only atomic write
 * FerretDB has. Inserts into one collection asked for while one is under way in this
 * process go together in the next write (unordered: each document succeeds or is found
 * taken on its own), as the server writes one transaction at a time.
 */
export async function insertOnce(model: Model<any>, fields: object): Promise<boolean> {
  return (await insertAllOnce(model, [fields]))[0];
}

/** Documents each inserted unless its `_id` is taken, in one write (as `insertOnce`, with other inserts into the collection): whether this call wrote each. */
export async function insertAllOnce(model: Model<any>, docs: readonly object[]): Promise<boolean[]> {
  if (docs.length === 0) return [];
  let together = insertsTogether.get(model);
  if (!together) insertsTogether.set(model, (together = new Together((_, batch) => insertDocs(model, batch))));
  const outcomes = await together.addAll('', docs.map((fields) => castForInsert(model, fields)));
  const failed = outcomes.find((o): o is Error => o instanceof Error);
  if (failed) throw failed;
  return outcomes as boolean[];
}

/** The documents in one write: per document, written (true), there already (false) or its error. */
async function insertDocs(model: Model<any>, docs: Record<string, unknown>[]): Promise<(boolean | Error)[]> {
  try {
    if (docs.length === 1) await model.collection.insertOne(docs[0]);
    else await model.collection.insertMany(docs, { ordered: false });
    return docs.map(() => true);
  } catch (err) {
    if (docs.length === 1) {
      if (isDuplicateKey(err)) return [false];
      throw err;
    }
    const failed = ([] as { index?: number; code?: number; errmsg?: string }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? []);
    // A write that failed as a whole (no per-document errors): every caller fails with it.
    if (failed.length === 0 || failed.some((e) => e.index === undefined)) throw err;
    const outcomes: (boolean | Error)[] = docs.map(() => true);
    for (const e of failed) outcomes[e.index!] = isDuplicateKey(e) ? false : Object.assign(new Error(e.errmsg ?? 'insert failed'), { code: e.code });
    return outcomes;
  }
}

/**
 * Inserts the documents in order, in one write, up to the first whose `_id` is taken:
 * how many it wrote (the documents before that one). For slots of a keyed log, claimed in
 * order: a slot taken by another writer stops the batch, and nothing after it is written.
 */
export async function insertInOrder(model: Model<any>, docs: readonly object[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    await model.collection.insertMany(docs.map((fields) => castForInsert(model, fields)), { ordered: true });
    return docs.length;
  } catch (err) {
    const first = ([] as { index?: number }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? [])[0];
    if (!isDuplicateKey(err) || first?.index === undefined) throw err;
    return first.index;
  }
}

/**
 * Inserts the documents in one unordered write: the positions of those whose `_id` was
 * taken already (the others are written).
 */
export async function insertEach(model: Model<any>, docs: readonly object[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await model.collection.insertMany(docs.map((fields) => castForInsert(model, fields)), { ordered: false });
    return new Set();
  } catch (err) {
    const failed = ([] as { index?: number }[]).concat((err as { writeErrors?: { index?: number }[] }).writeErrors ?? []);
    if (!onlyDuplicates(err) || failed.some((e) => e.index === undefined)) throw err;
    return new Set(failed.map((e) => e.index!));
  }
}

/** A document as `Model.create` would store it (cast, stripped, defaulted, timestamped, validated); it must have its `_id`. */
function castForInsert(model: Model<any>, fields: object): Record<string, unknown> {
  const doc = new model(fields);
  // Written once by its own `_id`: a missing one would be a new document on every retry.
  if (doc.get('_id') == null) throw new Error(`insertOnce into ${model.collection.collectionName} needs an _id`);
  const invalid = doc.validateSync();
  if (invalid) throw invalid;
  if (model.schema.options.timestamps) doc.initializeTimestamps();
  return doc.toObject({ transform: false, virtuals: false, getters: false, depopulate: true, flattenDecimals: false });
}

/** The document with this `_id` as stored (what `findById(id).lean()` gives), or null. */
export async function readById<T>(model: Model<any>, id: string, projection?: Record<string, 0 | 1>): Promise<T | null> {
  return (await model.collection.findOne({ _id: id as never }, projection ? { projection } : {})) as T | null;
}

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
