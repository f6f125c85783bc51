// The daily PIT Stop agenda: the contacts going to a meeting.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentAgenda } from '../presenters/work.js';
import { meetingAgenda } from '../queries/work.js';
import { agendaQuery } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function agendaRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('agenda.read'), async (req, res) => {
    const q = parse(agendaQuery, req.query, 'query');
    const agenda = await meetingAgenda(ctx, q.date);
    await audit(ctx.models, callerOf(req, res), { action: 'agenda.read' });
    res.json(presentAgenda(agenda.date, agenda.meetingTime, agenda.cases));
  });
  return router;
}
