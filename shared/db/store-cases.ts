// The store's reads and writes of a case's records: the contact, its timeline, what
// partners shared, the notification and its versions, the referral form, the referral and
// each delivery of its outcome. Every read is by `_id` (FerretDB v1 answers only an `_id`
// equality from its index); every write is an insert, or an upsert or update by `_id` of a
// document whose one writer is the case's own workflow (README.md in this folder).
import { KeptAWhile } from './kept-a-while.js';
import { readRun } from './keyed-log.js';
import { insertOnce, isDuplicateKey, readById, readEachById, type Models } from './models.js';
import { readPersonNames } from './people.js';
import { lookBackInLog, readNewestContacts, readPersonEntries, readPersonHistory, type LookBackWindow } from './person-history.js';
import { contactRowFields } from './working-set.js';

type Projection = Record<string, 0 | 1>;

/**
 * A document kept as first written (`$setOnInsert`): two writers upserting it at once
 * both find none and both insert, and the one refused by the unique `_id` is told so.
 * What the other wrote stands.
 */
const keptAsFirstWritten = (write: Promise<unknown>): Promise<void> =>
  write.then(
    () => undefined,
    (err) => {
      if (!isDuplicateKey(err)) throw err;
    },
  );

/**
 * The children each case's first record named, by case id, kept by the process once read:
 * its notification's (version 1) and referral form's are inserted once and never changed
 * (a resend is pushed beside the payload), and go only with the case, whose contact goes
 * with them, so no list names it after. Kept at most ten minutes (kept-a-while.ts), so an
 * erased case's children leave the process's memory soon after.
 */
const childrenGivenByModel = new WeakMap<Models['Notification'], KeptAWhile<readonly unknown[]>>();
const CHILDREN_KEPT = 20_000;

async function readChildrenGiven<C>({ Notification, ReferralForm }: Models, cases: readonly { caseId: string; form: boolean }[]): Promise<Map<string, readonly C[]>> {
  let kept = childrenGivenByModel.get(Notification);
  if (!kept) childrenGivenByModel.set(Notification, (kept = new KeptAWhile(CHILDREN_KEPT)));
  const given = new Map<string, readonly C[]>();
  const unread: typeof cases[number][] = [];
  for (const c of cases) {
    const known = kept.get(c.caseId);
    if (known) given.set(c.caseId, known as readonly C[]);
    else unread.push(c);
  }
  const read = await Promise.all(
    unread.map(async ({ caseId, form }) => {
      const [n, f] = await Promise.all([
        readById<{ payload?: { children?: C[] } }>(Notification, caseId, { payload: 1 }),
        form ? readById<{ payload?: { children?: C[] } }>(ReferralForm, caseId, { payload: 1 }) : null,
      ]);
      return n?.payload?.children ?? f?.payload?.children;
    }),
  );
  unread.forEach(({ caseId }, i) => {
    if (!read[i]) return;
    kept!.set(caseId, read[i]!);
    given.set(caseId, read[i]!);
  });
  // In the order asked.
  return new Map(cases.flatMap(({ caseId }) => (given.has(caseId) ? [[caseId, given.get(caseId)!] as const] : [])));
}

export function caseStore(models: Models) {
  const { Contact, Timeline, PartnerInformation, Notification, NotificationVersion, ReferralForm, Referral, PoliceFeedback, Person } = models;

  /** Documents by `_id`, in the order given, leaving out any not found (one `$in` read: a list reads a hundred). */
  const byIds = async <T>(model: Models[keyof Models], ids: readonly string[], projection?: Projection): Promise<T[]> => {
    const found = await readEachById<T & object>(model as Models['Contact'], ids, projection);
    return found.filter((d): d is NonNullable<typeof d> => d !== null) as T[];
  };

  return {
    /** The contact (the case as last projected), or null. */
    readContact: <T>(caseId: string, projection?: Projection) => readById<T>(Contact, caseId, projection),
    /** Contacts by `_id` (only the fields named, when named), in the order given, leaving out any not found. */
    readContacts: <T>(caseIds: readonly string[], projection?: Projection) => byIds<T>(Contact, caseIds, projection),
    contactExists: async (caseId: string) => (await Contact.exists({ _id: caseId })) !== null,

    /**
     * The case's events in order, read by `_id` (`${caseId}:${seq}`, seq from 1) in parallel
     * batches until the sequence ends: FerretDB scans a whole collection for any other filter.
     */
    async readTimeline<T extends { seq: number }>(caseId: string): Promise<T[]> {
      const events = await readRun<T>(Timeline, (n) => `${caseId}:${String(n + 1).padStart(5, '0')}`);
      return events.sort((a, b) => a.seq - b.seq);
    },
    /** Partners' contributions by `_id` (`${caseId}:${agency}:${seq}`), leaving out any not found. */
    readPartnerInformation: <T>(ids: readonly string[]) => byIds<T>(PartnerInformation, ids),

    /** The notification as first received (version 1, unless the case was opened by an update). */
    readNotification: <T>(caseId: string, projection: Projection) => readById<T>(Notification, caseId, projection),
    notificationExists: async (caseId: string) => (await readById(Notification, caseId, { _id: 1 })) !== null,
    /** A later version (`${caseId}:v${n}`), or a recontact's own version 1. */
    readNotificationVersion: <T>(id: string, projection: Projection) => readById<T>(NotificationVersion, id, projection),
    readReferralForm: <T>(caseId: string) => readById<T>(ReferralForm, caseId, { payload: 1 }),
    /** The children each case's notification (or, `form`, its referral form) named, by case id; kept by the process once read (above). */
    readChildrenGiven: <C>(cases: readonly { caseId: string; form: boolean }[]) => readChildrenGiven<C>(models, cases),
    referralFormExists: async (caseId: string) => (await readById(ReferralForm, caseId, { _id: 1 })) !== null,
    readReferral: <T>(caseId: string, projection: Projection) => readById<T>(Referral, caseId, projection),
    readPoliceFeedback: <T>(id: string) => readById<T>(PoliceFeedback, id),

    readPerson: <T>(personId: string, projection: Projection) => readById<T>(Person, personId, projection),
    /** Each person's name and date of birth as their record has them, by id (people.ts: kept by the process once read). */
    readPersonNames: (personIds: readonly string[]) => readPersonNames(Person, personIds),
    /** A child's history log in the order appended (person-history.ts). */
    readChildHistoryEntries: (personId: string) => readPersonEntries(models, personId),
    /** A child's history folded: each case's standing entry (the whole log: for tests and builds, not a request's path). */
    readChildHistory: (personId: string) => readPersonHistory(models, personId),
    /** The newest contacts in a window of a child's history and whether a referral in it stands, read from the log's end only as far as that needs. */
    lookBackInChildHistory: (personId: string, window: LookBackWindow) => lookBackInLog(models, personId, window),
    /** A child's `limit` newest contacts (case id → receipt), read back from the log's end. */
    readNewestChildContacts: (personId: string, limit: number) => readNewestContacts(models, personId, limit),

    // Writes.
    /** The notification as first received; false when a retry finds it there. */
    insertNotification: (doc: object) => insertOnce(Notification, doc),
    insertNotificationVersion: (doc: object) => insertOnce(NotificationVersion, doc),
    /**
     * Once per resend, however often it runs. Read, then written by `_id` alone: a filter of
     * `_id` and the resends matched nothing on a retry, and FerretDB then scanned every
     * notification kept. A case's resends reach its workflow as police updates, taken in
     * order, so one is recorded at a time.
     */
    async recordResend(caseId: string, receivedAt: Date): Promise<void> {
      const n = await readById<{ resends?: { receivedAt: Date }[] }>(Notification, caseId, { resends: 1 });
      if (n?.resends?.some((r) => +r.receivedAt === +receivedAt)) return;
      await Notification.updateOne({ _id: caseId }, { $push: { resends: { receivedAt } } });
    },
    /** The contact as intake records it, kept as first written: a retry changes nothing. */
    async recordContact(caseId: string, contact: object): Promise<void> {
      await keptAsFirstWritten(Contact.updateOne({ _id: caseId }, { $setOnInsert: { ...contact, stage: 'received', projectionSeq: 0 } }, { upsert: true }));
    },
    /**
     * What a projection checks before it writes (the sequence it last applied) and the fields
     * the case's row takes from intake (`contactRowFields`): the driver's own `_id` read, on
     * intake's hot path (no mongoose document made).
     */
    readProjected: (caseId: string) => readById<Record<string, unknown>>(Contact, caseId, { projectionSeq: 1, ...contactRowFields }),
    /** The contact with its first projection; false when it is there already. */
    insertContact: (doc: object) => insertOnce(Contact, doc),
    /** A projection onto the contact (its one writer: the case's workflow, one step at a time). */
    async updateContact(caseId: string, $set: object, $unset: Record<string, 1>): Promise<void> {
      await Contact.updateOne({ _id: caseId }, { $set, ...(Object.keys($unset).length ? { $unset } : {}) });
    },
    /** One event on the timeline, keyed by the workflow's event sequence: a retry inserts nothing. */
    insertTimelineEvent: (doc: object) => insertOnce(Timeline, doc),
    /** What an agency knows, `_id` `${caseId}:${agency}:${seq}`: kept as first written. */
    async recordPartnerInformation(id: string, fields: object): Promise<void> {
      await keptAsFirstWritten(PartnerInformation.updateOne({ _id: id }, { $setOnInsert: fields }, { upsert: true }));
    },
    /** The form as received, kept as first written. */
    async recordReferralForm(caseId: string, fields: object): Promise<void> {
      await keptAsFirstWritten(ReferralForm.updateOne({ _id: caseId }, { $setOnInsert: fields }, { upsert: true }));
    },
    /** The referral made (again) by a decision: the document as it now stands. */
    recordReferral: <T>(caseId: string, update: object) =>
      Referral.findOneAndUpdate({ _id: caseId }, update, { upsert: true, new: true }).lean<T>().exec() as Promise<T | null>,
    /** The referral withdrawn: the document as it now stands, or null when there is none. */
    withdrawReferral: <T>(caseId: string, $set: object) =>
      Referral.findOneAndUpdate({ _id: caseId }, { $set }, { new: true }).lean<T>().exec() as Promise<T | null>,
    /** A delivery of the outcome to the force, `_id` `${caseId}:v${decisionVersion}` (one writer: its activity). */
    async recordPoliceFeedback(id: string, $set: object): Promise<void> {
      await PoliceFeedback.updateOne({ _id: id }, { $set }, { upsert: true });
    },
  };
}
