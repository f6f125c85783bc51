// The work queues: managers' (awaiting authorisation, awaiting acceptance, breached), a
// lead agency's own allocations awaiting its acceptance, and a practitioner's requests
// for their agency's information.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { authorize, informationRequestScope, queueScope } from '../policies.js';
import { presentInformationRequests, presentQueue } from '../presenters/work.js';
import { childrenNamed } from '../queries/family.js';
import { openInformationRequests, workQueueCount, workQueuePage } from '../queries/work.js';
import { queueCountsQuery, queueNames, queueParams, queueQuery, type QueueName } from '../schemas/requests.js';
import type { QueueCounts } from '../schemas/work.js';
import type { Principal } from '../auth/roles.js';
import { parse } from '../validate.js';
import { localDate } from '../../shared/working-time.js';

export function queueRoutes(ctx: ApiContext): Router {
  const router = Router();

  // Before '/:queue': a queue of its own, for another role.
  router.get('/information_requests', allow('queue.information_requests.read'), async (req, res) => {
    const caller = callerOf(req, res);
    const open = await openInformationRequests(ctx.store, informationRequestScope(caller.principal));
    const cases = open.map((o) => o.contact);
    const [, childrenOf] = await Promise.all([
      audit(ctx.store, caller, { action: 'queue.information_requests.read', caseIds: cases.map((c) => c._id) }),
      childrenNamed(ctx.store, cases),
    ]);
    res.json(presentInformationRequests(caller.principal, open, childrenOf));
  });

  // How many cases each queue holds, for a page's tabs: no case is shown, so none is
  // recorded as consulted (one entry says the counts were read).
  router.get('/', allow('queue.read'), async (req, res) => {
    const { queues = queueNames } = parse(queueCountsQuery, req.query, 'query');
    const caller = callerOf(req, res);
    const today = localDate(Date.now(), ctx.policy.calendar.timeZone);
    // All at once: the queues share one read of the working set (shared/db/case-rows.ts).
    const open = queues.filter((queue) => mayOpen(caller.principal, queue));
    const sizes = await Promise.all(open.map(async (queue) => workQueueCount(ctx.store, queue, queueScope(caller.principal), today)));
    const counts: QueueCounts['counts'] = Object.fromEntries(open.map((queue, i) => [queue, sizes[i]]));
    await audit(ctx.store, caller, { action: 'queue.counts.read' });
    res.json({ counts } satisfies QueueCounts);
  });

  router.get('/:queue', allow('queue.read'), async (req, res) => {
    const { queue } = parse(queueParams, req.params, 'params');
    const q = parse(queueQuery, req.query, 'query');
    const caller = callerOf(req, res);
    authorize(caller.principal, 'queue.read', { queue });
    const today = localDate(Date.now(), ctx.policy.calendar.timeZone);
    const { cases, page } = await workQueuePage(ctx.store, queue, queueScope(caller.principal), q, today, ctx.policy.calendar);
    // Only the page's cases are shown, so only they are recorded as consulted.
    const [, childrenOf] = await Promise.all([audit(ctx.store, caller, { action: 'queue.read', caseIds: cases.map((c) => c._id) }), childrenNamed(ctx.store, cases)]);
    res.json(presentQueue(caller.principal, queue, cases, page, childrenOf));
  });
  return router;
}

/** Whether the principal may open this queue (the policy's answer, without the refusal). */
function mayOpen(p: Principal, queue: QueueName): boolean {
  try {
    authorize(p, 'queue.read', { queue });
    return true;
  } catch {
    return false;
  }
}
