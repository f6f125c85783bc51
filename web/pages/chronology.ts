// A child's chronology and an adult's history (panel and managers): every contact naming
// them, newest first, from GET /api/v1/people/{personId}/contacts; and a household, the
// family's contacts, open cases and decisions together (GET /api/v1/people/{personId}/household).
// The pattern across contacts is what the panel weighs when a new notification arrives.
import { Router } from 'express';
import { apiClient, PageError } from '../api-client.js';
import type { ChildContacts, Household } from '../../api/schemas/people.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';
import { mayUse } from '../access.js';

const PERSON_ID = /^(CH|AD)-[0-9A-F]{20}$/;

/** Banners after a correction of who is who, chosen by a fixed key: nothing from the URL is shown. */
const doneNotices: Record<string, { title: string; text: string }> = {
  merged: { title: 'Records merged', text: 'The two records are read as one person from now on: their contacts together, here and in the household.' },
  separated: { title: 'Records separated', text: 'The records merged by mistake are separate people again, each with their own contacts.' },
  split: { title: 'Contacts split away', text: 'The contacts chosen are this new person\'s now, and no longer on the chronology of the person they were split from.' },
};

const nameOf = (p?: { givenName?: string | null; familyName?: string | null } | null) => [p?.givenName, p?.familyName].filter(Boolean).join(' ');

export function chronologyRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  router.get('/people/:personId/contacts', guard('chronology'), async (req, res) => {
    const personId = String(req.params.personId);
    if (!PERSON_ID.test(personId)) throw new PageError(404);
    const api = apiClient(auth, req, res);
    const chronology = await api.get<ChildContacts>(`/people/${personId}/contacts`);
    // The person's name and date of birth as the front door first knew them, given with the
    // chronology: no case is read (and recorded as consulted) to name them.
    const named = chronology.kind === 'adult' ? chronology.adult : chronology.child;
    const name = nameOf(named);
    const person = name ? { name, dateOfBirth: named?.dateOfBirth ?? undefined } : undefined;
    renderPage(views, cfg, req, res, 'chronology.njk', {
      pageTitle: person ? `${chronology.kind === 'adult' ? 'History' : 'Chronology'} of ${person.name}` : 'Chronology',
      kind: chronology.kind,
      personId,
      child: person,
      items: chronology.items,
      // Managers: the person's rights (a subject access export, the disclosures about them).
      mayExport: mayUse(res.locals.session!.user!.role, 'subjectAccess'),
      // Managers: who is who corrected (web/pages/person-links.ts).
      mayMerge: mayUse(res.locals.session!.user!.role, 'mergePeople'),
      maySplit: mayUse(res.locals.session!.user!.role, 'splitPerson') && chronology.items.length > 0,
      notice: typeof req.query.done === 'string' && doneNotices[req.query.done] ? { type: 'success', ...doneNotices[req.query.done] } : undefined,
    });
  });

  router.get('/people/:personId/household', guard('household'), async (req, res) => {
    const personId = String(req.params.personId);
    if (!PERSON_ID.test(personId)) throw new PageError(404);
    const h = await apiClient(auth, req, res).get<Household>(`/people/${personId}/household`);
    const names = new Map(h.people.map((p) => [p.personId, nameOf(p) || 'Name not known'] as const));
    const self = h.people.find((p) => p.link === 'self');
    renderPage(views, cfg, req, res, 'household.njk', {
      pageTitle: `Household of ${names.get(personId) ?? 'a person'}`,
      name: names.get(personId),
      self,
      children: h.people.filter((p) => p.kind === 'child').map((p) => ({ ...p, name: names.get(p.personId), through: p.sharedAdults.map((a) => names.get(a) ?? a).join(', ') })),
      adults: h.people.filter((p) => p.kind === 'adult').map((p) => ({ ...p, name: names.get(p.personId) })),
      open: h.contacts.filter((c) => c.open),
      contacts: h.contacts.map((c) => ({ ...c, names: c.childPersonIds.map((id) => names.get(id)).filter(Boolean).join(', ') })),
      truncated: h.truncated,
    });
  });

  return router;
}
