// The managers' headline figures over contacts received in a period.
import type { CaseRow, Store } from '../../shared/db/store.js';
import { periodWithinLimit } from './cases.js';

const DAY = 24 * 3600_000;

/** Contacts counted by one field's value (an outcome, a flag, a rating, an agency). */
export type CountsBy = Map<string | boolean | null, number>;

export interface FigureCounts {
  from: Date;
  to: Date;
  /** Contacts received in the period, by outcome, re-contact, breach and statutory miss. */
  byOutcome: CountsBy;
  /** One family, each child: each child decided counted by their own outcome (a decision recorded before, once by the family's). */
  byChildOutcome: CountsBy;
  byRecontact: CountsBy;
  byBreached: CountsBy;
  byStatutoryMiss: CountsBy;
  /** Open now, whenever received. */
  openByRating: CountsBy;
  awaitingAcceptanceByLeadAgency: CountsBy;
  /** Contacts received in the period by CIN census source (police 6, school 2A, anonymous 9...). */
  bySource: CountsBy;
}

/** Each child's outcome (one family, each child); a row without them counts once by its outcome. */
export function childOutcomesOf(r: Pick<CaseRow, 'outcome' | 'childOutcomes'>): string[] {
  return r.childOutcomes?.length ? r.childOutcomes : r.outcome ? [r.outcome] : [];
}

function countByChild(rows: CaseRow[]): CountsBy {
  const counts: CountsBy = new Map();
  for (const o of rows.flatMap(childOutcomesOf)) counts.set(o, (counts.get(o) ?? 0) + 1);
  return counts;
}

/**
 * The period defaults to the 30 days up to now. Counted over the period's rows
 * (shared/db/case-rows.ts) and the open cases', so a month's figures cost a month's rows
 * however many years are kept.
 */
export async function figureCounts(store: Store, period: { from?: string; to?: string }): Promise<FigureCounts> {
  const to = period.to ? new Date(period.to) : new Date();
  const from = period.from ? new Date(period.from) : new Date(+to - 30 * DAY);
  periodWithinLimit(from, to, 'query.from');
  const open = await store.readOpenRows();
  const received = await store.readCaseRows(from, to, open);
  // As a $group would: a row without the field counts under null.
  const countBy = (rows: CaseRow[], field: keyof CaseRow): CountsBy => {
    const counts: CountsBy = new Map();
    for (const r of rows) {
      const value = (r[field] ?? null) as string | boolean | null;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    return counts;
  };
  return {
    from,
    to,
    byOutcome: countBy(received, 'outcome'),
    byChildOutcome: countByChild(received),
    byRecontact: countBy(received, 'recontact'),
    byBreached: countBy(received, 'breached'),
    byStatutoryMiss: countBy(received, 'statutoryDeadlineMissed'),
    openByRating: countBy(open.filter((r) => r.stage !== 'closed'), 'rating'),
    awaitingAcceptanceByLeadAgency: countBy(open.filter((r) => r.stage === 'awaiting_allocation'), 'leadAgency'),
    bySource: countBy(received, 'source'),
  };
}
