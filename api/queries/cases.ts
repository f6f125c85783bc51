// Reading cases: the managers' search, one case (including one still being received),
// its timeline and what partners shared. Reads only: who may see what is decided in
// api/policies.ts, and the routes record each consultation in the audit trail.
import type { Client } from '@temporalio/client';
import { MAX_PERIOD_MONTHS, monthsOfPeriod, type CaseRow, type Store } from '../../shared/db/store.js';
import { isCaseId, workflowIdFor } from '../../shared/ids.js';
import { problems } from '../errors.js';
import type { CaseListQuery } from '../schemas/requests.js';
import type { ContactRecord, PartnerInformationRecord, TimelineRecord } from './records.js';

const searchFields = ['stage', 'rating', 'breached', 'incidentType', 'postcodeDistrict', 'leadAgency'] as const;

/** Without `receivedFrom`, the list is of contacts received in the 90 days up to `receivedTo` (or now). */
export const DEFAULT_LIST_DAYS = 90;
const DAY = 24 * 3600_000;

/**
 * The managers' search: contacts received in a period that match every filter given, in
 * the order asked (ties by case id), a page of them with how many match. It filters the
 * period's rows (shared/db/case-rows.ts), never every contact kept, so a search costs what
 * its period holds; then it reads the page's contacts by `_id`.
 */
export async function listCases(store: Store, q: CaseListQuery): Promise<{ items: ContactRecord[]; total: number; receivedFrom: Date }> {
  const to = q.receivedTo ? new Date(q.receivedTo) : new Date(Date.now() + 1);
  const receivedFrom = q.receivedFrom ? new Date(q.receivedFrom) : new Date(+to - DEFAULT_LIST_DAYS * DAY);
  periodWithinLimit(receivedFrom, to, 'query.receivedFrom');
  const rows = (await store.readCaseRows(receivedFrom, to)).filter((r) => searchFields.every((k) => q[k] === undefined || r[k] === q[k]));
  const field = q.sort.replace('-', '') as 'receivedAt' | 'decisionDueAt';
  const direction = q.sort.startsWith('-') ? -1 : 1;
  // As MongoDB sorts: a case without the field (no deadline yet) before every date.
  const key = (r: CaseRow) => (r[field] ? +r[field]! : -Infinity);
  rows.sort((a, b) => direction * (key(a) - key(b)) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const items = await store.readContacts<ContactRecord>(page.map((r) => r.caseId));
  return { items, total: rows.length, receivedFrom };
}

/** A period the rows can be read for: from before to, and no longer than `MAX_PERIOD_MONTHS`. */
export function periodWithinLimit(from: Date, to: Date, path: string): void {
  if (from >= to) throw problems.badRequest('the period must start before it ends', [{ path, message: 'must be before the end of the period' }]);
  if (monthsOfPeriod(from, to).length > MAX_PERIOD_MONTHS) {
    throw problems.badRequest(`a period may cover at most ${MAX_PERIOD_MONTHS / 12} years`, [{ path, message: `must be within ${MAX_PERIOD_MONTHS / 12} years of the end of the period` }]);
  }
}

/** The case as the database has it; a case still being received exists only in Temporal. */
export async function loadCase(ctx: { store: Store; temporal: Client }, id: string): Promise<ContactRecord> {
  if (!isCaseId(id)) throw problems.notFound(`no case ${id}`);
  const doc = await ctx.store.readContact<ContactRecord>(id);
  if (doc) return doc;
  try {
    const d = await ctx.temporal.workflow.getHandle(workflowIdFor(id)).describe();
    return { _id: id, stage: 'received', receivedAt: d.startTime };
  } catch {
    throw problems.notFound(`no case ${id}`);
  }
}

/** The case's events in order (read by `_id`: shared/db/store-cases.ts). */
export function caseTimeline(store: Store, caseId: string): Promise<TimelineRecord[]> {
  return store.readTimeline<TimelineRecord>(caseId);
}

/**
 * What partners shared on a case, within the caller's scope (`partnerInformationScope`),
 * read by `_id`. A contribution is kept as `${caseId}:${agency}:${seq}` just before the
 * timeline event that records it, and the event names that `seq` (`informationSeq`).
 * Events recorded before it did have the `seq` of the event itself unless another step
 * recorded an event in between (then a little lower): for those the few numbers up to it
 * are tried, and what is found is kept once.
 */
export async function partnerContributions(
  store: Store,
  caseId: string,
  scope: { agency?: string; organisation?: string | null },
): Promise<PartnerInformationRecord[]> {
  const timeline = await caseTimeline(store, caseId);
  const ids = new Set(
    timeline
      .filter((e) => e.type === 'partner_information_received' && typeof e.details?.agency === 'string')
      .filter((e) => scope.agency === undefined || e.details!.agency === scope.agency)
      .flatMap((e) => {
        const named = e.details!.informationSeq;
        const seqs = typeof named === 'number' ? [named] : [0, 1, 2, 3].filter((back) => e.seq - back >= 1).map((back) => e.seq - back);
        return seqs.map((seq) => `${caseId}:${String(e.details!.agency)}:${seq}`);
      }),
  );
  const found = await store.readPartnerInformation<PartnerInformationRecord>([...ids]);
  // An organisation sees its own contributions, not another school's or practice's (null: shared by none).
  const own = (i: PartnerInformationRecord) => scope.organisation === undefined || (i.submittedBy.organisation ?? null) === scope.organisation;
  return found.filter(own).sort((a, b) => +a.submittedAt - +b.submittedAt);
}
