// The managers' headline figures (domain.md, "Measures managers ask for"), over contacts
// received in a period. Aggregations use only $match and $group, which FerretDB and
// MongoDB both support.
import { Router } from 'express';
import { referralOutcomes } from '../../shared/case/rules.js';
import { agencies, ragRatings, triageOutcomes } from '../../shared/codes.js';
import { z } from '../../shared/schemas/zod.js';
import { allow } from '../auth/middleware.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { problems } from '../errors.js';
import { parse } from '../validate.js';

export const figuresQuerySchema = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

const DAY = 24 * 3600_000;
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export function figuresRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('figures.read'), async (req, res) => {
    const q = parse(figuresQuerySchema, req.query, 'query');
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(+to - 30 * DAY);
    if (from >= to) throw problems.badRequest('from must be before to', [{ path: 'query.from', message: 'must be before to' }]);
    const inPeriod = { receivedAt: { $gte: from, $lt: to } };
    const { Contact } = ctx.models;
    const countBy = async (match: Record<string, unknown>, field: string) => {
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
    const contacts = [...byRecontact.values()].reduce((a, b) => a + b, 0);
    const outcomes = Object.fromEntries(triageOutcomes.map((o) => [o, byOutcome.get(o) ?? 0]));
    const decided = Object.values(outcomes).reduce((a, b) => a + b, 0);
    const referrals = referralOutcomes.reduce((a, o) => a + outcomes[o], 0);
    const breached = byBreached.get(true) ?? 0;
    await audit(ctx.models, req, res, { action: 'figures.read' });
    res.json({
      period: { from: from.toISOString(), to: to.toISOString() },
      contacts,
      decided,
      byOutcome: outcomes,
      // The PIT Stop's headline: about 70% before, about 30% after.
      noFurtherActionShare: share(outcomes.no_further_action, decided),
      referralConversion: share(referrals, decided),
      earlyHelpShare: share(outcomes.early_help + outcomes.targeted_family_support, decided),
      recontactShare: share(byRecontact.get(true) ?? 0, contacts),
      breached,
      breachedShare: share(breached, contacts),
      statutoryDeadlineMissed: byStatutory.get(true) ?? 0,
      openBacklogByRating: Object.fromEntries(ragRatings.map((r) => [r, openByRating.get(r) ?? 0])),
      awaitingAcceptanceByLeadAgency: Object.fromEntries(agencies.map((a) => [a, openByLead.get(a) ?? 0])),
    });
  });
  return router;
}
