// The daily PIT Stop agenda, the managers' work queues and the audit log.
import { Router } from 'express';
import { localDate } from '../../shared/working-time.js';
import { z } from '../../shared/schemas/zod.js';
import { allow } from '../auth/middleware.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { authorize, queueScope } from '../policies.js';
import { presentCaseSummary } from '../presenters.js';
import { parse } from '../validate.js';

type ContactDoc = Parameters<typeof presentCaseSummary>[0];
const ratingOrder: Record<string, number> = { red: 0, amber: 1, green: 2 };

export const agendaQuerySchema = z.object({ date: z.string().date().optional() });

export function agendaRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('agenda.read'), async (req, res) => {
    const q = parse(agendaQuerySchema, req.query, 'query');
    const date = q.date ?? localDate(Date.now(), ctx.policy.calendar.timeZone);
    const docs = await ctx.models.Contact.find({ meetingDate: date }).lean<ContactDoc[]>();
    // Red first (triaged at once), then the nearest deadline.
    docs.sort(
      (a, b) =>
        (ratingOrder[a.rating ?? ''] ?? 9) - (ratingOrder[b.rating ?? ''] ?? 9) ||
        +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) ||
        a._id.localeCompare(b._id),
    );
    await audit(ctx.models, req, res, { action: 'agenda.read' });
    res.json({ date, meetingTime: ctx.policy.meetingTime, items: docs.map(presentCaseSummary) });
  });
  return router;
}

export const queues = {
  awaiting_authorisation: { stage: 'awaiting_authorisation' },
  awaiting_acceptance: { stage: 'awaiting_allocation' },
  breached: { breached: true, stage: { $ne: 'closed' } },
} as const;

export function queueRoutes(ctx: ApiContext): Router {
  const router = Router();
  const params = z.object({ queue: z.enum(Object.keys(queues) as [keyof typeof queues]) });
  router.get('/:queue', allow('queue.read'), async (req, res) => {
    const { queue } = parse(params, req.params, 'params');
    const p = res.locals.principal!;
    authorize(p, 'queue.read', { queue });
    const filter = { ...queues[queue], ...queueScope(p) };
    const docs = await ctx.models.Contact.find(filter).sort({ decisionDueAt: 1, _id: 1 }).limit(500).lean<ContactDoc[]>();
    await audit(ctx.models, req, res, { action: 'queue.read' });
    res.json({ queue, items: docs.map(presentCaseSummary) });
  });
  return router;
}

export const auditQuerySchema = z.object({
  caseId: z.string().optional(),
  userId: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function auditRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('audit.read'), async (req, res) => {
    const q = parse(auditQuerySchema, req.query, 'query');
    const filter: Record<string, unknown> = {};
    if (q.caseId) filter.caseId = q.caseId;
    if (q.userId) filter['actor.id'] = q.userId;
    const items = await ctx.models.Audit.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean();
    await audit(ctx.models, req, res, { action: 'audit.read' });
    res.json({
      items: items.map((e) => ({ at: e.at.toISOString(), actor: e.actor, action: e.action, caseId: e.caseId, resource: e.resource, reason: e.reason, requestId: e.requestId, outcome: e.outcome })),
      page: q.page,
      pageSize: q.pageSize,
    });
  });
  return router;
}
