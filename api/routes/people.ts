// The people the front door knows across contacts: a child's chronology.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentChildContacts } from '../presenters/people.js';
import { childContacts } from '../queries/people.js';
import { personContactsQuery, personParams } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function peopleRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/:personId/contacts', allow('person.contacts.read'), async (req, res) => {
    const { personId } = parse(personParams, req.params, 'params');
    const { caseIds } = parse(personContactsQuery, req.query, 'query');
    // Recorded as a consultation of each contact given, and no more.
    const { child, contacts } = await childContacts(ctx.store, personId, caseIds);
    await audit(ctx.store, callerOf(req, res), { action: 'person.contacts.read', caseIds: contacts.map((c) => c._id), lookedUp: { personId } });
    res.json(presentChildContacts(personId, contacts, child));
  });
  return router;
}
