// The daily PIT Stop agenda: the contacts going to a meeting.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { agendaShows } from '../policies.js';
import { presentAgenda } from '../presenters/work.js';
import { childrenNamed, linkedContacts, linkedGroups, togetherInOrder } from '../queries/family.js';
import { themesTouching } from '../queries/themes.js';
import { meetingAgenda } from '../queries/work.js';
import { agendaQuery } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function agendaRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', allow('agenda.read'), async (req, res) => {
    const q = parse(agendaQuery, req.query, 'query');
    const caller = callerOf(req, res);
    const agenda = await meetingAgenda(ctx, q.date);
    // A partner practitioner sees the meeting's cases within their organisation's need to know.
    // Contacts about a same child received close together are linked and taken together.
    const visible = agenda.cases.filter((c) => agendaShows(caller.principal, c, ctx.policy));
    const linked = linkedContacts(visible, ctx.policy.linkedContactWindowHours);
    const shown = togetherInOrder(visible, linked);
    // Each case shown recorded as consulted while its themes and children are read: written before the answer.
    const [, themes, childrenOf] = await Promise.all([
      audit(ctx.store, caller, { action: 'agenda.read', caseIds: shown.map((c) => c._id) }),
      themesTouching(ctx, shown),
      childrenNamed(ctx.store, shown),
    ]);
    const answer = presentAgenda(caller.principal, { ...agenda, cases: shown }, themes, childrenOf, linked);
    // Where the links are shown (not to partners), each linked case names its group's first.
    const groups = linkedGroups(shown, linked);
    res.json({ ...answer, items: answer.items.map((i) => ('linkedContacts' in i && groups.has(i.caseId) ? { ...i, linkedGroup: groups.get(i.caseId) } : i)) });
  });
  return router;
}
