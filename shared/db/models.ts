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
 * One person's history at the front door, keyed by person id: their contacts (case id →
 * received) and the referrals those became (case id → referred, withdrawn). What intake
 * reads to flag a re-contact or a repeat referral, by `_id`, whatever the size of the
 * contacts collection. Maps keyed by case id, so each write is an idempotent `$set`.
 */
const personHistorySchema = new Schema(
  {
    _id: String, // the person id
    contacts: { type: Mixed, default: {} },
    referrals: { type: Mixed, default: {} },
  },
  { collection: 'person_histories', versionKey: false, minimize: false },
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
    PersonHistory: conn.model('PersonHistory', personHistorySchema),
    Meta: conn.model('Meta', metaSchema),
  };
}
export type Models = ReturnType<typeof createModels>;

// ---- Keyed documents built from the records kept before they existed ---------------
// Runs at start-up before anyone reads or writes; each write is an idempotent upsert, so
// a start interrupted half way simply runs again.

const MARKER = 'keyed-histories-v1';

/** Writes `docs` in bulk batches: upserting `$set`s keyed by `_id`. */
async function upsertAll(model: { bulkWrite(ops: object[], opts: object): Promise<unknown> }, docs: { _id: string; set: Record<string, unknown> }[]) {
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    try {
      await model.bulkWrite(
        batch.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $set: d.set }, upsert: true } })),
        { ordered: false },
      );
    } catch (err) {
      // Another process building at the same moment inserted some first; theirs are the same.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

async function buildKeyedHistories(models: Models): Promise<void> {
  if (await models.Meta.exists({ _id: MARKER })) return;
  const { Person, Contact, Referral, PersonKey, PersonHistory, Meta } = models;

  const persons = await Person.find({}, { _id: 1, kind: 1, matchKeys: 1 }).lean();
  await upsertAll(
    PersonKey,
    persons.flatMap((p) => p.matchKeys.map((key) => ({ _id: `${p.kind}|${key}`, set: { personId: p._id } }))),
  );

  const contacts = await Contact.find({}, { _id: 1, receivedAt: 1, childPersonIds: 1 }).lean();
  const referrals = await Referral.find({}, { _id: 1, referredAt: 1, childPersonIds: 1, status: 1 }).lean();
  const history = new Map<string, Record<string, unknown>>();
  const add = (personId: string, field: string, value: unknown) => history.set(personId, { ...history.get(personId), [field]: value });
  for (const c of contacts) for (const id of c.childPersonIds ?? []) add(id, `contacts.${c._id}`, c.receivedAt);
  for (const r of referrals) {
    for (const id of r.childPersonIds ?? []) add(id, `referrals.${r._id}`, { referredAt: r.referredAt, withdrawn: r.status === 'withdrawn' });
  }
  await upsertAll(PersonHistory, [...history].map(([_id, set]) => ({ _id, set })));

  try {
    await Meta.updateOne({ _id: MARKER }, { $set: { doneAt: new Date() } }, { upsert: true });
  } catch (err) {
    // The worker and the API start together and both build: the other one marked it first.
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Connects and makes sure every index exists before anyone reads or writes. */
export async function connectDatabase(uri: string): Promise<{ conn: Connection; models: Models }> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: false });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  await buildKeyedHistories(models);
  return { conn, models };
}
