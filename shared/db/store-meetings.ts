// The store's meeting records and the lists people work from: each meeting's records
// (insert-only, models.ts `meetingRecordSchema`), its agenda (a keyed log), the working
// set of open cases and the rows the case list and the figures count.
import { openRows, rowsReceivedIn, type CaseRow } from './case-rows.js';
import { insertOnce, type Models } from './models.js';
import { agendaCaseIds } from './working-set.js';

export function workStore(models: Models) {
  const { MeetingRecord, OpenCase } = models;
  return {
    /** One record of a meeting by its `_id` (opened, closed, an attendee). */
    readMeetingRecord: <T>(id: string) => MeetingRecord.findById(id).lean<T>().exec() as Promise<T | null>,
    /**
     * Every record of one meeting. The register is found by its date: a filter FerretDB
     * answers by scanning `meeting_records`, a small collection (one meeting a day, a dozen
     * documents each); MongoDB uses the `{ date, kind }` index.
     */
    readMeetingRecords: <T>(date: string) => MeetingRecord.find({ date }).lean<T[]>().exec(),
    /** Inserts a record once; false when it was already there (a repeat, or another's insert). */
    insertMeetingRecord: (doc: object) => insertOnce(MeetingRecord, doc),

    /** The ids of the cases set for a meeting (some may since have moved to another). */
    readAgendaCaseIds: (date: string) => agendaCaseIds(models, date),
    /**
     * The working set whole (`open_cases`: one small document per case that still needs
     * someone, a few thousand however long the history), the fields asked for. One batch:
     * FerretDB answers each further batch (getMore) as a query of its own.
     */
    readOpenCases: <T>(projection: Record<string, 1>) => OpenCase.find({}, projection).batchSize(100_000).lean<T[]>().exec(),
    /** The open cases' rows (case-rows.ts). */
    readOpenRows: () => openRows(models),
    /** The rows of contacts received in [from, to), open and closed (case-rows.ts). */
    readCaseRows: (from: Date, to: Date, open?: CaseRow[]) => rowsReceivedIn(models, from, to, open),
  };
}
