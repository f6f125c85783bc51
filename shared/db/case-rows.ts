// What the case list and the figures read: one row per contact with the fields they
// filter, sort and count on, so that both stay as fast with years of contacts kept as in
// the first month. FerretDB v1 scans a whole collection for any filter but an `_id`
// equality, so neither reads `contacts`:
// - an open case's row is its document in the working set (`open_cases`, written by its
//   own projection, one writer: working-set.ts);
// - a closed case's row is final (nothing about a case changes once it is closed; a police
//   update to it opens a new contact), so it is appended once, at closure, to the keyed
//   log of the month the contact was received in (`closed_case_rows`, insert-only), and a
//   month's log is gathered into one document (`closed_case_months`) once enough has
//   been appended since: a month is then one `_id` read plus the few slots after it.
// A period's rows are its months' closed rows and the open rows received in it: the work
// grows with the length of the period asked for, never with the years kept before it.
// MongoDB runs the same code (an index on `contacts` would serve it as well, but one path
// is the one tested).
import { readRun, slotId } from './keyed-log.js';
import { appendToLogOnce } from './log-appends.js';
import { isDuplicateKey, readById, type Models } from './models.js';

export interface CaseRow {
  caseId: string;
  receivedAt: Date;
  /** CIN census contact source (6: police). */
  source: string;
  stage: string;
  incidentType?: string;
  postcodeDistrict?: string;
  rating?: string;
  breached?: boolean;
  statutoryDeadlineMissed?: boolean;
  decisionDueAt?: Date;
  leadAgency?: string;
  outcome?: string;
  recontact?: boolean;
  /** A contact about a child with a referral standing from the 12 months before (intake's look-back). */
  repeatReferral?: boolean;
  /** When the decision in force was authorised. */
  decidedAt?: Date;
  closedAt?: Date;
  /** The children's age bands at receipt (shared/age-bands.ts), each once. */
  ageBands?: string[];
  /** One family, each child: each child's outcome in the decision in force (decisions with a decision per child). */
  childOutcomes?: string[];
}

type RowModels = Pick<Models, 'OpenCase' | 'ClosedCaseRow' | 'ClosedCaseMonth'>;

const rowKeys = ['caseId', 'receivedAt', 'source', 'stage', 'incidentType', 'postcodeDistrict', 'rating', 'breached', 'statutoryDeadlineMissed', 'decisionDueAt', 'leadAgency', 'outcome', 'recontact', 'repeatReferral', 'decidedAt', 'closedAt', 'ageBands', 'childOutcomes'] as const;

/** Only a row's own fields, none undefined (a stored document also has its `_id`, key and slot). */
export function rowOf(doc: Partial<Record<(typeof rowKeys)[number], unknown>>): CaseRow {
  return Object.fromEntries(rowKeys.filter((k) => doc[k] !== undefined && doc[k] !== null).map((k) => [k, doc[k]])) as unknown as CaseRow;
}

/** The month a contact was received in, UTC: the key of its closed row's log. */
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

/**
 * The longest period the case list and the figures read: each month costs two `_id`
 * reads even when empty, so a period from the year 1 would read 24,000 months. Ten years
 * is longer than any manager's question, and a longer one is asked in parts.
 */
export const MAX_PERIOD_MONTHS = 120;

/** The months from `from`'s to `to`'s, both included. */
export function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth(); Date.UTC(y, m) <= +to; m === 11 ? (y++, (m = 0)) : m++) {
    months.push(`${y}-${String(m + 1).padStart(2, '0')}`);
  }
  return months;
}

/** The months a period [from, to) touches. */
export const monthsOfPeriod = (from: Date, to: Date): string[] => monthsBetween(from, new Date(+to - 1));

/** Appends a closed case's row to its month's log, once (a retried projection appends nothing). */
export async function appendClosedRow({ ClosedCaseRow }: Pick<Models, 'ClosedCaseRow'>, row: CaseRow): Promise<void> {
  await appendToLogOnce(ClosedCaseRow, monthOf(row.receivedAt), row.caseId, row);
}

/** Slots appended after a month's gathered document before a reader gathers them again. */
export const GATHER_AFTER = 32;
/** Slots read at once after a gathered document's first. */
const TAIL_BATCH = 8;

/**
 * A gathered month's rows as one string, each row a tuple in `rowKeys` order (dates as
 * epoch milliseconds). The database never looks inside it, and FerretDB reads a string
 * at the cost of its bytes where it rebuilds an array of documents element by element:
 * with the rows as documents the case list's first page took 1.5 s at 10k contacts (four
 * months read), with them packed about 0.3 s on the same loaded machine, and one month's
 * document about 11 ms.
 */
export function packRows(rows: readonly CaseRow[]): string {
  return JSON.stringify(rows.map((r) => rowKeys.map((k) => (r[k] instanceof Date ? +r[k] : (r[k] ?? null)))));
}

const dateKeys = new Set<string>(['receivedAt', 'decisionDueAt', 'decidedAt', 'closedAt']);
export function unpackRows(packed: string): CaseRow[] {
  return (JSON.parse(packed) as unknown[][]).map((tuple) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < rowKeys.length; i++) {
      const v = tuple[i];
      if (v !== null && v !== undefined) row[rowKeys[i]] = dateKeys.has(rowKeys[i]) ? new Date(v as number) : v;
    }
    return row as unknown as CaseRow;
  });
}

/**
 * Writes a month's gathered document unless one gathered as far is there. Any reader may
 * gather: each writes a prefix of the same insert-only log, so whichever write lands, it
 * is right, and a reader reads the slots after it.
 */
async function gather({ ClosedCaseMonth }: Pick<Models, 'ClosedCaseMonth'>, month: string, upto: number, rows: CaseRow[]): Promise<void> {
  try {
    await ClosedCaseMonth.replaceOne({ _id: month, upto: { $lt: upto } }, { _id: month, upto, rows: packRows(rows) }, { upsert: true });
  } catch (err) {
    // One gathered as far or further is there already: it stands.
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * Gathered months this process has read, by model (one per database), newest use last:
 * a gathered document is a prefix of an insert-only log, so what it holds never changes,
 * and a reader that keeps it needs only the slots after it. Bounded, so the process's
 * memory does not grow with the years read.
 */
const gatheredByModel = new WeakMap<object, Map<string, { upto: number; rows: CaseRow[] }>>();
const MONTHS_KEPT = 48;
/** Forgets the gathered months this process read (rebuilt: the logs under them may now be in another order). */
export const forgetGathered = (model: object): void => void gatheredByModel.delete(model);

async function gatheredRows(models: Pick<Models, 'ClosedCaseMonth'>, month: string): Promise<{ upto: number; rows: CaseRow[] }> {
  let kept = gatheredByModel.get(models.ClosedCaseMonth);
  if (!kept) gatheredByModel.set(models.ClosedCaseMonth, (kept = new Map()));
  const known = kept.get(month);
  if (known) return remember(kept, month, known);
  const doc = await readById<{ upto: number; rows: string }>(models.ClosedCaseMonth, month);
  // A month not gathered yet is read again next time (its first gathering may come from elsewhere).
  if (!doc) return { upto: 0, rows: [] };
  return remember(kept, month, { upto: doc.upto, rows: unpackRows(doc.rows) });
}

/** Keeps a month's gathered rows as the newest used, forgetting the least recent past `MONTHS_KEPT`. */
function remember(kept: Map<string, { upto: number; rows: CaseRow[] }>, month: string, gathered: { upto: number; rows: CaseRow[] }) {
  kept.delete(month);
  kept.set(month, gathered);
  if (kept.size > MONTHS_KEPT) kept.delete(kept.keys().next().value!);
  return gathered;
}

/** The closed rows of contacts received in one month. */
export async function closedRowsOfMonth(models: Pick<Models, 'ClosedCaseRow' | 'ClosedCaseMonth'>, month: string): Promise<CaseRow[]> {
  const gathered = await gatheredRows(models, month);
  const { upto } = gathered;
  // Most months (all but the last few) have nothing after their gathered rows: one probe.
  const after = await readById<CaseRow>(models.ClosedCaseRow, slotId(month, upto));
  if (!after) return gathered.rows;
  const tail = [after, ...(await readRun<CaseRow>(models.ClosedCaseRow, (n) => slotId(month, n), upto + 1, TAIL_BATCH))].map(rowOf);
  // A retried closure may have appended a row twice: each case once.
  const rows = [...new Map([...gathered.rows, ...tail].map((r) => [r.caseId, r])).values()];
  if (tail.length >= GATHER_AFTER) {
    await gather(models, month, upto + tail.length, rows);
    remember(gatheredByModel.get(models.ClosedCaseMonth)!, month, { upto: upto + tail.length, rows });
  }
  return rows;
}

/** Whole reads of `open_cases` in flight in this process, by model and projection. */
const openReadsInFlight = new WeakMap<Models['OpenCase'], Map<string, Promise<unknown[]>>>();

/**
 * `open_cases` whole (the fields of `projection`, or all), in one batch: FerretDB answers
 * each further batch (getMore) as a query of its own. Readers asking while a read is in
 * flight share it (a queue page asks for every queue at once, the figures page for each
 * week): the documents are as a read started a moment before found them. Not to be changed.
 */
export function readOpenCasesWhole<T>(OpenCase: Models['OpenCase'], projection?: Record<string, 1>): Promise<readonly T[]> {
  let reads = openReadsInFlight.get(OpenCase);
  if (!reads) openReadsInFlight.set(OpenCase, (reads = new Map()));
  const key = JSON.stringify(projection ?? {});
  let read = reads.get(key);
  if (!read) {
    read = OpenCase.find({}, projection).batchSize(100_000).lean<unknown[]>().exec();
    const done = read;
    reads.set(key, done);
    // Registered before any reader awaits it: once settled, the next reader reads again.
    const forget = () => void (reads!.get(key) === done && reads!.delete(key));
    done.then(forget, forget);
  }
  return read as Promise<readonly T[]>;
}

/** The open cases' rows (a few thousand however long the history). */
export async function openRows({ OpenCase }: Pick<Models, 'OpenCase'>): Promise<CaseRow[]> {
  const docs = await readOpenCasesWhole<Record<string, unknown>>(OpenCase);
  return docs.map((d) => rowOf({ ...d, caseId: String(d._id) }));
}

/**
 * The rows of contacts received in [from, to), open and closed, each case once (a closed
 * case whose outcome never reached the force is in both: its closed row is kept).
 */
export async function rowsReceivedIn(models: RowModels, from: Date, to: Date, open?: CaseRow[]): Promise<CaseRow[]> {
  const [openNow, ...months] = await Promise.all([
    open ?? openRows(models),
    ...monthsOfPeriod(from, to).map((m) => closedRowsOfMonth(models, m)),
  ]);
  const inPeriod = (r: CaseRow) => r.receivedAt >= from && r.receivedAt < to;
  return [...new Map([...openNow.filter(inPeriod), ...months.flat().filter(inPeriod)].map((r) => [r.caseId, r])).values()];
}
