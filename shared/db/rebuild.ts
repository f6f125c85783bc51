// The rebuild (`npm run rebuild`, infra/rebuild.ts): each read model dropped and derived
// again from the records by the projector (projector.ts), the same derivation its live
// writer uses. Run with the engine stopped, after a change to a read model's shape or to
// repair one. Each read model is dropped before it is written, and its slots are numbered
// in an order the records fix (by time, then `_id`), so a rebuild killed part way and run
// again gives the same documents, and a second rebuild changes nothing.
import { forgetGathered, monthOf, packRows, type CaseRow } from './case-rows.js';
import { forgetLogs, slotId } from './keyed-log.js';
import type { Models } from './models.js';
import { personLogEndHint, personLogSlots, type PersonHistoryEntry } from './person-history.js';
import {
  auditLogEntryOf, auditLogsOf, contactHistoryEntries, outboxLogOf, personKeyDocs, referralHistoryEntries, registerEntryOf, workingSetFields, workingSetOf,
  type AuditLogEntry, type ProjectedFields,
} from './projector.js';
import { dropReadModel, insertsOf, oldestFirst, oldestFirstOrder, slotNumbers } from './rebuild-io.js';
import { annexACaseFromRecords, annexContactFields, type AnnexContact } from './store-annex-a.js';

/** A read model's name (its collection) and the documents the rebuild wrote into it. */
export type RebuildCounts = Record<string, number>;

/** Person matching by `_id`: each person's key documents, people in the order recorded (a key two raced for keeps the first). */
async function rebuildPersonKeys(models: Models): Promise<RebuildCounts> {
  await dropReadModel(models.PersonKey);
  const keys = insertsOf(models.PersonKey);
  for await (const p of oldestFirst<{ _id: string; kind: 'child' | 'adult'; matchKeys: string[] }>(models.Person, 'createdAt', { kind: 1, matchKeys: 1 })) {
    await keys.add(...personKeyDocs(p));
  }
  return { person_keys: await keys.end() };
}

/**
 * Each child's history log, from the contacts and referrals on record, slots numbered
 * from 0 in an order the records fix (when, contact before referral, case id). Each slot
 * sums up the log before it as an append does (person-history.ts `personLogSlots`). What
 * is held is each child's entries (the documents to write), not the records as read.
 */
async function rebuildChildHistories(models: Models): Promise<RebuildCounts> {
  await dropReadModel(models.PersonHistoryEntry);
  const byPerson = new Map<string, PersonHistoryEntry[]>();
  const add = ([personId, e]: [string, PersonHistoryEntry]) => {
    const entries = byPerson.get(personId);
    if (entries) entries.push(e);
    else byPerson.set(personId, [e]);
  };
  for await (const c of models.Contact.find({}, { _id: 1, receivedAt: 1, incidentType: 1, childPersonIds: 1, adultPersonIds: 1 }).lean().cursor()) {
    contactHistoryEntries(String(c._id), c).forEach(add);
  }
  for await (const r of models.Referral.find({}, { _id: 1, referredAt: 1, childPersonIds: 1, status: 1 }).lean().cursor()) {
    referralHistoryEntries({ ...r, caseId: String(r._id) }).forEach(add);
  }
  const order = (a: PersonHistoryEntry, b: PersonHistoryEntry) => +a.at - +b.at || a.kind.localeCompare(b.kind) || a.caseId.localeCompare(b.caseId);
  const logged = insertsOf(models.PersonHistoryEntry);
  const hints: object[] = [];
  for (const [personId, entries] of byPerson) {
    await logged.add(...personLogSlots(personId, entries.sort(order)));
    hints.push(...personLogEndHint(personId, entries.length));
  }
  // The end hints are bare documents (`_id`, `end`), as keyed-log.ts keeps them: not the slots' schema.
  if (hints.length) await models.PersonHistoryEntry.collection.insertMany(hints as never[], { ordered: false });
  return { person_history_entries: await logged.end() };
}

/**
 * Each case's, each user's and the whole trail's audit log, from the entries on record,
 * each log's slots numbered oldest first (then by `_id`). Two scans and no sorted find (a
 * council keeps millions of entries, too many to read one by one): the first reads when
 * and whose each entry is and numbers the slots, the second copies each entry into them.
 * What is held is an `_id`, a time and a slot in each of three logs per entry.
 */
async function rebuildAuditLogs(models: Models): Promise<RebuildCounts> {
  await dropReadModel(models.AuditLogEntry);
  const ids: string[] = [];
  const times: number[] = [];
  const logsOf: number[][] = []; // each entry's logs, as indexes into `keys`
  const keyIndex = new Map<string, number>();
  const logOf = (key: string) => keyIndex.get(key) ?? (keyIndex.set(key, keyIndex.size), keyIndex.size - 1);
  for await (const e of models.Audit.find({}, { _id: 1, at: 1, caseId: 1, 'actor.id': 1, action: 1, outcome: 1 }).lean().cursor()) {
    ids.push(String(e._id));
    times.push(+e.at);
    const entry = { entryId: String(e._id), caseId: e.caseId ?? undefined, actor: e.actor, action: e.action, outcome: e.outcome ?? undefined };
    logsOf.push(auditLogsOf(entry as AuditLogEntry).keys.map(logOf));
  }
  const keys = [...keyIndex.keys()];
  keyIndex.clear();
  const next = new Uint32Array(keys.length);
  const slots: number[][] = new Array(ids.length);
  for (const i of oldestFirstOrder(ids, times)) slots[i] = logsOf[i].map((log) => next[log]++);
  const logged = insertsOf(models.AuditLogEntry);
  // The second scan comes in the first's order when nothing was stored between them; an
  // entry out of place is found by its `_id`.
  let positions: Map<string, number> | undefined;
  let expected = 0;
  for await (const record of models.Audit.find({}).lean().cursor()) {
    const entry = auditLogEntryOf(record as never);
    const i = ids[expected] === entry.entryId ? expected : (positions ??= new Map(ids.map((id, k) => [id, k]))).get(entry.entryId);
    if (i === undefined) continue;
    expected = i + 1;
    const { once } = auditLogsOf(entry);
    for (const [j, log] of logsOf[i].entries()) {
      const key = keys[log];
      await logged.add({ _id: slotId(key, slots[i][j]), key, n: slots[i][j], ...entry });
      if (once) await logged.add({ _id: `${key}@${entry.entryId}`, key });
    }
  }
  return { audit_logs: await logged.end() };
}

/** Each agency's outbox log, numbered oldest first (by when posted, then `_id`). */
async function rebuildOutboxLogs(models: Models): Promise<RebuildCounts> {
  await dropReadModel(models.OutboxLogEntry);
  const slotOf = slotNumbers();
  const logged = insertsOf(models.OutboxLogEntry);
  for await (const e of oldestFirst<{ _id: string; agency: string } & Record<string, unknown>>(models.OutboxEntry, 'postedAt')) {
    const { key, entryId, fields } = outboxLogOf(e);
    const n = slotOf(key);
    await logged.add({ _id: slotId(key, n), key, n, ...fields }, { _id: `${key}@${entryId}`, key });
  }
  return { outbox_logs: await logged.end() };
}

/** Each meeting's register log, attendees in the order recorded (then by `_id`). */
async function rebuildMeetingRegisters(models: Models): Promise<RebuildCounts> {
  await dropReadModel(models.MeetingRegisterEntry);
  const slotOf = slotNumbers();
  const logged = insertsOf(models.MeetingRegisterEntry);
  for await (const record of oldestFirst<{ _id: string; date: string; kind: string }>(models.MeetingRecord, 'recordedAt', { date: 1, kind: 1 })) {
    const entry = registerEntryOf(record);
    if (!entry) continue;
    const n = slotOf(entry.key);
    await logged.add({ _id: slotId(entry.key, n), key: entry.key, n, ...entry.fields }, { _id: `${entry.key}@${entry.entryId}`, key: entry.key });
  }
  return { meeting_registers: await logged.end() };
}

/**
 * From one scan of the contacts, oldest first (by receipt, then `_id`): the working set
 * (an open document per case that still needs someone), each meeting's agenda log
 * (cases in the order received) and each month's closed rows (in the order closed, then
 * by case id), each month then gathered into its `closed_case_months` document, as a
 * reader gathers it (case-rows.ts).
 */
async function rebuildWorkingSet(models: Models): Promise<RebuildCounts> {
  await Promise.all([models.OpenCase, models.AgendaEntry, models.ClosedCaseRow, models.ClosedCaseMonth].map(dropReadModel));
  const open = insertsOf(models.OpenCase);
  const agenda = insertsOf(models.AgendaEntry);
  const rows = insertsOf(models.ClosedCaseRow);
  const months = insertsOf(models.ClosedCaseMonth);
  const agendaSlot = slotNumbers();
  let month = '';
  let closed: { row: CaseRow; closedAt: number }[] = [];
  // Contacts come in the order received, so a month's contacts come together.
  const flushMonth = async () => {
    closed.sort((a, b) => a.closedAt - b.closedAt || (a.row.caseId < b.row.caseId ? -1 : 1));
    for (const [n, { row }] of closed.entries()) await rows.add({ _id: slotId(month, n), key: month, n, ...row }, { _id: `${month}@${row.caseId}`, key: month });
    if (closed.length) await months.add({ _id: month, upto: closed.length, rows: packRows(closed.map((c) => c.row)) });
    closed = [];
  };
  type Contact = ProjectedFields & { _id: string; receivedAt: Date; closedAt?: Date };
  for await (const c of oldestFirst<Contact>(models.Contact, 'receivedAt', workingSetFields)) {
    const caseId = String(c._id);
    const derived = workingSetOf(caseId, c, c);
    if (derived.open) await open.add(derived.open);
    for (const date of derived.agendaDates) {
      const n = agendaSlot(date);
      await agenda.add({ _id: slotId(date, n), key: date, n, caseId }, { _id: `${date}@${caseId}`, key: date });
    }
    if (derived.closedRow) {
      if (monthOf(derived.closedRow.receivedAt) !== month) {
        await flushMonth();
        month = monthOf(derived.closedRow.receivedAt);
      }
      closed.push({ row: derived.closedRow, closedAt: +(c.closedAt ?? c.receivedAt) });
    }
  }
  await flushMonth();
  const [o, a, r, m] = await Promise.all([open.end(), agenda.end(), rows.end(), months.end()]);
  return { open_cases: o, agenda_entries: a, closed_case_rows: r, closed_case_months: m };
}

/**
 * Annex A's documents (store-annex-a.ts), after the children's histories they count from:
 * each closed case's, derived as at closure (32 at a time), and each month's log of the
 * people corrected who have a contact received in it (months in order, people by id).
 */
async function rebuildAnnexA(models: Models): Promise<RebuildCounts> {
  // The months' gathered copies and their logs of erasures go: readers gather afresh (store-annex-a.ts).
  await Promise.all([models.AnnexACase, models.AnnexACorrection, models.AnnexAMonth, models.AnnexAErased].map(dropReadModel));
  const corrected = new Set<string>();
  for await (const r of models.PersonRectification.find({}, { key: 1 }).lean().cursor()) corrected.add(String(r.key));
  const noted = new Map<string, Set<string>>();
  for await (const c of models.Contact.find({}, { _id: 1, receivedAt: 1, childPersonIds: 1, adultPersonIds: 1 }).lean().cursor()) {
    for (const [personId] of contactHistoryEntries(String(c._id), c)) {
      if (corrected.has(personId)) noted.set(monthOf(c.receivedAt), (noted.get(monthOf(c.receivedAt)) ?? new Set()).add(personId));
    }
  }
  const notes = insertsOf(models.AnnexACorrection);
  for (const month of [...noted.keys()].sort()) {
    for (const [n, personId] of [...noted.get(month)!].sort().entries()) await notes.add({ _id: slotId(month, n), key: month, n, personId }, { _id: `${month}@${personId}`, key: month });
  }
  const cases = insertsOf(models.AnnexACase);
  const window: Promise<Awaited<ReturnType<typeof annexACaseFromRecords>>>[] = [];
  const flush = async () => {
    for (const d of await Promise.all(window.splice(0))) if (d) await cases.add(d.doc);
  };
  type Contact = ProjectedFields & AnnexContact;
  for await (const c of oldestFirst<Contact>(models.Contact, 'receivedAt', { ...workingSetFields, ...annexContactFields })) {
    const closedRow = workingSetOf(String(c._id), c, c).closedRow;
    if (!closedRow) continue;
    window.push(annexACaseFromRecords(models, { ...c, _id: String(c._id) }, c.status, closedRow.outcome));
    if (window.length >= 32) await flush();
  }
  await flush();
  const [k, m] = await Promise.all([cases.end(), notes.end()]);
  return { annex_a_cases: k, annex_a_corrections: m };
}

/** Every read model, each from its records. */
export const readModelBuilds = {
  personKeys: rebuildPersonKeys,
  childHistories: rebuildChildHistories,
  auditLogs: rebuildAuditLogs,
  outboxLogs: rebuildOutboxLogs,
  meetingRegisters: rebuildMeetingRegisters,
  workingSet: rebuildWorkingSet,
  annexA: rebuildAnnexA,
};

/**
 * Drops every read model and derives it again from the records (one after another: on
 * FerretDB each is a scan of its records), telling `progress` each one's counts.
 */
export async function rebuildReadModels(models: Models, progress: (counts: RebuildCounts) => void = () => {}): Promise<RebuildCounts> {
  const all: RebuildCounts = {};
  for (const build of Object.values(readModelBuilds)) {
    const counts = await build(models);
    progress(counts);
    Object.assign(all, counts);
  }
  // What this process knew of the logs it appended to holds no longer.
  for (const m of [models.PersonHistoryEntry, models.AuditLogEntry, models.OutboxLogEntry, models.MeetingRegisterEntry, models.AgendaEntry, models.ClosedCaseRow, models.AnnexACorrection, models.AnnexAErased]) forgetLogs(m);
  forgetGathered(models.ClosedCaseMonth);
  return all;
}
