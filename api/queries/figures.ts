// The managers' headline figures over contacts received in a period. Aggregations use
// only $match and $group, which FerretDB and MongoDB both support.
import type { Models } from '../../shared/db/models.js';
import { problems } from '../errors.js';

const DAY = 24 * 3600_000;

/** Contacts counted by one field's value (an outcome, a flag, a rating, an agency). */
export type CountsBy = Map<string | boolean | null, number>;

export interface FigureCounts {
  from: Date;
  to: Date;
  /** Contacts received in the period, by outcome, re-contact, breach and statutory miss. */
  byOutcome: CountsBy;
  byRecontact: CountsBy;
  byBreached: CountsBy;
  byStatutoryMiss: CountsBy;
  /** Open now, whenever received. */
  openByRating: CountsBy;
  awaitingAcceptanceByLeadAgency: CountsBy;
  /** Contacts received in the period by CIN census source (police 6, school 2A, anonymous 9...). */
  bySource: CountsBy;
}

/** The period defaults to the 30 days up to now. */
export async function figureCounts(models: Models, period: { from?: string; to?: string }): Promise<FigureCounts> {
  const to = period.to ? new Date(period.to) : new Date();
  const from = period.from ? new Date(period.from) : new Date(+to - 30 * DAY);
  if (from >= to) throw problems.badRequest('from must be before to', [{ path: 'query.from', message: 'must be before to' }]);
  const inPeriod = { receivedAt: { $gte: from, $lt: to } };
  const countBy = async (match: Record<string, unknown>, field: string): Promise<CountsBy> => {
    const rows = await models.Contact.aggregate<{ _id: string | boolean | null; n: number }>([
      { $match: match },
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
    ]);
    return new Map(rows.map((r) => [r._id, r.n]));
  };
  const [byOutcome, byRecontact, byBreached, byStatutoryMiss, openByRating, awaitingAcceptanceByLeadAgency, bySource] = await Promise.all([
    countBy(inPeriod, 'outcome'),
    countBy(inPeriod, 'recontact'),
    countBy(inPeriod, 'breached'),
    countBy(inPeriod, 'statutoryDeadlineMissed'),
    countBy({ stage: { $ne: 'closed' } }, 'rating'),
    countBy({ stage: 'awaiting_allocation' }, 'leadAgency'),
    countBy(inPeriod, 'source'),
  ]);
  return { from, to, byOutcome, byRecontact, byBreached, byStatutoryMiss, openByRating, awaitingAcceptanceByLeadAgency, bySource };
}
