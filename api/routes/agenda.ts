// The daily PIT Stop agenda, the managers' work queues and the audit log.
import { Router } from 'express';
import { localDate } from '../../shared/working-time.js';
import { allow } from '../auth/middleware.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { authorize, queueScope } from '../policies.js';
import { presentAgenda, presentAuditPage, presentQueue } from '../presenters/work.js';
import type { AuditRecord, ContactRecord } from '../queries/records.js';
import { agendaQuery, auditQuery, queueParams, type QueueName } from '../schemas/requests.js';
import { parse } from '../validate.js';

const ratingOrder: Record<string, number> = { red: 0, amber: 1, green: 2 };

export function agendaRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('agenda.read'), async (req, res) => {
    const q = parse(agendaQuery, req.query, 'query');
    const date = q.date ?? localDate(Date.now(), ctx.policy.calendar.timeZone);
    const docs = await ctx.models.Contact.find({ meetingDate: date }).lean<ContactRecord[]>();
    // Red first (triaged at once), then the nearest deadline.
    docs.sort(
      (a, b) =>
        (ratingOrder[a.rating ?? ''] ?? 9) - (ratingOrder[b.rating ?? ''] ?? 9) ||
        +(a.decisionDueAt ?? 0) - +(b.decisionDueAt ?? 0) ||
        a._id.localeCompare(b._id),
    );
    await audit(ctx.models, req, res, { action: 'agenda.read' });
    res.json(presentAgenda(date, ctx.policy.meetingTime, docs));
  });
  return router;
}

const queues: Record<QueueName, Record<string, unknown>> = {
  awaiting_authorisation: { stage: 'awaiting_authorisation' },
  awaiting_acceptance: { stage: 'awaiting_allocation' },
  breached: { breached: true, stage: { $ne: 'closed' } },
};

export function queueRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/:queue', allow('queue.read'), async (req, res) => {
    const { queue } = parse(queueParams, req.params, 'params');
    const p = res.locals.principal!;
    authorize(p, 'queue.read', { queue });
    const filter = { ...queues[queue], ...queueScope(p) };
    const docs = await ctx.models.Contact.find(filter).sort({ decisionDueAt: 1, _id: 1 }).limit(500).lean<ContactRecord[]>();
    await audit(ctx.models, req, res, { action: 'queue.read' });
    res.json(presentQueue(queue, docs));
  });
  return router;
}

export function auditRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('audit.read'), async (req, res) => {
    const q = parse(auditQuery, req.query, 'query');
    const filter: Record<string, unknown> = {};
    if (q.caseId) filter.caseId = q.caseId;
    if (q.userId) filter['actor.id'] = q.userId;
    const items = await ctx.models.Audit.find(filter).sort({ at: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<AuditRecord[]>();
    await audit(ctx.models, req, res, { action: 'audit.read' });
    res.json(presentAuditPage(items, { page: q.page, pageSize: q.pageSize }));
  });
  return router;
}
