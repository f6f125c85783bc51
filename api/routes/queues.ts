// The work queues: managers' (awaiting authorisation, awaiting acceptance, breached) and
// a lead agency's own allocations awaiting its acceptance.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { authorize, queueScope } from '../policies.js';
import { presentQueue } from '../presenters/work.js';
import { workQueue } from '../queries/work.js';
import { queueParams } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function queueRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/:queue', allow('queue.read'), async (req, res) => {
    const { queue } = parse(queueParams, req.params, 'params');
    const caller = callerOf(req, res);
    authorize(caller.principal, 'queue.read', { queue });
    const cases = await workQueue(ctx.models, queue, queueScope(caller.principal));
    await audit(ctx.models, caller, { action: 'queue.read' });
    res.json(presentQueue(queue, cases));
  });
  return router;
}
