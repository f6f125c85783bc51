// The front door manager's work queues: decisions awaiting authorisation, and open cases
// whose decision deadline was breached. Cards after Hackney's MASH screens.
import { Router, type Request, type Response } from 'express';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import type { CaseSummary } from '../api-types.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../routes.js';

const queuePages = {
  'awaiting-authorisation': { api: 'awaiting_authorisation', title: 'Awaiting authorisation', action: 'Review', empty: 'No decision is waiting for authorisation.' },
  breached: { api: 'breached', title: 'Breached', action: 'Work on', empty: 'No open case has breached its decision deadline.' },
} as const;
type QueuePage = keyof typeof queuePages;

const notices: Record<string, string> = {
  authorised: 'Decision authorised',
  returned: 'Decision returned to the panel',
};

export function queuePageRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  async function show(req: Request, res: Response, name: QueuePage) {
    const api = apiClient(auth, req, res);
    // Both queues are read for their counts, shown as Hackney's stage tabs show them.
    const [authorisation, breached] = await Promise.all([
      api.get<{ items: CaseSummary[] }>('/queues/awaiting_authorisation'),
      api.get<{ items: CaseSummary[] }>('/queues/breached'),
    ]);
    const items = name === 'breached' ? breached.items : authorisation.items;
    const done = typeof req.query.done === 'string' ? notices[req.query.done] : undefined;
    const caseId = typeof req.query.case === 'string' && isCaseId(req.query.case) ? req.query.case : undefined;
    const red = items.filter((i) => i.rating === 'red').length;
    const page = queuePages[name];
    renderPage(views, cfg, req, res, 'queue.njk', {
      pageTitle: page.title,
      heading: page.title,
      items,
      action: page.action,
      empty: page.empty,
      tabs: [
        { href: '/queues/awaiting-authorisation', text: 'Awaiting authorisation', count: authorisation.items.length, current: name === 'awaiting-authorisation' },
        { href: '/queues/breached', text: 'Breached', count: breached.items.length, current: name === 'breached' },
      ],
      notice: done
        ? { type: 'success', title: done, text: caseId ? `Case ${caseId}.` : undefined }
        : red
          ? { title: 'Red contacts', text: `${red} red contact${red === 1 ? '' : 's'} in this queue: police red and amber notifications come first.` }
          : undefined,
    });
  }

  router.get('/queues/awaiting-authorisation', guard('queues'), (req, res) => show(req, res, 'awaiting-authorisation'));
  router.get('/queues/breached', guard('queues'), (req, res) => show(req, res, 'breached'));
  return router;
}
