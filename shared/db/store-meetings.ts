// The store's meeting records and the lists people work from: each meeting's records
// (insert-only, models.ts `meetingRecordSchema`), its agenda (a keyed log), the working
// set of open cases and the rows the case list and the figures count.
import { openRows, readOpenCasesWhole, rowsReceivedIn, type CaseRow } from './case-rows.js';
import { readLogAgain } from './keyed-log.js';
import { appendToLogOnce } from './log-appends.js';
import { insertOnce, readById, type Models } from './models.js';
import { registerEntryOf } from './projector.js';
import { auditStore, type AuditEntryInput } from './store-audit.js';
import { agendaCaseIds } from './working-set.js';

/** The deterministic ids of a meeting's records (models.ts `meetingRecordSchema`). */
export const meetingRecordIds = {
  opened: (date: string) => `${date}:opened`,
  closed: (date: string) => `${date}:closed`,
  attendee: (date: string, key: string) => `${date}:attendee:${key}`,
};

/** The audit entry of the step that made a meeting's record: keyed by the record. */
export const meetingAuditId = (recordId: string) => `meeting:${recordId}`;

export function workStore(models: Models) {
  const { MeetingRecord, MeetingRegisterEntry, OpenCase } = models;
  const audits = auditStore(models);
  const readMeetingRecord = <T>(id: string) => readById<T>(MeetingRecord, id);
  return {
    /** One record of a meeting by its `_id` (opened, closed, an attendee). */
    readMeetingRecord,
    /**
     * Every record of one meeting, by `_id`: its opening and closing, and each attendee named
     * by the meeting's register log (the same person added twice at once is read once).
     */
    async readMeetingRecords<T>(date: string): Promise<T[]> {
      const [opened, closed, register] = await Promise.all([
        readMeetingRecord<T>(meetingRecordIds.opened(date)),
        readMeetingRecord<T>(meetingRecordIds.closed(date)),
        // Read again and again while the meeting runs (each case's page): only what was added since.
        readLogAgain<{ entryId: string }>(MeetingRegisterEntry, date),
      ]);
      const attendees = await Promise.all([...new Set(register.map((e) => e.entryId))].map((id) => readMeetingRecord<T>(id)));
      return [opened, closed, ...attendees].filter((d): d is NonNullable<typeof d> => d !== null) as T[];
    },
    /**
     * Inserts a record once; false when it was already there (a repeat, or another's
     * insert). An attendee is put on the meeting's register log once (a repeat after a
     * failure in between logs it then). `audit`: the step's audit entry, written with the
     * record it made, keyed by it (`meeting:{recordId}`): once however often the step is
     * sent, and a repeat after a failure in between writes it then. A record just inserted
     * can have no entry yet, so nothing is read first.
     */
    async insertMeetingRecord<D extends { _id: string; date: string; kind: string }>(doc: D, audit?: AuditEntryInput): Promise<boolean> {
      const inserted = await insertOnce(MeetingRecord, doc);
      const logged = registerEntryOf(doc);
      if (logged) await appendToLogOnce(MeetingRegisterEntry, logged.key, logged.entryId, logged.fields);
      if (audit) await audits.appendAuditOnce(meetingAuditId(doc._id), audit, inserted);
      return inserted;
    },

    /** The ids of the cases set for a meeting (some may since have moved to another). */
    readAgendaCaseIds: (date: string) => agendaCaseIds(models, date),
    /**
     * The working set whole (`open_cases`: one small document per case that still needs
     * someone, a few thousand however long the history), the fields asked for. One batch:
     * FerretDB answers each further batch (getMore) as a query of its own.
     */
    readOpenCases: async <T>(projection: Record<string, 1>): Promise<T[]> => [...(await readOpenCasesWhole<T>(OpenCase, projection))],
    /** The open cases' rows (case-rows.ts). */
    readOpenRows: () => openRows(models),
    /** The rows of contacts received in [from, to), open and closed (case-rows.ts). */
    readCaseRows: (from: Date, to: Date, open?: CaseRow[]) => rowsReceivedIn(models, from, to, open),
  };
}
