// Connecting to MongoDB, and the keyed documents built from the records kept before they
// existed. The builds run at start-up before anyone reads or writes; each is idempotent,
// so a start interrupted half way simply runs again, and the worker and the API starting
// together may both run one.
import mongoose, { type Connection, type ConnectOptions, type Model } from 'mongoose';
import { createModels, insertAll, isDuplicateKey, onlyDuplicates, readById, type Models } from './models.js';
import { caseLogKey, userLogKey, wholeLogKey, type AuditLogEntry } from './audit-log.js';
import { slotId } from './keyed-log.js';
import { personLogSlots, type PersonHistoryEntry } from './person-history.js';
import { monthOf, packRows, type CaseRow } from './case-rows.js';
import { caseRowOf, contactRowFields, needsSomeone, openCaseOf, type ProjectedFields } from './working-set.js';

/**
 * A build's inserts, a thousand at a time, one batch being written while the build goes
 * on reading and making the next (FerretDB writes on one core, reads on another).
 */
function insertsOf(model: { insertMany(docs: object[], opts: object): Promise<unknown> }) {
  let batch: object[] = [];
  let writing: Promise<void> = Promise.resolve();
  const send = async () => {
    await writing;
    const docs = batch;
    batch = [];
    writing = insertAll(model, docs);
    writing.catch(() => {}); // failing while nothing waits on it: thrown to the next add or to end
  };
  return {
    /** Adds documents; waits only when a full batch must wait for the one being written. */
    async add(...docs: object[]): Promise<void> {
      batch.push(...docs);
      if (batch.length >= 1000) await send();
    },
    /** Writes what is left and waits for every write. */
    async end(): Promise<void> {
      await send();
      await writing;
    },
  };
}

/**
 * Runs `build` once per database: a marker in `meta` for each part records that it is
 * done. Parts built from one scan share a call, and `build` is told which are still to do.
 */
async function once(models: Models, markers: readonly string[], build: (pending: ReadonlySet<string>) => Promise<void>): Promise<void> {
  const done = await Promise.all(markers.map((m) => models.Meta.exists({ _id: m })));
  const pending = new Set(markers.filter((_, i) => done[i] === null));
  if (pending.size === 0) return;
  await build(pending);
  for (const marker of pending) {
    try {
      await models.Meta.updateOne({ _id: marker }, { $set: { doneAt: new Date() } }, { upsert: true });
    } catch (err) {
      // The worker and the API start together and both build: the other one marked it first.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

/**
 * Person matching by `_id`: one `person_keys` document per match key, inserted (an insert
 * is one write on FerretDB, an upsert a read and a write); a key another process built
 * first is the same.
 */
async function buildPersonKeys(models: Models): Promise<void> {
  // Streamed, a thousand keys at a time: a council's people run to millions.
  const keys = insertsOf(models.PersonKey);
  for await (const p of models.Person.find({}, { _id: 1, kind: 1, matchKeys: 1 }).lean().cursor()) {
    await keys.add(...p.matchKeys.map((key) => ({ _id: `${p.kind}|${key}`, personId: String(p._id) })));
  }
  await keys.end();
}

/**
 * Each child's history log, from the contacts and referrals on record (the records are
 * the truth; an earlier per-person map document, `person_histories`, is no longer read).
 * The slots are numbered here from 0, in an order fixed by the records (when, contact
 * before referral, case id), so the worker and the API building at once write the same
 * documents and nothing twice; a live append after the build takes the next slot.
 */
async function buildPersonHistories(models: Models): Promise<void> {
  // Streamed: what is held is each child's entries (the documents to write), not the records as read.
  const byPerson = new Map<string, PersonHistoryEntry[]>();
  const add = (personId: string, e: PersonHistoryEntry) => {
    const entries = byPerson.get(personId);
    if (entries) entries.push(e);
    else byPerson.set(personId, [e]);
  };
  for await (const c of models.Contact.find({}, { _id: 1, receivedAt: 1, childPersonIds: 1 }).lean().cursor()) {
    for (const id of c.childPersonIds ?? []) add(id, { kind: 'contact', caseId: String(c._id), at: c.receivedAt });
  }
  for await (const r of models.Referral.find({}, { _id: 1, referredAt: 1, childPersonIds: 1, status: 1 }).lean().cursor()) {
    for (const id of r.childPersonIds ?? []) add(id, { kind: 'referral', caseId: String(r._id), at: r.referredAt, withdrawn: r.status === 'withdrawn' });
  }
  const order = (a: PersonHistoryEntry, b: PersonHistoryEntry) => +a.at - +b.at || a.kind.localeCompare(b.kind) || a.caseId.localeCompare(b.caseId);
  const logged = insertsOf(models.PersonHistoryEntry);
  for (const [personId, entries] of byPerson) await logged.add(...personLogSlots(personId, entries.sort(order)));
  await logged.end();
}

/** Positions of records, oldest first (by time, then by `_id`): the order the builds number slots in. */
const oldestFirstOrder = (ids: readonly string[], times: readonly number[]): Uint32Array =>
  Uint32Array.from(ids.keys()).sort((a, b) => times[a] - times[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));

/**
 * A collection's documents oldest first (by `field`, then `_id`). Not a sorted find:
 * FerretDB sorts in memory holding every whole document it sorts (4.3 GB for 100k
 * contacts, 1.5 GB for 400k audit entries: a council's years of records would not fit).
 * So one scan of `field` alone finds the order, and each document is then read by `_id`,
 * a window of them at a time. What is held is an `_id` and a time per document; a one-off build.
 */
async function* oldestFirst<T>(model: Model<any>, field: string, projection?: Record<string, number>): AsyncGenerator<T> {
  const ids: string[] = [];
  const times: number[] = [];
  for await (const d of model.find({}, { _id: 1, [field]: 1 }).lean().cursor()) {
    ids.push(String(d._id));
    times.push(+(d as Record<string, unknown>)[field]!);
  }
  const order = oldestFirstOrder(ids, times);
  const inFlight: Promise<T | null>[] = [];
  for (let next = 0; next < order.length || inFlight.length; ) {
    while (inFlight.length < 32 && next < order.length) {
      const read = readById<T>(model, ids[order[next++]], projection as Record<string, 1>);
      read.catch(() => {}); // rejected while an earlier read is awaited: thrown when its turn comes
      inFlight.push(read);
    }
    const doc = await inFlight.shift()!;
    if (doc) yield doc;
  }
}

/** An entry in `audit`, as the audit-log build reads it. */
type AuditRecord = Omit<AuditLogEntry, 'entryId'> & { _id: string };

/**
 * Each case's and each user's audit log (`byCaseAndUser`, `audit-logs-v1`) and the whole
 * trail's (`whole`, `audit-log-whole-v1`), from the entries on record. Each log's slots are
 * numbered from 0 oldest first (then by `_id`), so the worker and the API building at once
 * write the same documents (the second's inserts are duplicates, ignored) and nothing twice.
 * Two scans and no sorted find (see oldestFirst; a council keeps millions of entries, too
 * many to read one by one): the first reads when and whose each entry is and numbers the
 * slots, the second copies each entry into its slots. What is held is an `_id`, a time and
 * two log numbers per entry; a one-off build.
 */
async function buildAuditLogs(models: Models, parts: { byCaseAndUser: boolean; whole: boolean }): Promise<void> {
  const ids: string[] = [];
  const times: number[] = [];
  const caseLog: number[] = []; // index into `keys`, or -1: an entry about no case
  const userLog: number[] = [];
  const keyIndex = new Map<string, number>();
  const logOf = (key: string) => keyIndex.get(key) ?? (keyIndex.set(key, keyIndex.size), keyIndex.size - 1);
  for await (const e of models.Audit.find({}, { _id: 1, at: 1, caseId: 1, 'actor.id': 1 }).lean().cursor()) {
    ids.push(String(e._id));
    times.push(+e.at);
    caseLog.push(e.caseId ? logOf(caseLogKey(e.caseId)) : -1);
    userLog.push(logOf(userLogKey(String((e.actor as { id?: string } | undefined)?.id))));
  }
  const keys = [...keyIndex.keys()];
  keyIndex.clear();
  const order = oldestFirstOrder(ids, times);
  const next = new Uint32Array(keys.length);
  const caseSlot = new Int32Array(ids.length);
  const userSlot = new Int32Array(ids.length);
  const wholeSlot = new Int32Array(ids.length);
  order.forEach((i, rank) => {
    if (caseLog[i] >= 0) caseSlot[i] = next[caseLog[i]]++;
    userSlot[i] = next[userLog[i]]++;
    wholeSlot[i] = rank;
  });
  const logged = insertsOf(models.AuditLogEntry);
  // The second scan comes in the first's order when nothing was stored between them; an
  // entry out of place is found by its `_id`, and one stored since was logged by its writer.
  let positions: Map<string, number> | undefined;
  let expected = 0;
  for await (const e of models.Audit.find({}).lean().cursor() as AsyncIterable<AuditRecord>) {
    const entryId = String(e._id);
    const i = ids[expected] === entryId ? expected : (positions ??= new Map(ids.map((id, k) => [id, k]))).get(entryId);
    if (i === undefined) continue;
    expected = i + 1;
    const entry = { entryId, at: e.at, actor: e.actor, action: e.action, caseId: e.caseId, resource: e.resource, reason: e.reason, requestId: e.requestId, outcome: e.outcome };
    const slots: [string, number][] = [];
    if (parts.byCaseAndUser && caseLog[i] >= 0) slots.push([keys[caseLog[i]], caseSlot[i]]);
    if (parts.byCaseAndUser) slots.push([keys[userLog[i]], userSlot[i]]);
    if (parts.whole) slots.push([wholeLogKey, wholeSlot[i]]);
    for (const [key, n] of slots) {
      await logged.add({ _id: slotId(key, n), key, n, ...entry });
      // An entry an activity may record again (a disclosure, recordDisclosure's id) is marked as logged.
      if (entryId.startsWith('disclosure:')) await logged.add({ _id: `${key}@${entryId}`, key, entryId });
    }
  }
  await logged.end();
}

const projectedFields = {
  ...contactRowFields,
  projectionSeq: 1, stage: 1, rating: 1, breached: 1, statutoryDeadlineMissed: 1, recontact: 1, decisionDueAt: 1, meetingDate: 1, leadAgency: 1, outcome: 1, status: 1,
};

/**
 * From one scan of the contacts on record, oldest first:
 * - the working set: an open document per case that still needs someone, with its row
 *   (made again whenever either part is built: replaced, so an older shape goes);
 * - `agendas` (`working-set-v1`): each meeting's agenda log, slots numbered here from 0
 *   as for the audit logs, so two processes building at once write the same;
 * - `rows` (`case-rows-v1`): each month's closed rows (case-rows.ts) gathered into its
 *   document as if from an empty log (`upto` 0: closures from now on append from slot 0).
 */
async function buildFromContacts(models: Models, parts: { agendas: boolean; rows: boolean }): Promise<void> {
  const next = new Map<string, number>();
  const open: { replaceOne: object }[] = [];
  const agenda = insertsOf(models.AgendaEntry);
  let month = '';
  let closed: CaseRow[] = [];
  // FerretDB v1 holds an SQLite connection for each statement of an update command until
  // the command ends, and has a hundred: an update of a hundred statements or more waits
  // for itself for ever. So fifty at a time.
  // Two processes building at once upsert the same documents: the loser of a race for an
  // `_id` is answered with a duplicate key, and what the winner wrote is the same.
  const flushOpen = async () => {
    for (let i = 0; i < open.length; i += 50) await models.OpenCase.bulkWrite(open.slice(i, i + 50) as never[], { ordered: false }).catch((err) => {
      if (!onlyDuplicates(err)) throw err;
    });
  };
  const flushMonth = async () => {
    if (closed.length) await insertAll(models.ClosedCaseMonth, [{ _id: month, upto: 0, rows: packRows(closed) }]);
    closed = [];
  };
  for await (const c of oldestFirst<ProjectedFields & Record<keyof typeof contactRowFields, unknown> & { _id: string }>(models.Contact, 'receivedAt', projectedFields)) {
    const caseId = String(c._id);
    const f: ProjectedFields = c;
    const row = caseRowOf(caseId, c, f);
    if (needsSomeone(f)) open.push({ replaceOne: { filter: { _id: caseId }, replacement: openCaseOf(caseId, f, row), upsert: true } });
    if (parts.agendas && f.meetingDate) {
      const n = next.get(f.meetingDate) ?? 0;
      next.set(f.meetingDate, n + 1);
      await agenda.add({ _id: slotId(f.meetingDate, n), key: f.meetingDate, n, caseId }, { _id: `${f.meetingDate}@${caseId}`, key: f.meetingDate });
    }
    if (parts.rows && f.stage === 'closed') {
      if (monthOf(row.receivedAt) !== month) {
        await flushMonth();
        month = monthOf(row.receivedAt);
      }
      closed.push(row);
    }
  }
  // The open documents after the cursor is done (a few thousand), as updates.
  await Promise.all([flushOpen(), agenda.end(), flushMonth()]);
}

/**
 * Each agency's outbox log (store-outbox.ts), from the entries on record, numbered oldest
 * first (by when posted, then `_id`) so two processes building at once write the same.
 */
async function buildOutboxLogs(models: Models): Promise<void> {
  const next = new Map<string, number>();
  const logged = insertsOf(models.OutboxLogEntry);
  for await (const e of oldestFirst<{ _id: string; agency: string } & Record<string, unknown>>(models.OutboxEntry, 'postedAt')) {
    const { _id: entryId, agency, ...fields } = e;
    const n = next.get(agency) ?? 0;
    next.set(agency, n + 1);
    await logged.add({ _id: slotId(agency, n), key: agency, n, entryId, agency, ...fields }, { _id: `${agency}@${entryId}`, key: agency });
  }
  await logged.end();
}

/** Each meeting's register log (store-meetings.ts), attendees in the order recorded (then by `_id`). */
async function buildMeetingRegisters(models: Models): Promise<void> {
  const next = new Map<string, number>();
  const logged = insertsOf(models.MeetingRegisterEntry);
  for await (const a of oldestFirst<{ _id: string; date: string; kind: string }>(models.MeetingRecord, 'recordedAt', { date: 1, kind: 1 })) {
    if (a.kind !== 'attendee') continue;
    const n = next.get(a.date) ?? 0;
    next.set(a.date, n + 1);
    await logged.add({ _id: slotId(a.date, n), key: a.date, n, entryId: a._id }, { _id: `${a.date}@${a._id}`, key: a.date });
  }
  await logged.end();
}

/** Connects and makes sure every index and keyed document exists before anyone reads or writes. */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<{ conn: Connection; models: Models }> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: false, ...options });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  await once(models, ['keyed-histories-v1'], () => buildPersonKeys(models));
  await once(models, ['person-history-log-v1'], () => buildPersonHistories(models));
  await once(models, ['audit-logs-v1', 'audit-log-whole-v1'], (pending) =>
    buildAuditLogs(models, { byCaseAndUser: pending.has('audit-logs-v1'), whole: pending.has('audit-log-whole-v1') }),
  );
  await once(models, ['outbox-logs-v1'], () => buildOutboxLogs(models));
  await once(models, ['meeting-registers-v1'], () => buildMeetingRegisters(models));
  await once(models, ['working-set-v1', 'case-rows-v1'], (pending) =>
    buildFromContacts(models, { agendas: pending.has('working-set-v1'), rows: pending.has('case-rows-v1') }),
  );
  return { conn, models };
}
