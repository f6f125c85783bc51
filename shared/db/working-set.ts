// The working set and the meetings' agendas: what the lists people work from read, so
// that they stay as fast with a million closed contacts kept as with a thousand.
// FerretDB v1 scans a whole collection for any filter but an `_id` equality, so the
// queues filter `open_cases` (one small document per case that still needs someone, a
// few thousand) and an agenda reads its meeting's keyed log of case ids by `_id`. Both are
// written by the case's own projection (recordCaseEvent), one activity at a time per
// case, so each open document has one writer; the agenda logs, which many cases append
// to, are insert-only. The contact stays the truth: readers read each case found by
// `_id` and check it, so a document a moment behind its contact shows nothing wrong.
import { appendClosedRow } from './case-rows.js';
import { recordAnnexACase } from './store-annex-a.js';
import { readLogAgain } from './keyed-log.js';
import { appendToLogOnce } from './log-appends.js';
import { insertOnce, readById, type Models } from './models.js';
import { workingSetOf, type ContactRowFields, type ProjectedFields } from './projector.js';

export { caseRowOf, contactRowFields, needsSomeone, openCaseOf, type ProjectedFields } from './projector.js';

type Sets = Pick<Models, 'OpenCase' | 'AgendaEntry' | 'ClosedCaseRow' | 'AnnexACase' | 'AnnexACorrection' | 'AnnexAMonth' | 'AnnexAErased' | 'Contact' | 'Notification' | 'ReferralForm' | 'Referral' | 'PersonHistoryEntry' | 'PersonRectification'>;

/**
 * After a projection of the case onto its contact: its open document replaced (or
 * removed once nobody needs it), a closed case's row kept for good (before its open
 * document goes, so the case is never in neither), and the case put on its meeting's
 * agenda (and, at closure, its Annex A document). An older projection retried late never replaces a newer one. `contact`: the
 * contact's fields a row takes from intake (`contactRowFields`), as the projection has
 * them.
 *
 * The open document is read by `_id` and written by `_id`: FerretDB scans the whole
 * collection for a filter of `_id` and more that matches nothing (each new case's first
 * write). Safe, as the document has one writer, the case's own projections, one at a time.
 * `firstProjection`: written with the contact this moment inserted, so nothing of the
 * case is in the working set yet and nothing is read first (two reads fewer at intake).
 * `newerThanContact`: the contact held an older projection than this one when read, so
 * the open document, written after the contact, does too: it is replaced (or removed)
 * without being read. The agenda's log and the open document are written at once.
 */
export async function recordInWorkingSet(
  models: Sets,
  caseId: string,
  f: ProjectedFields,
  contact: ContactRowFields,
  firstProjection = false,
  newerThanContact = false,
): Promise<void> {
  const { OpenCase, AgendaEntry } = models;
  // What the case puts in each read model: the projector's, as the rebuild derives it.
  const derived = workingSetOf(caseId, f, contact);
  const agenda = async () => {
    await Promise.all(derived.agendaDates.map((date) => appendToLogOnce(AgendaEntry, date, caseId, { caseId }, firstProjection)));
  };
  const openDocument = async () => {
    // The closed row before the open document goes, so the case is never in neither.
    const [open] = await Promise.all([
      firstProjection || newerThanContact ? null : readById<{ projectionSeq: number }>(OpenCase, caseId, { projectionSeq: 1 }),
      derived.closedRow ? appendClosedRow(models, derived.closedRow) : undefined,
      // What Annex A's lists read of it, final at closure (store-annex-a.ts).
      derived.closedRow ? recordAnnexACase(models, caseId, f.status, derived.closedRow) : undefined,
    ]);
    if (open && open.projectionSeq >= f.projectionSeq) return;
    if (!derived.open) {
      if (open || newerThanContact) await OpenCase.deleteOne({ _id: caseId });
      return;
    }
    if (open) await OpenCase.replaceOne({ _id: caseId }, derived.open);
    else if (newerThanContact) await OpenCase.replaceOne({ _id: caseId }, derived.open, { upsert: true });
    // Not inserted: a projection of this case written a moment ago is there already; it stands.
    else await insertOnce(OpenCase, derived.open);
  };
  await Promise.all([agenda(), openDocument()]);
}

/** The ids of the cases set for a meeting (some may since have moved to another). */
export async function agendaCaseIds({ AgendaEntry }: Pick<Models, 'AgendaEntry'>, date: string): Promise<string[]> {
  // An agenda is read again and again while its meeting runs: only its newest slots each time.
  const entries = await readLogAgain<{ caseId: string }>(AgendaEntry, date);
  return [...new Set(entries.map((e) => e.caseId))];
}
