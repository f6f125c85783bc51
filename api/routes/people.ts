// The people the front door knows across contacts: a child's chronology, an adult's history
// (a perpetrator across families), and a household view.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentChildContacts, presentHousehold } from '../presenters/people.js';
import { household } from '../queries/household.js';
import { personContacts } from '../queries/people.js';
import { personContactsQuery, personParams } from '../schemas/requests.js';
import { parse } from '../validate.js';

export function peopleRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/:personId/contacts', allow('person.contacts.read'), async (req, res) => {
    const { personId } = parse(personParams, req.params, 'params');
    const { caseIds } = parse(personContactsQuery, req.query, 'query');
    // Recorded as a consultation of each contact given, and no more.
    const { kind, person, contacts } = await personContacts(ctx.store, personId, caseIds);
    await audit(ctx.store, callerOf(req, res), { action: 'person.contacts.read', caseIds: contacts.map((c) => c._id), lookedUp: { personId } });
    res.json(presentChildContacts(personId, contacts, person, kind));
  });

  router.get('/:personId/household', allow('person.household.read'), async (req, res) => {
    const { personId } = parse(personParams, req.params, 'params');
    const h = await household(ctx.store, personId);
    // Every contact shown is recorded as consulted, and the person as looked up.
    await audit(ctx.store, callerOf(req, res), { action: 'person.household.read', caseIds: h.contacts.map((c) => c._id), lookedUp: { personId } });
    res.json(presentHousehold(personId, h));
  });
  return router;
}
