// A PIT Stop meeting's minutes (panel, managers, auditors), from GET /api/v1/meetings/{date}:
// the register, start and end, each case on the agenda with the decisions made that day
// or "not reached". Laid out to be printed (web/public/pitstop.css, @media print).
import { Router } from 'express';
import { localDate } from '../../shared/working-time.js';
import { apiClient } from '../api-client.js';
import { mayUse } from '../access.js';
import type { Minutes } from '../api-types.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';

export function minutesRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();

  router.get('/pitstop/minutes', guard('minutes'), async (req, res) => {
    const asked = typeof req.query.date === 'string' ? req.query.date : undefined;
    // A date that is not one goes to the API as it is, and comes back as its 400 page.
    const date = asked ?? localDate(Date.now(), policy.calendar.timeZone);
    const minutes = await apiClient(auth, req, res).get<Minutes>(`/meetings/${encodeURIComponent(date)}`);
    const user = res.locals.session!.user!;
    renderPage(views, cfg, req, res, 'minutes.njk', {
      pageTitle: 'PIT Stop minutes',
      m: minutes,
      // Auditors read the minutes but not the cases' pages.
      linkCases: mayUse(user.role, 'case'),
      linkAgenda: mayUse(user.role, 'pitstop'),
    });
  });

  return router;
}
