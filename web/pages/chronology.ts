// A child's chronology (panel and managers): every contact about the child, newest first,
// from GET /api/v1/people/{personId}/contacts. The pattern across contacts is what the
// panel weighs when a new notification arrives.
import { Router } from 'express';
import { apiClient, PageError } from '../api-client.js';
import type { ChildContacts } from '../../api/schemas/people.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';

const PERSON_ID = /^CH-[0-9A-F]{20}$/;

export function chronologyRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  router.get('/people/:personId/contacts', guard('chronology'), async (req, res) => {
    const personId = String(req.params.personId);
    if (!PERSON_ID.test(personId)) throw new PageError(404);
    const api = apiClient(auth, req, res);
    const chronology = await api.get<ChildContacts>(`/people/${personId}/contacts`);
    // The child's name and date of birth as the front door first knew them, given with the
    // chronology: no case is read (and recorded as consulted) to name them.
    const named = chronology.child;
    const name = [named?.givenName, named?.familyName].filter(Boolean).join(' ');
    const child = name ? { name, dateOfBirth: named?.dateOfBirth ?? undefined } : undefined;
    renderPage(views, cfg, req, res, 'chronology.njk', {
      pageTitle: child ? `Chronology of ${child.name}` : 'Chronology',
      child,
      items: chronology.items,
    });
  });

  return router;
}
