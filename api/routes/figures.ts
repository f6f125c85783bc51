// The managers' headline figures (domain.md, "Measures managers ask for").
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentFigures } from '../presenters/work.js';
import { figureCounts } from '../queries/figures.js';
import { figuresQuery } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function figuresRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('figures.read'), async (req, res) => {
    const q = parse(figuresQuery, req.query, 'query');
    const counts = await figureCounts(ctx.store, q);
    await audit(ctx.store, callerOf(req, res), { action: 'figures.read' });
    res.json(presentFigures(counts));
  });
  return router;
}
