// Themes and hotspots by locality (issue: what the front door learns).
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { localityThemes } from '../queries/themes.js';
import { themesQuery, type Themes } from '../schemas/themes.js';
import { parse } from '../validate.js';

export function themesRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('themes.read'), async (req, res) => {
    const q = parse(themesQuery, req.query, 'query');
    const read = await localityThemes(ctx, q);
    await audit(ctx.store, callerOf(req, res), { action: 'themes.read' });
    const body: Themes = { ...read, localities: [...read.localities] };
    res.json(body);
  });
  return router;
}
