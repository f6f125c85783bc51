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
import { mergePeople, splitPerson } from '../commands/person-links.js';
import { mergeRequest, splitRequest } from '../schemas/rights.js';

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
  // A manager corrects who is who; audited in the trail of every case of the people concerned.
  router.post('/:personId/merge', allow('person.merge'), async (req, res) => {
    const { personId } = parse(personParams, req.params, 'params');
    const { mergeWith, reason } = parse(mergeRequest, req.body);
    const caller = callerOf(req, res);
    const merged = await mergePeople(ctx.store, actorOf(caller.principal), personId, mergeWith, reason);
    await audit(ctx.store, caller, { action: 'person.merge', caseIds: merged.caseIds, reason, outcome: 201, lookedUp: { personId } });
    res.status(201).json(merged);
  });

  router.post('/:personId/split', allow('person.split'), async (req, res) => {
    const { personId } = parse(personParams, req.params, 'params');
    const { caseIds, reason } = parse(splitRequest, req.body);
    const caller = callerOf(req, res);
    const split = await splitPerson(ctx.store, actorOf(caller.principal), personId, caseIds, reason);
    await audit(ctx.store, caller, { action: 'person.split', caseIds: split.caseIds, reason, outcome: 201, lookedUp: { personId } });
    res.status(201).json(split);
  });
  return router;
}

const actorOf = (p: { id: string; name: string; role: string; agency: string }) => ({ id: p.id, name: p.name, role: p.role, agency: p.agency });
