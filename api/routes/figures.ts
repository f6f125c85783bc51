// The managers' headline figures (domain.md, "Measures managers ask for"), over contacts
// received in a period. Aggregations use only $match and $group, which FerretDB and
// MongoDB both support.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { problems } from '../errors.js';
import { presentFigures, type CountsBy } from '../presenters/work.js';
import { figuresQuery } from '../schemas/requests.js';
import { parse } from '../validate.js';


const DAY = 24 * 3600_000;

export function figuresRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('figures.read'), async (req, res) => {
    const q = parse(figuresQuery, req.query, 'query');
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(+to - 30 * DAY);
    if (from >= to) throw problems.badRequest('from must be before to', [{ path: 'query.from', message: 'must be before to' }]);
    const inPeriod = { receivedAt: { $gte: from, $lt: to } };
    const { Contact } = ctx.models;
    const countBy = async (match: Record<string, unknown>, field: string): Promise<CountsBy> => {
      const rows = await Contact.aggregate<{ _id: string | boolean | null; n: number }>([
        { $match: match },
        { $group: { _id: `$${field}`, n: { $sum: 1 } } },
      ]);
      return new Map(rows.map((r) => [r._id, r.n]));
    };
    const [byOutcome, byRecontact, byBreached, byStatutory, openByRating, openByLead] = await Promise.all([
      countBy(inPeriod, 'outcome'),
      countBy(inPeriod, 'recontact'),
      countBy(inPeriod, 'breached'),
      countBy(inPeriod, 'statutoryDeadlineMissed'),
      countBy({ stage: { $ne: 'closed' } }, 'rating'),
      countBy({ stage: 'awaiting_allocation' }, 'leadAgency'),
    ]);
    await audit(ctx.models, req, res, { action: 'figures.read' });
    res.json(
      presentFigures({
        from, to, byOutcome, byRecontact, byBreached, byStatutoryMiss: byStatutory, openByRating, awaitingAcceptanceByLeadAgency: openByLead,
      }),
    );
  });
  return router;
}
