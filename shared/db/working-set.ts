// The working set and the meetings' agendas: what the lists people work from read, so
// that they stay as fast with a million closed contacts kept as with a thousand.
// FerretDB v1 scans a whole collection for any filter but an `_id` equality, so the
// queues filter `open_cases` (one small document per case that still needs someone, a
// few thousand) and an agenda reads its meeting's keyed log of case ids by `_id`. Both are
// written by the case's own projection (recordCaseEvent), one activity at a time per
// case, so each open document has one writer; the agenda logs, which many cases append
// to, are insert-only. The contact stays the truth: readers read each case found by
// `_id` and check it, so a document a moment behind its contact shows nothing wrong.
import type { CaseStatus } from '../case/state.js';
import { appendClosedRow, rowOf, type CaseRow } from './case-rows.js';
import { appendToLogOnce, readLog } from './keyed-log.js';
import { insertOnce, readById, type Models } from './models.js';

/** What the projection writes onto the contact (activities/projection.ts). */
export interface ProjectedFields {
  projectionSeq: number;
  stage: string;
  rating?: string;
  breached?: boolean;
  decisionDueAt?: Date;
  meetingDate?: string;
  leadAgency?: string;
  outcome?: string;
  statutoryDeadlineMissed?: boolean;
  recontact?: boolean;
  status?: Partial<CaseStatus>;
}

type Sets = Pick<Models, 'OpenCase' | 'AgendaEntry' | 'ClosedCaseRow'>;

/** The fields of a case's row its contact holds from intake (the incident type as updates left it). */
export const contactRowFields = { receivedAt: 1, source: 1, incidentType: 1, postcodeDistrict: 1 } as const;

/** A case's row (case-rows.ts): what its contact holds from intake, and what this projection says. */
export function caseRowOf(caseId: string, contact: Partial<Record<keyof typeof contactRowFields, unknown>>, f: ProjectedFields): CaseRow {
  const { stage, rating, breached, statutoryDeadlineMissed, decisionDueAt, leadAgency, outcome, recontact } = f;
  return rowOf({ ...contact, caseId, stage, rating, breached, statutoryDeadlineMissed: statutoryDeadlineMissed ?? false, decisionDueAt, leadAgency, outcome, recontact });
}

/** Not closed, or closed with its outcome never taken by the force's system (a queue of its own). */
export const needsSomeone = (f: Pick<ProjectedFields, 'stage' | 'status'>): boolean =>
  f.stage !== 'closed' || f.status?.policeFeedback?.status === 'failed';

/**
 * The open document of a case: the fields the queues filter and sort on and its row for
 * the case list and the figures, nothing personal. Flat, scalars and an array of strings
 * only: FerretDB rebuilds a nested document field by field, and the working set is read
 * whole by every list, so nesting the state's parts made each read three times slower.
 * `partnerRequests` holds `agency:status` of each information request.
 */
export function openCaseOf(caseId: string, f: ProjectedFields, row: CaseRow): Record<string, unknown> {
  const s = f.status;
  const { caseId: _, ...rowFields } = row;
  const doc = {
    _id: caseId,
    ...rowFields,
    projectionSeq: f.projectionSeq,
    meetingDate: f.meetingDate,
    policeFeedbackStatus: s?.policeFeedback?.status,
    partnerRequests: (s?.partnerInformation ?? []).map((r) => `${r.agency}:${r.status}`),
    strategyDiscussionHeld: s?.strategyDiscussion ? true : undefined,
  };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

/**
 * After a projection of the case onto its contact: its open document replaced (or
 * removed once nobody needs it), a closed case's row kept for good (before its open
 * document goes, so the case is never in neither), and the case put on its meeting's
 * agenda. An older projection retried late never replaces a newer one. `contact`: the
 * contact's fields a row takes from intake (`contactRowFields`), as the projection has
 * them.
 *
 * The open document is read by `_id` and written by `_id`: FerretDB scans the whole
 * collection for a filter of `_id` and more that matches nothing (each new case's first
 * write). Safe, as the document has one writer, the case's own projections, one at a time.
 * `firstProjection`: written with the contact this moment inserted, so nothing of the
 * case is in the working set yet and nothing is read first (two reads fewer at intake).
 */
export async function recordInWorkingSet(
  models: Sets,
  caseId: string,
  f: ProjectedFields,
  contact: Partial<Record<keyof typeof contactRowFields, unknown>>,
  firstProjection = false,
): Promise<void> {
  const { OpenCase, AgendaEntry } = models;
  if (f.meetingDate) await appendToLogOnce(AgendaEntry, f.meetingDate, caseId, { caseId }, firstProjection);
  const row = caseRowOf(caseId, contact, f);
  if (f.stage === 'closed') await appendClosedRow(models, row);
  const open = firstProjection ? null : await readById<{ projectionSeq: number }>(OpenCase, caseId, { projectionSeq: 1 });
  if (open && open.projectionSeq >= f.projectionSeq) return;
  if (!needsSomeone(f)) {
    if (open) await OpenCase.deleteOne({ _id: caseId });
    return;
  }
  if (open) await OpenCase.replaceOne({ _id: caseId }, openCaseOf(caseId, f, row));
  // Not inserted: a projection of this case written a moment ago is there already; it stands.
  else await insertOnce(OpenCase, openCaseOf(caseId, f, row));
}

/** The ids of the cases set for a meeting (some may since have moved to another). */
export async function agendaCaseIds({ AgendaEntry }: Pick<Models, 'AgendaEntry'>, date: string): Promise<string[]> {
  const entries = await readLog<{ caseId: string }>(AgendaEntry, date);
  return [...new Set(entries.map((e) => e.caseId))];
}
